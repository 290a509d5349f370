package org.callhome.compare.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.ServerSession;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * Someone copied everything stored on a device (its private key, the NMS key it trusts, its
 * accounts) and runs the copy while the real device is offline. Impersonating the device is
 * expected in both strategies; the question is what else the copy can do to the NMS. In
 * device-ssh-client the device holds a login to the NMS's SSH server, so the copy logs in with
 * it and tries what an ordinary account allows. In reverse-ssh the device holds no credential for
 * the NMS: the copy tries to log in anyway, and, as the SSH server the NMS logs into, asks the
 * NMS to open channels towards it.
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
            NmsWatch nms = lab.startNms("nms", keys, Map.of(DEVICE, lab.devicePublicKey(DEVICE)), false);
            DeviceSpec stolen = stealFiles(lab, lab.device(DEVICE, keys, nms.address(), Role.ADMIN));
            KeyPair stolenKey = SshKeys.loadPrivateKey(stolen.keyFile());
            List<String> evidence = new ArrayList<>();
            evidence.add("the attacker holds copies of " + DEVICE + "'s " + stolen.keyFile().getFileName()
                    + " (its " + (reverse ? "host" : "login") + " key " + SshKeys.fingerprint(stolenKey.getPublic())
                    + "), " + stolen.certificateFile().map(file -> file.getFileName() + " (its certificate), ")
                    .orElse("") + stolen.nmsKeyFile().getFileName() + " and its account '" + stolen.account() + "' ("
                    + stolen.role().wireName() + "); the real " + DEVICE + " is offline");

            boolean impersonated = impersonate(lab, nms, stolen, evidence);

            List<Probe> probes = new ArrayList<>();
            HeldCertificate stolenCertificate = HeldCertificate.read(stolen.certificateFile(), stolenKey,
                    stolen.keyFile());
            // the copy logs in with all it holds: its certificate, when it has one
            KeyPair stolenLogin = reverse ? stolenKey : stolenCertificate.loginKey(stolenKey);
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
        lab.name(trust, "the attacker's copy of " + device.id() + "'s " + (lab.reverseSsh()
                ? "authorized_keys file for the NMS's account" : lab.certificates() ? "known_hosts file for the NMS"
                : "pinned NMS host key file"));
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
