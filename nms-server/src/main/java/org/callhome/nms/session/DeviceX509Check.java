package org.callhome.nms.session;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.CertificateVerdict;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.text.PeerText;

/**
 * The NMS's decision on a device's X.509 certificate chain (RFC 6187), as {@link DeviceCertificateCheck}
 * decides on an OpenSSH certificate: the chain itself ({@link X509ChainCheck}: a CA of
 * {@code --device-ca}, valid now, not revoked by a CRL or KRL of {@code --revoked-keys}, with the key
 * usages of the SSH role), then the same NMS rules: the identity (the subject's serialNumber, else its
 * CN) is the device id, so it must be an id the API can name; it must be the login name where the device
 * gave one; it must be in {@code --device-ids} when that inventory is given ({@code unexpected-identity});
 * no revocation through the API may stand against it; and no key may be pinned for it in the trust
 * store ({@code pinned-key-mismatch}). The peer's address plays no part. Stateless and thread-safe:
 * MINA's I/O threads call it, and it reads the revocation list and the trust in force.
 */
public final class DeviceX509Check {

    private final X509ChainCheck chains;
    private final Optional<Set<String>> deviceIds;
    private final DeviceTrust trust;
    private final Clock clock;

    DeviceX509Check(X509ChainCheck chains, Optional<Set<String>> deviceIds, DeviceTrust trust, Clock clock) {
        this.chains = Objects.requireNonNull(chains, "chains");
        this.deviceIds = Objects.requireNonNull(deviceIds, "deviceIds");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The check of a strategy's half; empty when no X.509 CA identifies devices (no PEM {@code --device-ca}). */
    public static Optional<DeviceX509Check> of(DeviceCertificates settings, Supplier<RevokedKeys> revoked,
                                               DeviceTrust trust, Clock clock) {
        return settings.x509Authorities().map(authorities -> new DeviceX509Check(
                new X509ChainCheck(authorities, revoked), settings.deviceIds(), trust, clock));
    }

    /**
     * The verdict on the chain {@code key} carries, presented for {@code purpose}, now.
     *
     * @param loginName the name the device logged in as, which the identity must be (device-ssh-client);
     *                  null where the chain alone names the device (reverse-ssh)
     */
    public X509Verdict check(X509PublicKey key, X509ChainCheck.Purpose purpose, String loginName) {
        return check(key.chain(), purpose, loginName);
    }

    /**
     * The verdict on {@code chain}, end-entity certificate first, presented for {@code purpose}, now: as
     * {@link #check(X509PublicKey, X509ChainCheck.Purpose, String)}, for a chain TLS carried.
     */
    public X509Verdict check(List<X509Certificate> chain, X509ChainCheck.Purpose purpose, String loginName) {
        X509Verdict verdict = chains.check(chain, purpose, clock.instant());
        if (loginName != null) {
            verdict = verdict.requireIdentity(loginName);
        }
        if (!(verdict instanceof X509Verdict.Accepted accepted)) {
            return verdict;
        }
        String id = accepted.identity().identity();
        String problem = TrustStore.problemWithApiId(id);
        if (problem != null) {
            return new X509Verdict.Refused(CertificateRefusal.BAD_PRINCIPAL, "the certificate's identity is the"
                    + " device id, and " + problem);
        }
        if (deviceIds.isPresent()) {
            verdict = verdict.requireOneOf(deviceIds.get());
            if (!verdict.isAccepted()) {
                return verdict;
            }
        }
        CertificateVerdict.Refused refused = DeviceCertificateCheck.trustRefusal(trust, id,
                accepted.identity().keyFingerprint());
        return refused != null ? new X509Verdict.Refused(refused.reason(), refused.detail()) : verdict;
    }

    /**
     * Whether the chain {@code key} carries is revoked now by the list in force, and why: the one rule
     * a later revocation list can change for a session already accepted.
     */
    public Optional<String> whyRevoked(X509PublicKey key, X509ChainCheck.Purpose purpose) {
        return whyRevoked(key.chain(), purpose);
    }

    /** As {@link #whyRevoked(X509PublicKey, X509ChainCheck.Purpose)}, for a chain TLS carried. */
    public Optional<String> whyRevoked(List<X509Certificate> chain, X509ChainCheck.Purpose purpose) {
        return chains.whyRevoked(chain, purpose, clock.instant());
    }

    /**
     * The device id a refused chain names, when the refusal came after its signatures were found to
     * lead to a trusted CA, so the name is that CA's word: the refusal then concerns that device (an
     * expired or revoked certificate of dev-17). Null otherwise: an unknown CA's chain names nobody.
     */
    public static String vouchedName(X509PublicKey key, CertificateRefusal refusal) {
        return vouchedName(key.endEntity(), refusal);
    }

    /** As {@link #vouchedName(X509PublicKey, CertificateRefusal)}, of a chain's end-entity certificate. */
    public static String vouchedName(X509Certificate endEntity, CertificateRefusal refusal) {
        if (refusal.compareTo(CertificateRefusal.BAD_SIGNATURE) <= 0) {
            return null;
        }
        return X509ChainCheck.claimedIdentity(endEntity).filter(id -> TrustStore.problemWithApiId(id) == null)
                .orElse(null);
    }

    /** The end-entity subject a refused chain claims, as a refusal shows it: peer text, escaped and cut. */
    public static String claimedName(X509PublicKey key) {
        return claimedName(key.endEntity());
    }

    /** As {@link #claimedName(X509PublicKey)}, of a chain's end-entity certificate. */
    public static String claimedName(X509Certificate endEntity) {
        return PeerText.shown(endEntity.getSubjectX500Principal().getName());
    }
}
