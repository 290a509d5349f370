package org.callhome.compare.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import org.apache.sshd.common.config.keys.OpenSshCertificate;

/**
 * A certificate authority of a run, of the kind its trust model uses: an OpenSSH CA
 * ({@link LabCa}) or an X.509 CA ({@link X509LabCa}). What a scenario does with a device's
 * certificate (issue it for an identity and a role, revoke it by serial) is said the same way for
 * both, so a certificate scenario runs under either model.
 */
public sealed interface LabAuthority permits LabCa, X509LabCa {

    String name();

    /** How the NMS names the CA in its logs: the key's {@code SHA256:...}, or the X.509 certificate's fingerprint. */
    String fingerprint();

    /** The end of a certificate file's name: {@code -cert.pub} (OpenSSH), {@code -cert.pem} (X.509). */
    String certificateSuffix();

    /** A certificate the CA issued: where it was written and its serial. */
    interface Certificate {
        Path file();

        long serial();
    }

    /**
     * Certifies {@code key} as device {@code identity} for {@code role} (a host: reverse-ssh; a user:
     * device-ssh-client), valid from {@code validAfter} to {@code validBefore}, and writes it to
     * {@code file}: an OpenSSH certificate whose one principal and key id is the identity, or an
     * X.509 chain whose subject names it (CN and serialNumber) with the extended key usage of the role.
     */
    Certificate certifyDevice(Path file, PublicKey key, OpenSshCertificate.Type role, String identity,
                              Instant validAfter, Instant validBefore) throws IOException;

    /** As {@link #certifyDevice(Path, PublicKey, OpenSshCertificate.Type, String, Instant, Instant)}, valid from a few minutes ago for {@link LabCa#DEFAULT_VALIDITY}. */
    default Certificate certifyDevice(Path file, PublicKey key, OpenSshCertificate.Type role, String identity)
            throws IOException {
        Instant now = Instant.now();
        return certifyDevice(file, key, role, identity, now.minus(LabCa.CLOCK_SKEW), now.plus(LabCa.DEFAULT_VALIDITY));
    }

    /**
     * Writes to {@code file} a revocation list of this CA revoking {@code serials} (none: an empty
     * list), as the NMS's {@code --revoked-keys} reads it: an OpenSSH KRL, or an X.509 CRL in PEM.
     */
    void writeRevocations(Path file, List<Long> serials, String comment) throws IOException;
}
