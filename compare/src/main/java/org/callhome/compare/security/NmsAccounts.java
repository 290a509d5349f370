package org.callhome.compare.security;

import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.nms.config.NmsSettings;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.text.PeerText;

/**
 * How many accounts and keys the NMS must manage for N devices, and which of them open a login
 * on the NMS. Counted on a real NMS trusting {@link Settings#devices()} devices: its keys from the
 * settings it runs with (in tls, the device keys from its trust store, where the operator approves
 * them), its login accounts by trying to log in, with each device's own key as that device, on the
 * NMS's device-facing port: over SSH, and in tls also as a TLS client presenting the device's
 * certificate. A device whose key logs in has an account on the NMS that its stolen key opens.
 */
final class NmsAccounts implements SecurityScenario {

    /**
     * @param devices   devices the NMS trusts
     * @param untrusted of those, how many are dropped from the NMS's trust before the probes (a
     *                  test changes it to see the count follow what the NMS holds)
     */
    record Settings(int devices, int untrusted) {
        static final Settings STANDARD = new Settings(3, 0);
    }

    private final Settings settings;

    NmsAccounts(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "nms-accounts";
    }

    @Override
    public String title() {
        return "Accounts and keys on the NMS";
    }

    @Override
    public String question() {
        return "How many accounts and keys must the NMS manage for N devices, and do any of them let a device "
                + "log into the NMS?";
    }

    @Override
    public String matters() {
        return "Every login account on the NMS is attack surface to provision, audit and revoke; at fleet scale "
                + "that is one per device.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            if (lab.tls()) {
                return runTls(lab, testbed);
            }
            int n = settings.devices();
            Map<String, KeyPair> devices = new LinkedHashMap<>();
            Map<String, PublicKey> trusted = new LinkedHashMap<>();
            for (int i = 1; i <= n; i++) {
                String id = "dev-" + i;
                KeyPair own = SshKeys.loadPrivateKey(testbed.deviceKey(id));
                // with certificates a device logs in with what it holds: its key and its certificate
                devices.put(id, lab.reverseSsh() ? own : testbed.presentedKey(strategy, id));
                if (i > settings.untrusted()) {
                    trusted.put(id, own.getPublic());
                }
            }
            Testbed.NmsKeys keys = lab.nmsKeys("nms");
            NmsWatch nms = lab.startNms("nms", keys, trusted, false);
            NmsSettings held = nms.nms().settings();
            int deviceKeys = held.reverseSsh().map(reverse -> reverse.knownDevices().asMap().size())
                    .orElseGet(() -> held.deviceSsh().orElseThrow().deviceAccounts().asMap().size());
            int privateKeys = (held.reverseSsh().isPresent() ? 1 : 0) + (held.deviceSsh().isPresent() ? 1 : 0);
            int deviceCas = held.deviceCertificates().authorities().map(cas -> cas.all().size()).orElse(0)
                    + held.deviceCertificates().x509Authorities().map(cas -> cas.all().size()).orElse(0);
            int expectedIds = held.deviceCertificates().deviceIds().map(Set::size).orElse(0);

