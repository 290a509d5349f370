package org.callhome.compare.security;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.text.PeerText;
import org.callhome.testsupport.ncclient.NcclientProcess;

/**
 * An off-the-shelf NETCONF call-home client as the NMS. Over SSH (RFC 6242), ncclient's
 * {@code manager.call_home} (paramiko underneath) listens, the real device calls it, and ncclient
 * must read the running configuration. Interoperability is a security property too: an operator
 * who can use standard tools need not run bespoke ones. Needs {@code python3-ncclient}; without it
 * the result is NOT_RUN, saying what to install. Over TLS (RFC 7589) it looks for a stock client
 * that accepts TLS call home (netopeer2-cli, ncclient's transports, yangcli) and, finding none that
 * does, is NOT_RUN, saying what it found.
 */
final class Rfc6242Client implements SecurityScenario {

    /**
     * @param python          the interpreter with ncclient installed
     * @param pinDeviceHostKey whether ncclient checks the device's host key (hostkey_verify with the
     *                        pinned key) rather than accepting any
     */
    record Settings(Path python, boolean pinDeviceHostKey) {
        static final Settings STANDARD = new Settings(NcclientProcess.DEBIAN_PYTHON, true);
    }

    private static final String DEVICE = "dev-1";
    private static final String HOSTNAME = "edge-6242";
    /** ncclient's own limit for accepting the call (call_home's socket timeout) is 10 s. */
    private static final Duration NCCLIENT_RUN = Duration.ofSeconds(40);
    private static final int MAX_QUOTED_LINES = 4;
    /** The stock clients a tls run looks for: CESNET's (netopeer2) and yuma123's. */
    private static final String NETOPEER2_CLI = "netopeer2-cli";
    private static final String YANGCLI = "yangcli";

    private final Settings settings;

    Rfc6242Client(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "rfc6242-client";
    }

    @Override
    public String title() {
        return "Standard NETCONF client";
    }

    @Override
    public String question() {
        return "Can an off-the-shelf NETCONF call-home client for the strategy's transport (over SSH, RFC 6242: "
                + "ncclient; over TLS, RFC 7589) manage the device?";
    }

    @Override
    public String matters() {
        return "A device that stock NETCONF clients can manage needs no bespoke NMS software, and its operators "
                + "can use the tools they already trust.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            if (lab.tls()) {
                return stockTlsClients(lab);
            }
            Optional<String> missing = NcclientProcess.missing(settings.python());
            if (missing.isPresent()) {
                return lab.result(Verdict.NOT_RUN, "ncclient cannot run here", "ncclient cannot run here: "
                        + missing.get(), List.of());
            }
            Testbed.NmsKeys keys = lab.nmsKeys("ncclient");
            // a device-ssh-client device has no host key: its key is a login key, nothing for ncclient to pin
            String pinned = settings.pinDeviceHostKey() && lab.reverseSsh()
                    ? SshKeys.toOpenSsh(lab.devicePublicKey(DEVICE)).split(" ")[1] : null;
            List<String> evidence = new ArrayList<>();
            NcclientProcess ncclient = lab.closeLater(NcclientCallHomeScript.start(settings.python(),
                    lab.folder("ncclient"), Testbed.REVERSE_SSH_ACCOUNT, keys.identityFile(), pinned,
                    ScenarioLab.WAIT));
            OptionalInt port = ncclient.awaitListening(ScenarioLab.WAIT);
            if (port.isEmpty()) {
                return lab.result(Verdict.NOT_RUN, "ncclient did not start", "ncclient did not start listening: "
                        + quote(ncclient.stderr()), evidence);
            }
            evidence.add("ncclient manager.call_home listening on 127.0.0.1:" + port.getAsInt() + " as NMS, user '"
                    + Testbed.REVERSE_SSH_ACCOUNT + "' with key " + SshKeys.fingerprint(keys.identity().getPublic())
                    + (pinned == null ? ", accepting any host key" : ", pinning " + DEVICE + "'s host key "
                    + SshKeys.fingerprint(lab.devicePublicKey(DEVICE))));
            DeviceSpec spec = lab.device(DEVICE, keys, new InetSocketAddress("127.0.0.1", port.getAsInt()), Role.ADMIN);
            ScenarioLab.seedRunning(spec, "<system xmlns=\"urn:example:system\"><hostname>" + HOSTNAME
                    + "</hostname></system>");
            ScenarioLab.Device device = lab.startDevice(spec);

