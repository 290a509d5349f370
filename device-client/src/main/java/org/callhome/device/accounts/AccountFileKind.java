package org.callhome.device.accounts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.PemOrKeyLines;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509TrustFile;

/**
 * Which kind of file an {@code --account NAME:ROLE:FILE} names, told by its content: PEM blocks
 * ({@code -----BEGIN CERTIFICATE-----}, or any other PEM block, which {@link X509TrustFile} then refuses
 * with what to give instead) make it a file of X.509 certificates, CAs' or pinned ones; anything else is
 * an authorized_keys file, as sshd reads it. A file with both PEM blocks and OpenSSH key lines is
 * refused: one file is one kind, and a key line beside certificates would otherwise be ignored.
 */
enum AccountFileKind {
    /** An authorized_keys file: keys and {@code cert-authority} lines. */
    AUTHORIZED_KEYS,
    /** X.509 certificates in PEM: CA certificates and pinned end-entity certificates. */
    X509;

    private static final List<String> KEY_WORDS = List.of("ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-",
            "cert-authority");

    /**
     * The kind of {@code file}.
     *
     * @throws IOException naming the file when it cannot be read, is too large, or mixes both kinds
     */
    static AccountFileKind of(Path file) throws IOException {
        String text = TextFiles.utf8(file, TextFiles.readBytes(file, X509Authorities.MAX_FILE_BYTES));
        PemOrKeyLines lines = PemOrKeyLines.scan(text, AccountFileKind::isKeyLine);
        if (lines.opensshPrivateKey()) {
            // an authorized_keys file refuses it as a private key given for a public one
            return AUTHORIZED_KEYS;
        }
        if (lines.mixed()) {
            throw new IOException(file + ":" + lines.firstKeyLine() + ": an OpenSSH key line in a file of PEM blocks;"
                    + " an --account file holds either authorized_keys lines or X.509 certificates (PEM), not both");
        }
        return lines.pem() ? X509 : AUTHORIZED_KEYS;
    }

    private static boolean isKeyLine(String line) {
        if (line.startsWith("#")) {
            return false;
        }
        for (String word : line.toLowerCase(Locale.ROOT).split("[\\s,]+")) {
            if (KEY_WORDS.stream().anyMatch(word::startsWith)) {
                return true;
            }
        }
        return false;
    }
}
