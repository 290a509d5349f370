package org.callhome.compare.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.HttpLimits;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.StartupLimits;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.nms.trust.TrustConflictException;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.cert.CertificateAuthorities;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The settings an NMS of a testbed runs with, loaded from the testbed's files as the NMS's command
 * line would load them: pinned keys, or the device CAs (OpenSSH keys or X.509 certificates), the
 * expected ids and the certificates of its own keys.
 */
final class NmsSetup {

    private NmsSetup() {
    }

    /**
     * The settings of an NMS of {@code spec} (its state in {@code <dir>/<name>/state}): with
     * certificates, the device CA and the expected ids instead of a key per device, and the
     * certificates of its own keys when it has them.
     */
    static NmsSettings settings(Testbed testbed, Testbed.NmsSpec spec) throws IOException {
        boolean certified = testbed.certificates();
        KnownDevices trusted = KnownDevices.of(certified ? new LinkedHashMap<>() : new LinkedHashMap<>(spec.trusted()));
        InetSocketAddress listen = new InetSocketAddress(Testbed.NMS_HOST, spec.port());
        Optional<NmsSettings.ReverseSsh> reverse = spec.strategy() != CallHomeStrategy.REVERSE_SSH ? Optional.empty()
                : Optional.of(reverseSsh(testbed, spec.keys(), listen, trusted, spec.trustUnknownDevices()));
        Optional<NmsSettings.DeviceSsh> deviceSsh = spec.strategy() != CallHomeStrategy.DEVICE_SSH_CLIENT
                ? Optional.empty() : Optional.of(deviceSsh(testbed, spec.keys(), listen, trusted));
        Optional<RevokedKeysFile> revoked = spec.revokedKeys().isEmpty() ? Optional.empty()
                : Optional.of(RevokedKeysFile.open(spec.revokedKeys().get()));
        Optional<Set<String>> expected = spec.trusted().isEmpty() ? Optional.empty()
                : Optional.of(spec.trusted().keySet());
        NmsSettings.DeviceCertificates deviceCertificates = !certified
                ? new NmsSettings.DeviceCertificates(Optional.empty(), Optional.empty(), revoked, Testbed.REVOCATION_POLL)
                : testbed.x509() ? new NmsSettings.DeviceCertificates(Optional.empty(), expected, revoked, Testbed.REVOCATION_POLL,
                        Optional.of(X509Authorities.of(deviceCas(testbed, spec).stream()
                                .map(ca -> ((X509LabCa) ca).certificate()).toList())))
                : new NmsSettings.DeviceCertificates(Optional.of(CertificateAuthorities.of(deviceCas(testbed, spec).stream()
                        .map(ca -> ((LabCa) ca).publicKey()).toList())), expected, revoked, Testbed.REVOCATION_POLL);
        Optional<NmsSettings.Tls> tls = spec.strategy() != CallHomeStrategy.TLS ? Optional.empty()
                : Optional.of(tls(spec.keys(), listen));
        Duration authTimeout = Duration.ofSeconds(30);
        return new NmsSettings(reverse, deviceSsh, new InetSocketAddress(Testbed.NMS_HOST, 0), Optional.empty(),
                authTimeout, StartupLimits.hardLimit(NmsSettings.DEFAULT_MAX_STARTUPS, authTimeout),
                new Keepalives(Duration.ofSeconds(30), 3), Duration.ofSeconds(30), NetconfLimits.DEFAULT,
                testbed.dir().resolve(spec.name()).resolve("state"), deviceCertificates, HttpLimits.DEFAULT, tls);
    }

    /** The tls half of an NMS with {@code keys}: its key and client certificate ({@code --identity}, {@code --identity-cert}). */
    static NmsSettings.Tls tls(Testbed.NmsKeys keys, InetSocketAddress listen) throws IOException {
        Path cert = keys.identityCertFile().orElseThrow(() ->
                new IllegalArgumentException("a tls NMS needs its client certificate"));
        return new NmsSettings.Tls(listen, keys.identity(), X509ChainFile.load(cert, keys.identity(),
                keys.identityFile(), "--identity"));
    }

