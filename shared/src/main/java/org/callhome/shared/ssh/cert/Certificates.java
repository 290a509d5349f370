package org.callhome.shared.ssh.cert;

import java.time.Instant;
import java.util.Locale;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.text.PeerText;

/**
 * How this package names a certificate in messages, and reads its unsigned fields. A certificate
 * is named by what its CA wrote, {@code host certificate 'key-id' serial 5}, with the key id
 * escaped and cut as {@link PeerText} does: until it is checked, everything in it is the peer's
 * word.
 */
final class Certificates {

    /** How the type name of every OpenSSH certificate ends ({@code ssh-ed25519-cert-v01@openssh.com}). */
    static final String TYPE_SUFFIX = "-cert-v01@openssh.com";

    private Certificates() {
    }

    static boolean isCertificateType(String word) {
        return word.endsWith(TYPE_SUFFIX);
    }

    /** {@code host certificate 'key-id' serial 5}. */
    static String describe(OpenSshCertificate certificate) {
        return typeName(certificate.getType()) + " certificate " + PeerText.quote(certificate.getId())
                + " serial " + Long.toUnsignedString(certificate.getSerial());
    }

    /** {@code host} or {@code user}. */
    static String typeName(OpenSshCertificate.Type type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * A validity bound, unsigned seconds since the epoch, as an instant; {@link Instant#MAX} for
     * {@code forever} (all bits set) and anything past what an {@code Instant} can hold.
     */
    static Instant instant(long unsignedSeconds) {
        if (unsignedSeconds < 0 || unsignedSeconds > Instant.MAX.getEpochSecond()) {
            return Instant.MAX;
        }
        return Instant.ofEpochSecond(unsignedSeconds);
    }

    /** An instant as the message shows it: {@code forever} for {@link Instant#MAX}. */
    static String show(Instant instant) {
        return instant.equals(Instant.MAX) ? "forever" : instant.toString();
    }
}