            OptionalInt exit = ncclient.awaitExit(NCCLIENT_RUN);
            Optional<DialerLog.Entry> outcome = device.dialer().awaitOutcome(ScenarioLab.QUIET);
            Optional<JsonObject> reply = ncclient.stdoutLines().stream().findFirst().flatMap(Rfc6242Client::json);
            evidence.add("ncclient " + (exit.isPresent() ? "exited " + exit.getAsInt() : "still running after "
                    + NCCLIENT_RUN.toSeconds() + " s") + reply.map(json -> "; printed " + json.encode()).orElse("")
                    + (ncclient.stderr().isBlank() ? "" : "; stderr: " + quote(ncclient.stderr())));
            outcome.ifPresentOrElse(entry -> evidence.add("device " + DEVICE + " dialer: " + entry),
                    () -> evidence.add("device " + DEVICE + " dialer: " + device.dialer().entries()));

            boolean managed = exit.orElse(-1) == 0 && reply.map(json -> json.getString("get_config", ""))
                    .filter(data -> data.contains(HOSTNAME)).isPresent();
            if (managed) {
                JsonObject json = reply.get();
                return lab.result(Verdict.HOLDS, "stock RFC 6242 client manages it", "ncclient (paramiko; host key "
                        + json.getString("host_key") + ", cipher " + json.getString("cipher") + ") "
                        + (pinned == null ? "accepted" : "verified") + " the device's host key, logged in as '"
                        + Testbed.REVERSE_SSH_ACCOUNT + "' and read the running configuration (NETCONF session "
                        + json.getValue("session_id") + ")", evidence);
            }
            String ncclientSaid = ncclient.stderr().lines().filter(line -> line.startsWith("ERROR")).findFirst()
                    .map(line -> PeerText.shown(line, PeerText.MESSAGE_CHARS))
                    .orElse(exit.isPresent() ? "exit " + exit.getAsInt() : "no answer");
            boolean certificateRefused = lab.reverseSsh() && keys.identityCertFile().isPresent()
                    && ncclientSaid.contains("AuthenticationError");
            return lab.result(Verdict.FAILS, certificateRefused ? "stock RFC 6242 client's login refused"
                    : "stock RFC 6242 client cannot manage it",
                    "ncclient could not manage the device (ncclient: " + ncclientSaid + "; device: "
                    + outcome.map(DialerLog.Entry::detail).orElse("no report") + ")"
                    + (!lab.reverseSsh() ? ": in device-ssh-client the device is an SSH client, as ncclient is"
                    : certificateRefused ? ": ncclient was given the NMS's key with its user certificate beside it ("
                    + keys.identityCertFile().get().getFileName() + ", where paramiko looks for one), and the "
                    + "device, which trusts the NMS by its CA only, refused the login" : ""),
                    evidence);
        }
    }

    /**
     * The tls run: a stock client would have to listen for the device's call and be the TLS client on
     * it (RFC 8071 §4.2). Looks at what this machine has (netopeer2-cli and yangcli on the PATH, what
     * the installed ncclient's call_home speaks) beside what Debian bookworm packages, and runs none:
     * none of them is such a client, or this comparison does not drive the one found.
     */
    private SecurityResult stockTlsClients(ScenarioLab lab) throws Exception {
        List<String> evidence = new ArrayList<>();
        Optional<Path> netopeer = onPath(NETOPEER2_CLI);
        evidence.add(NETOPEER2_CLI + ": " + netopeer.map(path -> "found at " + path)
                .orElse("not on this machine's PATH; not in Debian bookworm (no netopeer2 package)"));
        Optional<Path> yangcli = onPath(YANGCLI);
        evidence.add(YANGCLI + ": " + yangcli.map(path -> "found at " + path).orElse("not on this machine's PATH")
                + "; Debian bookworm's (yuma123 2.13) connects over SSH or TCP (its --transport), no TLS, no call "
                + "home");
        Optional<JsonObject> ncclient = Optional.empty();
        Optional<String> missing = NcclientProcess.missing(settings.python());
        if (missing.isPresent()) {
            evidence.add("ncclient: cannot run here: " + missing.get());
        } else {
            NcclientProcess transports = lab.closeLater(NcclientCallHomeScript.transports(settings.python(),
                    lab.folder("ncclient")));
            OptionalInt exit = transports.awaitExit(ScenarioLab.WAIT);
            ncclient = transports.stdoutLines().stream().findFirst().flatMap(Rfc6242Client::json);
            evidence.add("ncclient under " + settings.python() + ": " + ncclient.map(json -> "version "
                    + json.getString("version") + ", transports " + names(json.getJsonArray("transports"))
                    + ", manager.call_home() connects with " + names(json.getJsonArray("call_home")))
                    .orElse("no answer (" + (exit.isPresent() ? "exit " + exit.getAsInt() : "still running")
                    + (transports.stderr().isBlank() ? "" : "; stderr: " + quote(transports.stderr())) + ")"));
        }
        evidence.add("libnetconf2 (Debian libnetconf2-2): a library with TLS call-home client functions, no program");
        boolean ncclientTls = ncclient.map(json -> json.getJsonArray("call_home")).filter(via -> via.contains("tls"))
                .isPresent();
        if (netopeer.isPresent() || ncclientTls) {
            return lab.result(Verdict.NOT_RUN, "stock TLS call-home client not driven", "a stock NETCONF-over-TLS "
                    + "call-home client is here (" + (netopeer.isPresent() ? NETOPEER2_CLI + " at " + netopeer.get()
                    : "ncclient's call_home over tls") + "), but this comparison does not drive it yet", evidence);
        }
        String ncclientSaid = ncclient.map(Rfc6242Client::ncclientCallHome)
                .orElse("ncclient could not be asked here (" + missing.orElse("no answer") + ")");
        return lab.result(Verdict.NOT_RUN, "no stock TLS call-home client", "no stock NETCONF-over-TLS (RFC 7589) "
                + "call-home client to run: " + NETOPEER2_CLI + " (CESNET), which listens for TLS call home, is not "
                + "packaged for Debian bookworm and not on this machine's PATH; " + ncclientSaid + "; " + YANGCLI
                + " (yuma123) speaks NETCONF over SSH or TCP, without TLS or call home; libnetconf2 has TLS call-home "
                + "client functions but no program, and the peer the project's system tests build on it is a test "
                + "fixture, not a stock client", evidence);
    }

    /** What the transports script found, as a clause of the finding: which transports call home uses. */
    private static String ncclientCallHome(JsonObject found) {
        String has = "ncclient " + found.getString("version") + " here has transports "
                + names(found.getJsonArray("transports"));
        JsonArray via = found.getJsonArray("call_home");
        if (via == null) {
            return has + " and no manager.call_home()";
        }
        List<String> connects = via.stream().map(name -> "connect_" + name).toList();
        return has + " and its manager.call_home() hands the accepted connection to "
                + (connects.isEmpty() ? "none of them" : String.join(" and ", connects))
                + (via.size() == 1 && via.contains("ssh") ? ": NETCONF over SSH only" : "");
    }

    /** The names the transports script listed, e.g. "ssh, tls"; "none" for none, "nothing" for no list. */
    private static String names(JsonArray list) {
        if (list == null) {
            return "nothing";
        }
        return list.isEmpty() ? "none" : String.join(", ", list.stream().map(String::valueOf).toList());
    }

    /** The first executable {@code name} in a directory of the PATH, as a shell would find it. */
    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir).resolve(name)).filter(Files::isExecutable).findFirst();
    }

    private static Optional<JsonObject> json(String line) {
        try {
            return Optional.of(new JsonObject(line));
        } catch (DecodeException notJson) {
            return Optional.empty();
        }
    }

    /** The messages of a process's output on one line, without traceback lines (they name files). */
    private static String quote(String output) {
        List<String> lines = Arrays.stream(output.strip().split("\n"))
                .filter(line -> !line.isBlank() && !line.startsWith(" ") && !line.startsWith("Traceback"))
                .limit(MAX_QUOTED_LINES).map(line -> PeerText.shown(line, PeerText.MESSAGE_CHARS)).toList();
        return String.join(" | ", lines);
    }
}