    /**
     * The trust store of an NMS of {@code spec}, opened for {@code settings}: for tls under pinned
     * keys, with each device of the spec approved by its key, as the operator approves it through
     * the API ({@code POST /api/devices/{id}/approve}); the SSH strategies pin theirs in a trust file.
     */
    static TrustStore trustStore(Testbed testbed, Testbed.NmsSpec spec, NmsSettings settings) throws IOException {
        TrustStore store = NmsServer.openTrustStore(settings);
        if (spec.strategy() == CallHomeStrategy.TLS && !testbed.certificates()) {
            for (Map.Entry<String, PublicKey> device : spec.trusted().entrySet()) {
                try {
                    store.approve(device.getKey(), CallHomeStrategy.TLS, device.getValue(), null,
                            "pinned by the comparison's testbed");
                } catch (TrustConflictException e) {
                    throw new IOException("approving " + device.getKey() + " failed: " + e.getMessage(), e);
                }
            }
        }
        return store;
    }

    /**
     * The reverse-ssh half of an NMS with {@code keys}: it logs in as {@link Testbed#REVERSE_SSH_ACCOUNT}
     * with its key, and with the certificate of the run's kind when the keys have one.
     */
    static NmsSettings.ReverseSsh reverseSsh(Testbed testbed, Testbed.NmsKeys keys, InetSocketAddress listen,
                                             KnownDevices trusted, boolean trustUnknownDevices) throws IOException {
        boolean x509 = testbed.x509();
        Optional<CertifiedKey> identityCert = keys.identityCertFile().isEmpty() || x509 ? Optional.empty()
                : Optional.of(CertifiedKey.load(keys.identityCertFile().get(), keys.identityFile(),
                        OpenSshCertificate.Type.USER));
        Optional<KeyPair> x509Identity = keys.identityCertFile().isEmpty() || !x509 ? Optional.empty()
                : Optional.of(X509PublicKey.keyPair(keys.identity(), X509ChainFile.load(keys.identityCertFile().get(),
                        keys.identity(), keys.identityFile(), "--identity")));
        return new NmsSettings.ReverseSsh(listen, trusted, keys.identity(), Testbed.REVERSE_SSH_ACCOUNT,
                trustUnknownDevices, identityCert, x509Identity);
    }

    /** The device-ssh-client half of an NMS with {@code keys}: its host key, and its certificate of the run's kind. */
    static NmsSettings.DeviceSsh deviceSsh(Testbed testbed, Testbed.NmsKeys keys, InetSocketAddress listen,
                                           KnownDevices accounts) throws IOException {
        boolean x509 = testbed.x509();
        Optional<OpenSshCertificate> hostCert = keys.hostCertFile().isEmpty() || x509 ? Optional.empty()
                : Optional.of(CertifiedKey.readCertificate(keys.hostCertFile().get()));
        List<X509Certificate> hostChain = keys.hostCertFile().isEmpty() || !x509 ? List.of()
                : X509ChainFile.load(keys.hostCertFile().get(), keys.hostKey(), keys.hostKeyFile(), "--host-key");
        return new NmsSettings.DeviceSsh(listen, keys.hostKey(), accounts, DeviceSshServer.DEFAULT_SUBSYSTEM,
                hostCert, hostChain);
    }

    /** The CAs an NMS of {@code spec} trusts for devices: the run's device CA first, then the spec's others. */
    private static List<LabAuthority> deviceCas(Testbed testbed, Testbed.NmsSpec spec) throws IOException {
        List<LabAuthority> cas = new ArrayList<>();
        cas.add(testbed.deviceCa());
        cas.addAll(spec.otherDeviceCas());
        return cas;
    }
}
