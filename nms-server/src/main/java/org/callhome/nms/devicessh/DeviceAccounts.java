package org.callhome.nms.devicessh;

import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;
import org.callhome.shared.strategy.NmsHalf.Rejection;
import org.callhome.shared.strategy.NmsHalf.RejectionKind;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.text.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public-key login of devices: the login name must be a device id of the accounts file and the
 * offered key that device's pinned key, and the device must not have another live session. MINA
 * asks once per offered key without a signature (the "would you accept" query) and again with the
 * signature; both go through the same checks, and the session is only recorded as the device's
 * live one once MINA reports it authenticated, so knowing a device's public key is not enough to
 * lock the device out. Each distinct refusal is logged and reported once per SSH session.
 * Runs on MINA I/O threads.
 */
final class DeviceAccounts implements PublickeyAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceAccounts.class);
    private static final AttributeKey<Set<String>> REPORTED = new AttributeKey<>();

    private final DeviceTrust accounts;
    private final Map<String, ServerSession> live;
    private final NmsHalf.Refusals refusals;

    DeviceAccounts(DeviceTrust accounts, Map<String, ServerSession> live, NmsHalf.Refusals refusals) {
        this.accounts = accounts;
        this.live = live;
        this.refusals = refusals;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        String fingerprint = fingerprint(key);
        String address = SecurityFacts.addressOf(session.getRemoteAddress());
        Optional<String> owner = accounts.deviceFor(key);
        if (accounts.keyOf(username).isEmpty()) {
            refuse(session, RejectionKind.UNKNOWN_DEVICE, null, username, key, fingerprint, address,
                    "unknown login name " + PeerText.quote(username)
                    + owner.map(id -> " (the key is pinned for device " + id + ")").orElse(""));
            return false;
        }
        if (!owner.filter(username::equals).isPresent()) {
            refuse(session, RejectionKind.WRONG_KEY, username, username, key, fingerprint, address, "device "
                    + username
                    + " offered a key other than its pinned one"
                    + owner.map(id -> " (that key is pinned for device " + id + ")").orElse(" (unknown key)"));
            return false;
        }
        ServerSession other = live.get(username);
        if (other != null && other != session) {
            refuse(session, RejectionKind.ALREADY_CONNECTED, username, username, key, fingerprint, address,
                    "a session with this device is already live");
            return false;
        }
        session.setAttribute(DeviceLogin.KEY, new DeviceLogin(username, key, fingerprint, address));
        return true;
    }

    /** Reports a refusal once per session and reason (MINA may ask about the same key twice). */
    void refuse(ServerSession session, RejectionKind kind, String deviceId, String claimedName, PublicKey key,
                String fingerprint, String address, String reason) {
        Set<String> reported = session.computeAttributeIfAbsent(REPORTED, k -> ConcurrentHashMap.newKeySet());
        if (!reported.add(fingerprint + " " + reason)) {
            return;
        }
        LOG.warn("refused device-ssh-client login from {} with key {}: {}", address, fingerprint, reason);
        refusals.rejected(new Rejection(CallHomeStrategy.DEVICE_SSH_CLIENT, kind, deviceId,
                claimedName == null ? null : PeerText.shown(claimedName), key, fingerprint, address, reason));
    }

    /** OpenSSH-style fingerprint; MINA's own for key types the project does not pin (e.g. certificates). */
    static String fingerprint(PublicKey key) {
        try {
            return SshKeys.fingerprint(key);
        } catch (IllegalArgumentException unsupported) {
            return KeyUtils.getFingerPrint(key);
        }
    }
}
