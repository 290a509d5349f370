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
public record TrustFileLine(Path file, int number, String text) {

    /** Far above any real trust file (a million devices at about 100 bytes a line). */
    public static final long MAX_FILE_BYTES = 128L * 1024 * 1024;

    /**
     * @param lineForm what a line of this file looks like, quoted in errors, such as
     *                 {@code '<device-id> <key-type> <base64-key> [comment]'}
     * @throws IOException naming the file when it is missing, unreadable, larger than
     *     {@link #MAX_FILE_BYTES} or not UTF-8 text
     */
    public static List<TrustFileLine> read(Path file, String lineForm) throws IOException {
        return read(file, MAX_FILE_BYTES, lineForm);
    }

    /** As {@link #read(Path, String)}, for a file of at most {@code maxBytes}. */
    public static List<TrustFileLine> read(Path file, long maxBytes, String lineForm) throws IOException {
        return parse(file, TextFiles.read(file, maxBytes), lineForm);
    }

    /** The meaningful lines of {@code text}, already read from {@code file}, checked as {@link #read} checks them. */
    public static List<TrustFileLine> parse(Path file, String text, String lineForm) throws IOException {
        List<String> lines = text.lines().toList();
        List<TrustFileLine> meaningful = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String stripped = lines.get(i).strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                TrustFileLine line = new TrustFileLine(file, i + 1, stripped);
                line.refuseKeyBlock(lineForm);
                meaningful.add(line);
            }
        }
        return meaningful;
    }

    /** An exception saying what is wrong with this line. */
    public IOException error(String what) {
        return new IOException(file + ":" + number + ": " + what);
    }

    /** The same, keeping the cause (e.g. the key parser's exception). */
    public IOException error(String what, Throwable cause) {
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
