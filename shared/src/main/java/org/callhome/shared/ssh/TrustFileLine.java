package org.callhome.shared.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.callhome.shared.io.TextFiles;

/**
 * One meaningful line of an OpenSSH trust file (known_hosts, authorized_keys): its text without
 * surrounding whitespace and its 1-based number, so every error can point at
 * {@code <file>:<line>: <what is wrong>} the way compilers do. Blank lines and {@code #} comments
 * are not returned.
 *
 * <p>A private key, or a public key in PEM or RFC 4716 form, is refused at its first line with what
 * to do instead: handing a key file where a list of public keys belongs is an easy mistake, and
 * the key parser would only call its armour line an unknown key type.
 */
record TrustFileLine(Path file, int number, String text) {

    /** Far above any real trust file (a million devices at about 100 bytes a line). */
    static final long MAX_FILE_BYTES = 128L * 1024 * 1024;

    /**
     * @param lineForm what a line of this file looks like, quoted in errors, such as
     *                 {@code '<device-id> <key-type> <base64-key> [comment]'}
     * @throws IOException naming the file when it is missing, unreadable or not UTF-8 text
     */
    static List<TrustFileLine> read(Path file, String lineForm) throws IOException {
        List<String> lines = TextFiles.readLines(file, MAX_FILE_BYTES);
        List<TrustFileLine> meaningful = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                TrustFileLine line = new TrustFileLine(file, i + 1, text);
                line.refuseKeyBlock(lineForm);
                meaningful.add(line);
            }
        }
        return meaningful;
    }

    /** An exception saying what is wrong with this line. */
    IOException error(String what) {
        return new IOException(file + ":" + number + ": " + what);
    }

    /** The same, keeping the cause (e.g. the key parser's exception). */
    IOException error(String what, Throwable cause) {
        return new IOException(file + ":" + number + ": " + what, cause);
    }

    /** PEM armour ({@code -----BEGIN ...}) or RFC 4716's ({@code ---- BEGIN SSH2 PUBLIC KEY ----}). */
    private void refuseKeyBlock(String lineForm) throws IOException {
        if (!text.startsWith("-----BEGIN") && !text.startsWith("---- BEGIN")) {
            return;
        }
        if (text.contains("PRIVATE KEY")) {
            throw error("this is a private key, but this file lists public keys, one a line: " + lineForm
                    + "; 'ssh-keygen -y -f KEYFILE' prints the public key of a private key");
        }
        throw error("this is a key in PEM or RFC 4716 form, but this file lists OpenSSH public keys, one a line: "
                + lineForm + "; 'ssh-keygen -i -f " + file + "' converts an RFC 4716 key (add -m PKCS8 for PEM)");
    }
}
