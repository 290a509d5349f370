package org.callhome.nms.devicessh;

import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.callhome.nms.session.DeviceCertificateCheck;
import org.callhome.nms.session.DeviceX509Check;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.CertificateVerdict;
import org.callhome.shared.ssh.cert.CertifiedIdentity;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509Identity;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;
import org.callhome.shared.strategy.NmsHalf.Rejection;
import org.callhome.shared.strategy.NmsHalf.RejectionKind;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.text.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public-key login of devices, by one of two proofs. A pinned key: the login name must be a device
 * id of the accounts and the offered key (or the key an offered certificate certifies) that
 * device's pinned key. Or, with {@code --device-ca}, a user certificate of a key no device is
 * pinned with: the NMS must take it ({@link DeviceCertificateCheck}: trusted CA, not revoked, valid,
 * in {@code --device-ids} if given, no revocation through the API) and its principal must be the
 * login name; or, with a PEM {@code --device-ca}, an X.509 user certificate chain whose identity is
 * the login name ({@link #authenticateX509}, asked by the {@code publickey} method once the chain's
 * signature verified). Every way the key must not be in the revocation list and the device must not have
 * another live session. MINA asks once per offered key without a signature (the "would you accept"
 * query) and again with the signature; both go through the same checks, and the session is only
 * recorded as the device's live one once MINA reports it authenticated, so knowing a device's public
 * key is not enough to lock the device out. Each distinct refusal is logged and reported once per
 * SSH session. Runs on MINA I/O threads.
 */
final class DeviceAccounts implements PublickeyAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceAccounts.class);
    private static final AttributeKey<Set<String>> REPORTED = new AttributeKey<>();

    private final DeviceTrust accounts;
    private final Map<String, ServerSession> live;
    private final NmsHalf.Refusals refusals;
    private final Optional<DeviceCertificateCheck> certificates;
    private final RevocationWatch revocations;
    private final Optional<DeviceX509Check> x509Certificates;

    DeviceAccounts(DeviceTrust accounts, Map<String, ServerSession> live, NmsHalf.Refusals refusals,
                   Optional<DeviceCertificateCheck> certificates, RevocationWatch revocations,
                   Optional<DeviceX509Check> x509Certificates) {
        this.x509Certificates = x509Certificates;
        this.accounts = accounts;
        this.live = live;
        this.refusals = refusals;
        this.certificates = certificates;
        this.revocations = revocations;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        PublicKey plainKey = key instanceof OpenSshCertificate certificate ? certificate.getCertPubKey() : key;
        String fingerprint = fingerprint(plainKey);
        String address = SecurityFacts.addressOf(session.getRemoteAddress());
        Optional<String> owner = accounts.deviceFor(plainKey);
        if (owner.isEmpty() && key instanceof OpenSshCertificate certificate && certificates.isPresent()) {
            return certificateLogin(username, certificate, fingerprint, address, session);
        }
        Optional<String> revoked = revocations.whyRevoked(key);
        if (revoked.isPresent()) {
            refuse(session, RejectionKind.REVOKED, owner.filter(username::equals).orElse(null), username, plainKey,
                    fingerprint, address, "revoked: " + revoked.get());
            return false;
        }
        if (accounts.keyOf(username).isEmpty()) {
            refuse(session, RejectionKind.UNKNOWN_DEVICE, null, username, plainKey, fingerprint, address,
                    "unknown login name " + PeerText.quote(username)
                    + owner.map(id -> " (the key is pinned for device " + id + ")").orElse(""));
            return false;
        }
        if (!owner.filter(username::equals).isPresent()) {
            refuse(session, RejectionKind.WRONG_KEY, username, username, plainKey, fingerprint, address, "device "
                    + username
                    + " offered a key other than its pinned one"
                    + owner.map(id -> " (that key is pinned for device " + id + ")").orElse(" (unknown key)"));
            return false;
        }
        return admit(session, new DeviceLogin(username, plainKey, key, fingerprint, address, null, null));
    }

    /** A user certificate of a key no device is pinned with: the certificate names the device, the login name must agree. */
    private boolean certificateLogin(String username, OpenSshCertificate certificate, String fingerprint,
                                     String address, ServerSession session) {
        CertificateVerdict verdict = certificates.orElseThrow().check(certificate, OpenSshCertificate.Type.USER,
                username);
        if (verdict instanceof CertificateVerdict.Refused refused) {
            // the refusal is about the device the login names, if its certificate is the CA's word for that name
            String vouched = DeviceCertificateCheck.vouchedName(certificate, refused.reason());
            report(session, new Rejection(CallHomeStrategy.DEVICE_SSH_CLIENT, RejectionKind.CERTIFICATE,
                    username.equals(vouched) ? vouched : null, PeerText.shown(username), certificate.getCertPubKey(),
                    fingerprint, address, refused.detail(), refused.reason()));
            return false;
        }
        CertifiedIdentity identity = ((CertificateVerdict.Accepted) verdict).identity();
        return admit(session, new DeviceLogin(identity.principal(), certificate.getCertPubKey(), certificate,
                fingerprint, address, identity, null));
    }

    /**
     * An X.509 user certificate chain (RFC 6187), its signature already verified: the NMS must take the
     * chain ({@link DeviceX509Check}) and its identity must be the login name. A pinned key logs in as
     * a plain key, not through its chain; the revocation list is asked about the end-entity key, now
     * and while the session is live.
     */
    boolean authenticateX509(String username, PublicKey key, ServerSession session) {
        if (!(key instanceof X509PublicKey chain) || x509Certificates.isEmpty()) {
            return false;
        }
        PublicKey plainKey = chain.signingKey();
        String fingerprint = fingerprint(plainKey);
        String address = SecurityFacts.addressOf(session.getRemoteAddress());
        Optional<String> revoked = revocations.whyRevoked(plainKey);
        if (revoked.isPresent()) {
            report(session, new Rejection(CallHomeStrategy.DEVICE_SSH_CLIENT, RejectionKind.CERTIFICATE, null,
                    PeerText.shown(username), plainKey, fingerprint, address, "revoked: " + revoked.get(),
                    CertificateRefusal.REVOKED));
            return false;
        }
        X509Verdict verdict = x509Certificates.get().check(chain, X509ChainCheck.Purpose.USER, username);
        if (verdict instanceof X509Verdict.Refused refused) {
            // the refusal is about the device the login names, if its chain is the CA's word for that name
            String vouched = DeviceX509Check.vouchedName(chain, refused.reason());
            report(session, new Rejection(CallHomeStrategy.DEVICE_SSH_CLIENT, RejectionKind.CERTIFICATE,
                    username.equals(vouched) ? vouched : null, PeerText.shown(username), plainKey, fingerprint, address,
                    refused.detail(), refused.reason()));
            return false;
        }
        X509Identity identity = ((X509Verdict.Accepted) verdict).identity();
        return admit(session, new DeviceLogin(identity.identity(), plainKey, chain, fingerprint, address, null,
                identity));
    }

    /** Records the login on the session, unless the device has another live session. */
    private boolean admit(ServerSession session, DeviceLogin login) {
        ServerSession other = live.get(login.deviceId());
        if (other != null && other != session) {
            refuse(session, RejectionKind.ALREADY_CONNECTED, login.deviceId(), login.deviceId(), login.key(),
                    login.fingerprint(), login.remoteAddress(), "a session with this device is already live");
            return false;
        }
        session.setAttribute(DeviceLogin.KEY, login);
        return true;
    }

    /** Reports a refusal once per session and reason (MINA may ask about the same key twice). */
    void refuse(ServerSession session, RejectionKind kind, String deviceId, String claimedName, PublicKey key,
                String fingerprint, String address, String reason) {
        report(session, new Rejection(CallHomeStrategy.DEVICE_SSH_CLIENT, kind, deviceId,
                claimedName == null ? null : PeerText.shown(claimedName), key, fingerprint, address, reason));
    }

    /** The refusal of a live session whose key or certificate the revocation list now revokes. */
    void revokedWhileLive(ServerSession session, DeviceLogin login, String why) {
        CertificateRefusal refusal = login.certificate() == null && login.x509Certificate() == null ? null : CertificateRefusal.REVOKED;
        report(session, new Rejection(CallHomeStrategy.DEVICE_SSH_CLIENT, refusal == null ? RejectionKind.REVOKED
                : RejectionKind.CERTIFICATE, login.deviceId(), login.deviceId(), login.key(), login.fingerprint(),
                login.remoteAddress(), "revoked while connected: " + why, refusal));
    }

    private void report(ServerSession session, Rejection rejection) {
        Set<String> reported = session.computeAttributeIfAbsent(REPORTED, k -> ConcurrentHashMap.newKeySet());
        if (!reported.add(rejection.fingerprint() + " " + rejection.reason())) {
            return;
        }
        LOG.warn("refused device-ssh-client login from {} with key {}: {} ({})", rejection.remoteAddress(),
                rejection.fingerprint(), rejection.reason(), rejection.refusal());
        refusals.rejected(rejection);
    }

    /** OpenSSH-style fingerprint; MINA's own for key types the project does not pin. */
    static String fingerprint(PublicKey key) {
        try {
            return SshKeys.fingerprint(key);
        } catch (IllegalArgumentException unsupported) {
            return KeyUtils.getFingerPrint(key);
        }
    }
}
