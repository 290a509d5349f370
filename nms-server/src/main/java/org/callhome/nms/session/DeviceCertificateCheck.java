package org.callhome.nms.session;

import java.security.PublicKey;
import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.nms.trust.Revocation;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertificateCheck;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.CertificateVerdict;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.text.PeerText;

/**
 * The NMS's decision on a device's certificate, the same in both strategies: the certificate
 * itself ({@link CertificateCheck}: a CA of {@code --device-ca}, not revoked, of the type the
 * strategy needs, valid now, one principal), then what the NMS adds to it: the principal is the
 * device id, so it must be an id the API can name; it must be the login name where the device
 * gave one; it must be in {@code --device-ids} when that inventory is given (RFC 8071 C6); no
 * revocation through the API may stand against it; and no key may be pinned for it in the trust
 * store, under either strategy ({@code pinned-key-mismatch}): an explicit pin wins over a CA. The peer's address plays no part. Stateless and
 * thread-safe: MINA's I/O threads call it, and it reads the revocation list and the trust in force.
 */
public final class DeviceCertificateCheck {

    private final CertificateCheck certificates;
    private final Optional<Set<String>> deviceIds;
    private final DeviceTrust trust;

    DeviceCertificateCheck(CertificateCheck certificates, Optional<Set<String>> deviceIds, DeviceTrust trust) {
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.deviceIds = Objects.requireNonNull(deviceIds, "deviceIds");
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** The check of a strategy's half; empty when no CA identifies devices (no {@code --device-ca}). */
    public static Optional<DeviceCertificateCheck> of(DeviceCertificates settings, Supplier<RevokedKeys> revoked,
                                                      DeviceTrust trust, Clock clock) {
        return settings.authorities().map(authorities -> new DeviceCertificateCheck(
                new CertificateCheck(authorities, revoked, clock), settings.deviceIds(), trust));
    }

    /**
     * The verdict on {@code certificate}, presented as a certificate of {@code type}.
     *
     * @param loginName the name the device logged in as, which the principal must be (device-ssh-client);
     *                  null where the certificate alone names the device (reverse-ssh)
     */
    public CertificateVerdict check(OpenSshCertificate certificate, OpenSshCertificate.Type type, String loginName) {
        CertificateVerdict verdict = certificates.check(certificate, type);
        if (loginName != null) {
            verdict = verdict.requirePrincipal(loginName);
        }
        if (!(verdict instanceof CertificateVerdict.Accepted accepted)) {
            return verdict;
        }
        String id = accepted.identity().principal();
        String problem = TrustStore.problemWithApiId(id);
        if (problem != null) {
            return new CertificateVerdict.Refused(CertificateRefusal.BAD_PRINCIPAL, "the certificate's principal is"
                    + " the device id, and " + problem);
        }
        if (deviceIds.isPresent()) {
            verdict = verdict.requireOneOf(deviceIds.get());
        }
        if (!verdict.isAccepted()) {
            return verdict;
        }
        CertificateVerdict.Refused refused = trustRefusal(trust, id, accepted.identity().keyFingerprint());
        return refused != null ? refused : verdict;
    }

    /**
     * What the trust store says against a certificate of device {@code id} for the key with
     * {@code keyFingerprint}, whatever kind of certificate: a revocation of the id through the API
     * ({@code revoked}), or a pin of the id, under either strategy ({@code pinned-key-mismatch}).
     * Null when nothing stands against it.
     */
    static CertificateVerdict.Refused trustRefusal(DeviceTrust trust, String id, String keyFingerprint) {
        Optional<Revocation> revoked = trust.revocationOf(id);
        if (revoked.isPresent()) {
            return new CertificateVerdict.Refused(CertificateRefusal.REVOKED, "device " + PeerText.quote(id)
                    + " was revoked through the API at " + revoked.get().revokedAt() + "; approve it to let it in again");
        }
        Optional<PublicKey> pinned = trust.pinnedKeyOf(id);
        if (pinned.isPresent()) {
            return pinnedKeyMismatch(id, pinned.get(), keyFingerprint);
        }
        return null;
    }

    /**
     * The refusal of a certificate for an id the trust store pins: an explicit pin wins over a CA.
     * The halves ask only about a key no device is pinned with, so the pin is another key, or this
     * key pinned under the other strategy.
     */
    private static CertificateVerdict.Refused pinnedKeyMismatch(String id, PublicKey pinned, String certified) {
        String pin = SshKeys.fingerprint(pinned);
        return new CertificateVerdict.Refused(CertificateRefusal.PINNED_KEY_MISMATCH, "device " + PeerText.quote(id)
                + (pin.equals(certified) ? " is pinned with this key for the other strategy"
                : " is pinned to key " + pin + ", and the certificate certifies " + certified)
                + ": a pin wins over a CA; revoke or replace the pin to let this certificate in");
    }

    /**
     * The device id a refused certificate names, when its CA is trusted and its signature holds, so
     * the name is the CA's word: the refusal then concerns that device (an expired certificate of
     * dev-17). Null otherwise: an unknown CA's certificate names nobody.
     */
    public static String vouchedName(OpenSshCertificate certificate, CertificateRefusal refusal) {
        if (refusal.compareTo(CertificateRefusal.BAD_SIGNATURE) <= 0) {
            return null;
        }
        Collection<String> principals = certificate.getPrincipals();
        if (principals.size() != 1) {
            return null;
        }
        String principal = principals.iterator().next();
        return TrustStore.problemWithApiId(principal) == null ? principal : null;
    }

    /** The principals a certificate claims, as a refusal shows them: peer text, escaped and cut. */
    public static String claimedName(OpenSshCertificate certificate) {
        Collection<String> principals = certificate.getPrincipals();
        return principals.isEmpty() ? null : PeerText.shown(String.join(",", principals));
    }
}
