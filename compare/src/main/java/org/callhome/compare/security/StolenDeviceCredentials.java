package org.callhome.compare.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.ServerSession;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.lab.X509LabCa;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * Someone copied everything stored on a device (its private key, the NMS key it trusts, its
 * accounts) and runs the copy while the real device is offline. Impersonating the device is
 * expected in both strategies; the question is what else the copy can do to the NMS. In
 * device-ssh-client the device holds a login to the NMS's SSH server, so the copy logs in with
 * it and tries what an ordinary account allows. In reverse-ssh the device holds no credential for
 * the NMS: the copy tries to log in anyway, and, as the SSH server the NMS logs into, asks the
 * NMS to open channels towards it. In tls the device holds no login either, only its key and
 * certificate: the copy tries a TLS client's handshake on the NMS's port, records what the NMS
 * sends a TLS server presenting the stolen certificate, and tries to pass as another device the
 * NMS knows, with a certificate naming it that the stolen key signs for itself or for a new key.
 */
final class StolenDeviceCredentials implements SecurityScenario {

    /**
     * @param probeStandIn the protection removed: the stolen login is tried on a stand-in for an
     *                     NMS whose device accounts are ordinary SSH accounts ({@link StandInSshServer})
     *                     instead of the real NMS's device port
     */
    record Settings(boolean probeStandIn) {
        static final Settings STANDARD = new Settings(false);
    }

    private static final String DEVICE = "dev-1";
    /** tls: another device the NMS knows, whose id the copy tries to take. */
    private static final String OTHER = "dev-2";

    private final Settings settings;

    StolenDeviceCredentials(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "stolen-device-credentials";
    }

    @Override
    public String title() {
        return "Stolen device credentials";
    }

    @Override
    public String question() {
        return "What can someone holding everything stored on the device do to the NMS?";
    }

