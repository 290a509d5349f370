package org.callhome.nms.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.PemOrKeyLines;
import org.callhome.shared.ssh.cert.CertificateAuthorities;
import org.callhome.shared.ssh.x509.trust.X509Authorities;

/**
 * Which kind of CAs a {@code --device-ca FILE} holds, told by its content: PEM certificates
 * ({@code -----BEGIN CERTIFICATE-----}, or any other PEM block, which {@link X509Authorities} then
 * refuses with what to give instead) are X.509 CAs (RFC 6187), and so is binary DER data, which
 * {@link X509Authorities} refuses with how to convert it; OpenSSH key lines are OpenSSH CAs, as
 * {@link CertificateAuthorities} reads them, and so is an OpenSSH private key
 * ({@code -----BEGIN OPENSSH PRIVATE KEY-----}), which {@link CertificateAuthorities} refuses as the
 * CA's private key given for its public key. A file with both PEM blocks and OpenSSH key lines is
 * refused: one file is one kind, and a key line beside certificates would otherwise be ignored.
 */
public final class DeviceCaFile {

    /** The kinds of CA a file may hold. */
    public enum Kind {
        /** OpenSSH CA public keys, one a line. */
        OPENSSH,
        /** X.509 CA certificates in PEM. */
        X509
    }

    private static final List<String> KEY_PREFIXES = List.of("ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-",
            "@cert-authority");

    private DeviceCaFile() {
    }

    /**
     * The kind of CAs {@code file} holds.
     *
     * @throws IOException naming the file when it cannot be read, is too large, or mixes both kinds
     */
    public static Kind of(Path file) throws IOException {
        byte[] bytes = TextFiles.readBytes(file, Math.max(CertificateAuthorities.MAX_FILE_BYTES,
                X509Authorities.MAX_FILE_BYTES));
        if (bytes.length > 1 && bytes[0] == 0x30 && (bytes[1] & 0xff) >= 0x81 && (bytes[1] & 0xff) <= 0x84) {
            return Kind.X509;
        }
        PemOrKeyLines lines = PemOrKeyLines.scan(TextFiles.utf8(file, bytes), DeviceCaFile::isKeyLine);
        if (lines.opensshPrivateKey()) {
            return Kind.OPENSSH;
        }
        if (lines.mixed()) {
            throw new IOException(file + ":" + lines.firstKeyLine() + ": an OpenSSH key line in a file of PEM blocks;"
                    + " a --device-ca file holds either OpenSSH CA keys (one a line) or X.509 CA certificates (PEM),"
                    + " not both: give each kind in a file of its own, --device-ca once for each");
        }
        return lines.pem() ? Kind.X509 : Kind.OPENSSH;
    }

    private static boolean isKeyLine(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        return KEY_PREFIXES.stream().anyMatch(lower::startsWith);
    }
}
