package org.callhome.nms.devicessh;

import java.security.PublicKey;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.channel.Channel;
import org.callhome.shared.ssh.cert.CertifiedIdentity;
import org.callhome.shared.ssh.x509.trust.X509Identity;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;

/**
 * What one SSH session of a device has proven and used: the device id its login name and key (or
 * certificate) matched, and the single session channel and NETCONF subsystem it may open. Stored on the MINA
 * session as an attribute by {@link DeviceAccounts} when the key matched; touched by MINA I/O
 * threads of that session only, the atomics cover the close path running elsewhere.
 */
final class DeviceLogin {

    static final AttributeKey<DeviceLogin> KEY = new AttributeKey<>();

    private final String deviceId;
    private final PublicKey key;
    private final PublicKey presented;
    private final String fingerprint;
    private final String remoteAddress;
    private final CertifiedIdentity certificate;
    private final X509Identity x509Certificate;
    private final AtomicReference<Channel> sessionChannel = new AtomicReference<>();
    private final AtomicBoolean netconfStarted = new AtomicBoolean();
    private final AtomicBoolean live = new AtomicBoolean();
    private volatile String lastRefusal;

    /**
     * @param key         the device's key (for a certificate, the key it certifies)
     * @param presented   what the device logged in with: {@code key}, or the certificate (OpenSSH) or chain
     *                    (X.509) of it
     * @param certificate what the certificate proved, or null for a pinned key
     * @param x509Certificate what an X.509 chain proved, or null
     */
    DeviceLogin(String deviceId, PublicKey key, PublicKey presented, String fingerprint, String remoteAddress,
                CertifiedIdentity certificate, X509Identity x509Certificate) {
        this.x509Certificate = x509Certificate;
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.key = Objects.requireNonNull(key, "key");
        this.presented = Objects.requireNonNull(presented, "presented");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
        this.certificate = certificate;
    }

    String deviceId() {
        return deviceId;
    }

    PublicKey key() {
        return key;
    }

    /** The key or certificate the device logged in with, as a revocation list is asked about it. */
    PublicKey presented() {
        return presented;
    }

    /** What the device's certificate proved, or null when a pinned key identified it. */
    CertifiedIdentity certificate() {
        return certificate;
    }

    /** What the device's X.509 certificate chain proved, or null when it did not log in with one. */
    X509Identity x509Certificate() {
        return x509Certificate;
    }

    /** How the device's login was checked, as its session's facts say. */
    PeerVerification verification() {
        if (x509Certificate != null) {
            return PeerVerification.X509_USER_CERTIFICATE;
        }
        return certificate != null ? PeerVerification.OPENSSH_USER_CERTIFICATE : PeerVerification.PINNED_USER_KEY;
    }

    String fingerprint() {
        return fingerprint;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    /** Claims the one session channel the device may have open; false while another is open. */
    boolean claimChannel(Channel channel) {
        return sessionChannel.compareAndSet(null, channel);
    }

    void channelClosed(Channel channel) {
        sessionChannel.compareAndSet(channel, null);
    }

    /** Claims the one NETCONF subsystem of the session; false if it was claimed before. */
    boolean claimNetconf() {
        return netconfStarted.compareAndSet(false, true);
    }

    boolean netconfStarted() {
        return netconfStarted.get();
    }

    /** Marks this login as the device's live session (registered in the server's table). */
    void markLive() {
        live.set(true);
    }

    boolean isLive() {
        return live.get();
    }

    /** The last thing the device asked for and was refused, for the report when it leaves without NETCONF. */
    void refused(String what) {
        lastRefusal = what;
    }

    String lastRefusal() {
        return lastRefusal;
    }
}