    @Override
    public String matters() {
        return "Devices stand in places nobody guards: what a stolen one opens on the NMS is how far a theft "
                + "reaches.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            boolean reverse = lab.reverseSsh();
            Testbed.NmsKeys keys = lab.nmsKeys("nms");
            Map<String, PublicKey> trusted = new LinkedHashMap<>();
            trusted.put(DEVICE, lab.devicePublicKey(DEVICE));
            if (lab.tls()) {
                trusted.put(OTHER, lab.devicePublicKey(OTHER));
            }
            NmsWatch nms = lab.startNms("nms", keys, trusted, false);
            DeviceSpec stolen = stealFiles(lab, lab.device(DEVICE, keys, nms.address(), Role.ADMIN));
            KeyPair stolenKey = SshKeys.loadPrivateKey(stolen.keyFile());
            List<String> evidence = new ArrayList<>();
            evidence.add("the attacker holds copies of " + DEVICE + "'s " + stolen.keyFile().getFileName()
                    + " (its " + (reverse ? "host" : lab.tls() ? "TLS" : "login") + " key "
                    + SshKeys.fingerprint(stolenKey.getPublic())
                    + "), " + stolen.certificateFile().map(file -> file.getFileName() + " (its certificate), ")
                    .orElse("") + stolen.nmsKeyFile().getFileName() + " and its account '" + stolen.account() + "' ("
                    + stolen.role().wireName() + "); the real " + DEVICE + " is offline");

            boolean impersonated = impersonate(lab, nms, stolen, evidence);
            if (lab.tls() && !settings.probeStandIn()) {
                return tlsReach(lab, nms, stolen, stolenKey, impersonated, evidence);
            }

            List<Probe> probes = new ArrayList<>();
            HeldCertificate stolenCertificate = HeldCertificate.read(stolen.certificateFile(), stolenKey,
                    stolen.keyFile());
            // the copy logs in with all it holds: its certificate, when it has one
            KeyPair stolenLogin = reverse || lab.tls() ? stolenKey : stolenCertificate.loginKey(stolenKey);
            Probe login = probeAccount(lab, nms, keys, stolenLogin, probes);
            evidence.add("login with the stolen key on " + (settings.probeStandIn() ? "a stand-in SSH server with an "
                    + "ordinary account for " + DEVICE : reverse ? "the NMS's only device-facing port, the call-home "
                    + "listener " + nms.address().getPort() : "the NMS's SSH server for devices") + ": " + login);
            probes.forEach(probe -> evidence.add("as " + DEVICE + " on that server: " + probe));

            List<Probe> channels = new ArrayList<>();
            List<String> nmsActions = List.of();
            if (reverse) {
                nmsActions = askNmsForChannels(lab, nms, stolenKey, stolenCertificate, channels, evidence);
            }
            Thread.sleep(ScenarioLab.QUIET.toMillis());
            evidence.add(nms.eventSummary());

            boolean anyAllowed = probes.stream().anyMatch(Probe::allowed) || channels.stream().anyMatch(Probe::allowed);
            String finding = "impersonates the device: " + (impersonated ? "yes" : "no") + "; "
                    + loginFinding(reverse, settings.probeStandIn(), login, probes)
                    + (reverse ? "; channels its SSH server asked the NMS to open: " + tally(channels)
                    + "; the NMS " + (nmsActions.isEmpty() ? "did nothing on it" : String.join(", ", nmsActions))
                    : "");
            return lab.result(anyAllowed ? Verdict.FAILS : Verdict.DIFFERS,
                    summary(impersonated, settings.probeStandIn(), login, probes, channels), finding, evidence);
        }
    }

    /** The attacker's copy of the device: its key and trust file copied, its own (empty) data folder. */
    private static DeviceSpec stealFiles(ScenarioLab lab, DeviceSpec device) throws Exception {
        Path loot = lab.folder("stolen-" + device.id());
        Path key = Files.copy(device.keyFile(), loot.resolve(device.keyFile().getFileName()));
        Path trust = Files.copy(device.nmsKeyFile(), loot.resolve(device.nmsKeyFile().getFileName()));
        lab.name(key, "the attacker's copy of " + device.id() + "'s private key file");
        lab.name(trust, "the attacker's copy of " + device.id() + "'s " + lab.nmsTrustFile());
        Optional<Path> certificate = Optional.empty();
        if (device.certificateFile().isPresent()) {
            Path copy = Files.copy(device.certificateFile().get(),
                    loot.resolve(device.certificateFile().get().getFileName()));
            lab.name(copy, "the attacker's copy of " + device.id() + "'s certificate");
            certificate = Optional.of(copy);
        }
        return new DeviceSpec(device.strategy(), device.id(), device.nmsHost(), device.nmsPort(), key, trust,
                device.account(), device.role(), loot.resolve("data"), certificate);
    }

    /** Runs the device software on the stolen files; true if the NMS took the copy for the device. */
    private static boolean impersonate(ScenarioLab lab, NmsWatch nms, DeviceSpec stolen, List<String> evidence)
            throws Exception {
        ScenarioLab.Device copy = lab.startDevice(stolen);
        Optional<DeviceEvent> connected = nms.awaitEvent("connected",
                data -> DEVICE.equals(data.getString("id")), ScenarioLab.WAIT);
        evidence.add("the device software on the copied files: " + connected
                .map(event -> "the NMS took it for " + DEVICE + ": " + NmsWatch.describe(event))
                .orElse("no session within " + ScenarioLab.WAIT.toSeconds() + " s; its dialer: "
                        + copy.dialer().entries()));
        lab.stop(copy);
        if (connected.isPresent()) {
            nms.awaitEvent("disconnected", data -> DEVICE.equals(data.getString("id")), ScenarioLab.WAIT);
            // the NMS forgets the live login when the SSH session has closed on its side too
            Thread.sleep(ScenarioLab.QUIET.toMillis());
        }
        return connected.isPresent();
    }

    /**
     * tls: what the copy can do beyond being the device. There is no login: the NMS's only port for
     * devices is the call-home listener, where it is the TLS client. What the NMS sends a TLS server
     * presenting the stolen certificate is recorded; then the copy claims {@link #OTHER}'s id with a
     * certificate naming it, signed by the stolen key for itself and issued from the stolen
     * certificate to a new key.
     */
    private static SecurityResult tlsReach(ScenarioLab lab, NmsWatch nms, DeviceSpec stolen, KeyPair stolenKey,
                                           boolean impersonated, List<String> evidence) throws Exception {
        List<X509Certificate> chain = X509ChainFile.load(stolen.certificateFile().orElseThrow(), stolenKey,
                stolen.keyFile());
        Probe login = TlsLoginProbe.handshake(nms.address(), stolen.id(), stolenKey, chain, ScenarioLab.WAIT);
        evidence.add("login with the stolen certificate on the NMS's only device-facing port, the call-home listener "
                + nms.address().getPort() + ": " + login);
        ScriptedTlsDevice.Call given = claim(nms, "as it is", "the stolen certificate", stolenKey, chain,
                evidence).call();

        Path folder = lab.folder("attacker");
        X509LabCa.Subject other = X509LabCa.Subject.device(OTHER, X509LabCa.SERVER_AUTH);
        X509Certificate selfSigned = X509LabCa.selfSigned(folder.resolve("forged-" + OTHER + "-cert.pem"), stolenKey,
                other).certificate();
        KeyPair newKey = X509LabCa.newKey();
        X509Certificate issued = X509LabCa.issuedBy(folder.resolve("issued-" + OTHER + "-cert.pem"), chain.get(0),
                stolenKey, newKey.getPublic(), other).certificate();
        List<Probe> claims = List.of(
                claim(nms, "self-signed by the stolen key", "a certificate naming " + OTHER + " that the stolen "
                        + "key signs for itself", stolenKey, List.of(selfSigned), evidence).probe(),
                claim(nms, "issued from the stolen certificate", "a certificate naming " + OTHER + " for a new "
                        + "key, issued from " + DEVICE + "'s stolen certificate (sent after it)", newKey,
                        List.of(issued, chain.get(0)), evidence).probe());
        Thread.sleep(ScenarioLab.QUIET.toMillis());
        evidence.add(nms.eventSummary());

        boolean anyAllowed = login.allowed() || claims.stream().anyMatch(Probe::allowed);
        String summary = (impersonated ? "copy passes as the device" : "copy not taken for the device") + "; "
                + (login.allowed() ? "a TLS login on the NMS" : "no login on the NMS")
                + (claims.stream().anyMatch(Probe::allowed) ? "; passes as " + OTHER : "; no other device's id");
        String finding = "impersonates the device: " + (impersonated ? "yes" : "no") + "; logs into the NMS: "
                + (login.allowed() ? "yes (" : "no (the NMS's only device-facing port is the call-home listener, where "
                + "the NMS is the TLS client: ") + login.answer() + "); passes as " + OTHER + ": "
                + (claims.stream().anyMatch(Probe::allowed) ? "YES" : "no") + " (" + String.join("; ", claims.stream()
                        .map(claim -> claim.what() + ": " + claim.answer()).toList()) + ")"
                + "; to a TLS server presenting the stolen certificate the NMS sent " + (given.nmsChain().isEmpty()
                ? "no certificate"
                : "its client certificate, which is public and useless without the NMS's private key")
                + (given.nmsNetconf().contains("<hello") ? ", and its NETCONF hello" : "");
        return lab.result(anyAllowed ? Verdict.FAILS : Verdict.DIFFERS, summary, finding, evidence);
    }

    /** One presented chain's call and what the NMS made of it: allowed if the NMS took it for {@link #OTHER}. */
    private record Claim(ScriptedTlsDevice.Call call, Probe probe) {
    }

    /**
     * Calls the NMS as a TLS server presenting {@code chain} for {@code key}, and waits for the NMS's
     * event on it: which device it took the call for, or why it refused it.
     */
    private static Claim claim(NmsWatch nms, String what, String presenting, KeyPair key,
                               List<X509Certificate> chain, List<String> evidence) throws Exception {
        int seen = nms.events().size();
        ScriptedTlsDevice.Call call = new ScriptedTlsDevice(key, chain, ScenarioLab.WAIT).call(nms.address());
        Optional<DeviceEvent> event = nms.awaitEventAfter(seen, ScenarioLab.WAIT);
        // the NMS names the device it took the call for in every event but a refusal of an unknown one
        Optional<String> takenFor = event.filter(e -> !"rejected".equals(e.type()))
                .map(e -> e.data().getString("id"));
        String answer = call + "; " + event.map(e -> "the NMS: " + NmsWatch.describe(e))
                .orElse("the NMS reported nothing within " + ScenarioLab.WAIT.toSeconds() + " s");
        evidence.add("the copy's TLS server presenting " + presenting + ": " + answer);
        String verdict = takenFor.map(id -> "taken for " + id + (id.equals(OTHER) ? "" : ", not " + OTHER))
                .orElse(event.isPresent() ? "refused" : "no answer");
        return new Claim(call, new Probe(what, takenFor.filter(OTHER::equals).isPresent(), verdict));
    }

    /**
     * Logs in with the stolen key and, if that works, tries a shell, a command, a port forward to
     * the NMS's HTTP API and sftp, each in a session of its own. Returns the login's answer.
     */
    private Probe probeAccount(ScenarioLab lab, NmsWatch nms, Testbed.NmsKeys keys, KeyPair stolenKey,
                               List<Probe> probes) throws Exception {
        boolean reverse = lab.reverseSsh();
        StandInSshServer standIn = settings.probeStandIn()
                ? lab.closeLater(StandInSshServer.start(DEVICE, stolenKey.getPublic())) : null;
        InetSocketAddress target = standIn != null ? standIn.address() : nms.address();
        PublicKey hostKey = standIn != null ? standIn.hostKey() : reverse ? null : keys.hostKey().getPublic();
        // on the real NMS each session that leaves without NETCONF is reported; waiting for that
        // report keeps the sessions apart (the NMS allows one live session per device)
        boolean reported = standIn == null && !reverse;
        InetSocketAddress api = new InetSocketAddress("127.0.0.1", nms.httpPort());
        try (AccountProbe probe = new AccountProbe(target, hostKey, DEVICE, stolenKey, ScenarioLab.WAIT)) {
            Probe login = probe.login();
            if (!login.allowed()) {
                return login;
            }
            int sessions = 1;
            List<Supplier<Probe>> tries = List.of(probe::shell, () -> probe.exec("id"),
                    () -> probe.forward(api), () -> probe.subsystem("sftp"));
            for (Supplier<Probe> next : tries) {
                if (reported) {
                    nms.awaitCount("auth-failed", DEVICE, sessions, ScenarioLab.WAIT);
                }
                probes.add(next.get());
                sessions++;
            }
            if (reported) {
                nms.awaitCount("auth-failed", DEVICE, sessions, ScenarioLab.WAIT);
            }
            return login;
        }
    }

    /** reverse-ssh: the copy as SSH server, logged into by the NMS, asks the NMS for channels. */
    private static List<String> askNmsForChannels(ScenarioLab lab, NmsWatch nms, KeyPair stolenKey,
                                                  HeldCertificate stolenCertificate, List<Probe> channels,
                                                  List<String> evidence) throws Exception {
        int api = nms.httpPort();
        try (OutboundProbeServer server = stolenCertificate.server(stolenKey)) {
            ServerSession session;
            try {
                session = server.dialAndAwaitLogin(nms.address(), ScenarioLab.WAIT);
            } catch (IOException e) {
                evidence.add("the copy's SSH server calling the NMS: " + e.getMessage());
                return server.nmsActions();
            }
            channels.add(server.open(session, "session channel (a shell or command on the NMS)", "session",
                    buffer -> { }, ScenarioLab.WAIT));
            channels.add(server.open(session, "direct-tcpip to the NMS's API 127.0.0.1:" + api, "direct-tcpip",
                    buffer -> forwardFields(buffer, api), ScenarioLab.WAIT));
            channels.add(server.open(session, "forwarded-tcpip to the NMS's API 127.0.0.1:" + api, "forwarded-tcpip",
                    buffer -> forwardFields(buffer, api), ScenarioLab.WAIT));
            channels.add(server.open(session, "auth-agent@openssh.com (the NMS's SSH agent)", "auth-agent@openssh.com",
                    buffer -> { }, ScenarioLab.WAIT));
            evidence.add("the copy's SSH server called the NMS; the NMS " + String.join(", ", server.nmsActions()));
            channels.forEach(probe -> evidence.add("channel asked of the NMS: " + probe));
            session.close(true);
            return server.nmsActions();
        }
    }

    /** Host and port to connect, then originator address and port (RFC 4254 §7.1, §7.2). */
    private static void forwardFields(Buffer buffer, int port) {
        buffer.putString("127.0.0.1");
        buffer.putUInt(port);
        buffer.putString("127.0.0.1");
        buffer.putUInt(40000);
    }

    /** What the copy got, in a few words: taken for the device or not, then what its login opened. */
    private static String summary(boolean impersonated, boolean standIn, Probe login, List<Probe> probes,
                                  List<Probe> channels) {
        String where = standIn ? "a stand-in server" : "the NMS";
        long allowed = probes.stream().filter(Probe::allowed).count();
        long opened = channels.stream().filter(Probe::allowed).count();
        return (impersonated ? "copy passes as the device" : "copy not taken for the device") + "; "
                + (!login.allowed() ? "no login on " + where
                : allowed == 0 ? "logs in to " + where + ", nothing more"
                : "logs in to " + where + ", " + allowed + " of " + probes.size() + " requests allowed")
                + (opened == 0 ? "" : "; NMS opened " + opened + " of " + channels.size() + " channels to it");
    }

    private static String loginFinding(boolean reverse, boolean standIn, Probe login, List<Probe> probes) {
        String where = standIn ? "logs into a stand-in SSH server with an ordinary account as " + DEVICE
                : reverse ? "logs into the NMS" : "logs into the NMS's SSH server as " + DEVICE;
        if (!login.allowed()) {
            return where + ": no (" + (reverse && !standIn ? "the NMS's only device-facing port is the call-home "
                    + "listener, where the NMS is the SSH client: " : "") + login.answer() + ")";
        }
        return where + ": yes; shell/exec/forwarding/sftp: " + tally(probes);
    }

    /** "refused (4/4)", or which were allowed. */
    private static String tally(List<Probe> probes) {
        List<String> allowed = probes.stream().filter(Probe::allowed).map(Probe::what).toList();
        if (allowed.isEmpty()) {
            return "refused (" + probes.size() + "/" + probes.size() + ")";
        }
        return "ALLOWED " + allowed.size() + "/" + probes.size() + " (" + String.join(", ", allowed) + ")";
    }
}