            List<String> evidence = new ArrayList<>();
            evidence.add("the NMS runs with " + deviceKeys + " device keys (" + (lab.reverseSsh()
                    ? "known device host keys" : "device accounts: login name and login key") + "), "
                    + deviceCas + " device CA keys" + (lab.reverseSsh() ? "" : " (each lets every device it certifies "
                    + "log in)") + ", " + expectedIds + " expected device ids and " + privateKeys
                    + " private key of its own (" + (lab.reverseSsh() ? "its login key for devices"
                    : "its SSH host key") + ")");
            InetSocketAddress port = nms.address();
            PublicKey hostKey = lab.reverseSsh() ? null : keys.hostKey().getPublic();
            int accounts = 0;
            for (Map.Entry<String, KeyPair> device : devices.entrySet()) {
                try (AccountProbe probe = new AccountProbe(port, hostKey, device.getKey(), device.getValue(),
                        ScenarioLab.WAIT)) {
                    Probe login = probe.login();
                    if (login.allowed()) {
                        accounts++;
                    }
                    evidence.add("device-facing port " + port.getPort() + ", " + device.getKey() + "'s own key"
                            + (device.getValue().getPublic() instanceof OpenSshCertificate
                            || device.getValue().getPublic() instanceof X509PublicKey ? " and certificate" : "")
                            + ": " + login);
                }
                if (!lab.reverseSsh()) {
                    // each login that leaves without NETCONF is reported; waiting for it keeps the logins apart
                    nms.awaitCount("auth-failed", device.getKey(), 1, ScenarioLab.QUIET);
                }
            }
            String finding = counted(n, trusted.size(), accounts, deviceKeys, deviceCas, privateKeys)
                    + (accounts == 0 ? "no device key opens a login on the NMS"
                    : deviceKeys == 0 && deviceCas > 0 ? "every trusted device's certified key opens a login on the "
                    + "NMS, through one CA key rather than an account per device"
                    : "every trusted device's key opens a login on the NMS, so the NMS manages one account per "
                    + "device");
            return lab.result(Verdict.DIFFERS, summary(accounts, trusted.size()), finding, evidence);
        }
    }

    /**
     * The tls run: the NMS holds per device a key it approved (pinned) or nothing (a device CA and the
     * ids it expects); each device tries to log in on the NMS's device-facing port over SSH and as a
     * TLS client with its certificate, after a look at what the port sends unprompted.
     */
    private SecurityResult runTls(ScenarioLab lab, Testbed testbed) throws Exception {
        int n = settings.devices();
        Map<String, PublicKey> trusted = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            if (i > settings.untrusted()) {
                trusted.put("dev-" + i, testbed.devicePublicKey("dev-" + i));
            }
        }
        Testbed.NmsKeys keys = lab.nmsKeys("nms");
        NmsWatch nms = lab.startNms("nms", keys, trusted, false);
        NmsSettings held = nms.nms().settings();
        NmsApi api = new NmsApi(nms);
        int deviceKeys = api.trusted(CallHomeStrategy.TLS).size();
        int privateKeys = held.tls().isPresent() ? 1 : 0;
        int deviceCas = held.deviceCertificates().x509Authorities().map(cas -> cas.all().size()).orElse(0);
        int expectedIds = held.deviceCertificates().deviceIds().map(Set::size).orElse(0);
        X509Certificate own = held.tls().orElseThrow().chain().get(0);

        List<String> evidence = new ArrayList<>();
        evidence.add("the NMS runs with " + deviceKeys + " device keys (devices approved by key in its trust store), "
                + deviceCas + " device CA keys, " + expectedIds + " expected device ids and " + privateKeys
                + " private key of its own (its TLS client key, certificate '"
                + own.getSubjectX500Principal().getName() + "')");
        evidence.add("its listeners for devices (GET /api/strategies): " + String.join(", ",
                api.strategies().stream().map(NmsAccounts::listener).toList()));
        InetSocketAddress port = nms.address();
        int accounts = 0;
        boolean sshServer = false;
        boolean tlsServer = false;
        boolean tlsClient = true;
        for (int i = 1; i <= n; i++) {
            String id = "dev-" + i;
            Path keyFile = testbed.deviceKey(id);
            KeyPair key = SshKeys.loadPrivateKey(keyFile);
            List<X509Certificate> chain = X509ChainFile.load(testbed.deviceCertificate(CallHomeStrategy.TLS, id)
                    .file(), key, keyFile, "--host-cert");
            try (AccountProbe probe = new AccountProbe(port, null, id, key, ScenarioLab.WAIT)) {
                Probe tried = probe.login();
                // the SSH library quotes the bytes it got instead of an identification: the NMS's ClientHello
                Probe login = new Probe(tried.what(), tried.allowed(), PeerText.shown(tried.answer(),
                        PeerText.MESSAGE_CHARS));
                sshServer |= probe.sshServerAnswered();
                TlsLoginProbe.Opening opening = TlsLoginProbe.opening(port, ScenarioLab.WAIT);
                tlsClient &= opening.clientHello();
                Probe handshake = TlsLoginProbe.handshake(port, id, key, chain, ScenarioLab.WAIT);
                tlsServer |= handshake.allowed();
                if (login.allowed() || handshake.allowed()) {
                    accounts++;
                }
                evidence.add("device-facing port " + port.getPort() + ", " + id + "'s own key: " + login
                        + "; unprompted, the NMS " + opening.described() + "; " + handshake);
            }
        }
        Thread.sleep(ScenarioLab.QUIET.toMillis());
        evidence.add(nms.eventSummary());
        String finding = counted(n, trusted.size(), accounts, deviceKeys, deviceCas, privateKeys)
                + (accounts > 0 ? accounts + " device keys open a login on the NMS"
                : "no device key opens a login on the NMS" + (sshServer || tlsServer || !tlsClient ? ""
                : ": its device-facing port runs no SSH server and no TLS server, it is the TLS client of every "
                + "connection (RFC 8071), and a device is held as " + (deviceKeys > 0 ? "a pinned key"
                : "an id its CA certifies") + ", not as an account"));
        return lab.result(Verdict.DIFFERS, summary(accounts, trusted.size()), finding, evidence);
    }

    /** One strategy's entry of {@code GET /api/strategies}, e.g. "tls served on 127.0.0.1:4335". */
    private static String listener(JsonObject strategy) {
        return strategy.getString("strategy") + (strategy.getBoolean("served", false)
                ? " served on " + strategy.getString("listening") : " not served");
    }

    /** The counts that open the finding, the same for every strategy. */
    private static String counted(int devices, int trusted, int accounts, int deviceKeys, int deviceCas,
                                  int privateKeys) {
        return "for " + devices + " devices (" + trusted + " trusted): " + accounts
                + " login accounts on the NMS (a device's key logs in), " + (deviceKeys + deviceCas + privateKeys)
                + " keys (" + deviceKeys + " device public keys, " + deviceCas + " device CA keys, " + privateKeys
                + " NMS private key); ";
    }

    private static String summary(int accounts, int trusted) {
        return accounts == 0 ? "no device has a login on the NMS"
                : accounts == trusted ? "NMS gives each device a login"
                : accounts + " of " + trusted + " devices have a login on the NMS";
    }
}
