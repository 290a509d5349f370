package org.callhome.shared.ssh.cert;

import java.time.Instant;
import java.util.Objects;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.text.PeerText;

/**
 * Who an accepted certificate says its holder is. The {@code principal} is the identity (a device
 * id, or the NMS's name); the key id, serial and CA name the certificate in logs. The strings come
 * from the certificate, so they are bounded ({@link CertificateCheck#MAX_PRINCIPAL_CHARS},
 * {@link CertificateCheck#MAX_KEY_ID_CHARS}) but still the CA's words: show them through
 * {@link PeerText}, as {@link #toString} does.
 *
 * @param serial        unsigned: show it with {@link #serialText()}
 * @param validBefore   {@link Instant#MAX} for a certificate valid forever
 */
public record CertifiedIdentity(OpenSshCertificate.Type type, String principal, String keyId, long serial,
                                String caFingerprint, String keyFingerprint, Instant validAfter,
                                Instant validBefore) {

    public CertifiedIdentity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(caFingerprint, "caFingerprint");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(validAfter, "validAfter");
        Objects.requireNonNull(validBefore, "validBefore");
    }

    /** The serial as ssh-keygen prints it, unsigned. */
    public String serialText() {
        return Long.toUnsignedString(serial);
    }

    /** {@code 'dev-17' (host certificate 'key-id' serial 5 of CA SHA256:..., valid ... to ...)}. */
    @Override
    public String toString() {
        return PeerText.quote(principal) + " (" + Certificates.typeName(type) + " certificate " + PeerText.quote(keyId)
                + " serial " + serialText() + " of CA " + caFingerprint + ", key " + keyFingerprint + ", valid "
                + Certificates.show(validAfter) + " to " + Certificates.show(validBefore) + ")";
    }
}
