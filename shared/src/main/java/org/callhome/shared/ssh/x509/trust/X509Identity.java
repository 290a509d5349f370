package org.callhome.shared.ssh.x509.trust;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.text.PeerText;
import org.callhome.shared.text.WireNamed;

/**
 * Who an accepted X.509 certificate chain says its holder is. The {@code identity} is the device id
 * (or the NMS's name): the end-entity certificate's subject {@code serialNumber}, or its {@code CN}
 * when it has none ({@link #source}). The subject, issuer, serial and CA name the certificate in
 * logs. The strings come from the certificate, so the identity is bounded and checked
 * ({@link X509ChainCheck}) but all are still the CA's words: show them through {@link PeerText},
 * as {@link #toString} does.
 *
 * @param purpose        the SSH role the chain was checked for
 * @param subject        the end-entity certificate's subject, RFC 4514 form ({@code CN=dev-1,O=Example})
 * @param issuer         its issuer, the same way
 * @param serial         its serial; {@link #serialText()} shows it in decimal
 * @param caFingerprint  the trusted CA the chain leads to, as {@link X509Authority#fingerprint()}; for a
 *                       pinned certificate, that certificate's own fingerprint, the same way
 * @param pinned         whether the end-entity certificate was trusted as a pin ({@link X509Pins}),
 *                       whatever issued it, rather than through a CA
 * @param keyFingerprint the certified key's OpenSSH {@code SHA256:} fingerprint, as for any SSH key
 * @param notBefore      the first instant the certificate is valid
 * @param notAfter       the last instant it is valid (X.509 counts it in, unlike OpenSSH's {@code valid before})
 */
public record X509Identity(X509ChainCheck.Purpose purpose, String identity, Source source, String subject,
                           String issuer, BigInteger serial, String caFingerprint, boolean pinned,
                           String keyFingerprint, Instant notBefore, Instant notAfter) {

    /** Which attribute of the subject gave the identity. */
    public enum Source implements WireNamed {
        /** The subject's {@code serialNumber} (OID 2.5.4.5), as IEEE 802.1AR device certificates carry it. */
        SERIAL_NUMBER("serialNumber"),
        /** The subject's {@code CN} (OID 2.5.4.3), for a subject without a serialNumber. */
        COMMON_NAME("CN");

        private final String wireName;

        Source(String wireName) {
            this.wireName = wireName;
        }

        /** The attribute's name in a distinguished name: {@code serialNumber} or {@code CN}. */
        @Override
        public String wireName() {
            return wireName;
        }
    }

    public X509Identity {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(caFingerprint, "caFingerprint");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    /** The serial in decimal, as the API shows it (it may be up to 20 bytes long). */
    public String serialText() {
        return serial.toString();
    }

    /**
     * {@code 'dev-17' (serialNumber of host certificate 'SERIALNUMBER=dev-17,CN=router' serial 4096 (0x1000)
     * issued by 'CN=Device CA' under CA 3A:9F:..., key SHA256:..., valid ... to ...)}; for a pinned
     * certificate {@code pinned as 3A:9F:...} in place of {@code under CA 3A:9F:...}.
     */
    @Override
    public String toString() {
        return PeerText.quote(identity) + " (" + source.wireName() + " of " + purpose.wireName() + " certificate "
                + PeerText.quote(subject, X509Text.NAME_CHARS) + " serial " + X509Text.serial(serial) + " issued by "
                + PeerText.quote(issuer, X509Text.NAME_CHARS) + (pinned ? " pinned as " : " under CA ") + caFingerprint
                + ", key " + keyFingerprint + ", valid " + notBefore + " to " + notAfter + ")";
    }
}
