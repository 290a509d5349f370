package org.callhome.compare.security;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.lab.X509LabCa;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.SessionFactsCapability;
import org.callhome.shared.text.PeerText;
import org.callhome.testsupport.ncclient.NcclientProcess;

/**
 * An off-the-shelf NETCONF call-home client as the NMS. Over SSH (RFC 6242), ncclient's
 * {@code manager.call_home} (paramiko underneath) listens, the real device calls it, and ncclient
 * must read the running configuration. Over TLS (RFC 7589), libnetconf2's call-home client
 * (CESNET's NETCONF library as Debian packages it, in the small program {@link Ln2Nms} builds)
 * does the same, checking the device's certificate against the device CA or, under pinned keys,
 * against the device's own certificate. Interoperability is a security property too: an operator
 * who can use standard tools need not run bespoke ones. Each needs its Debian packages
 * ({@code python3-ncclient}; gcc and {@code libnetconf2-dev} among others); without them the
 * result is NOT_RUN, saying what to install.
 */
final class Rfc6242Client implements SecurityScenario {

    /**
     * @param python          the interpreter with ncclient installed
     * @param pinDeviceHostKey whether ncclient checks the device's host key (hostkey_verify with the
     *                        pinned key) rather than accepting any
     * @param compiler        the C compiler ln2-nms is built with, for tls
     */
    record Settings(Path python, boolean pinDeviceHostKey, String compiler) {
        static final Settings STANDARD = new Settings(NcclientProcess.DEBIAN_PYTHON, true, Ln2Nms.GCC);
    }

    private static final String DEVICE = "dev-1";
    private static final String HOSTNAME = "edge-6242";
    /** ncclient's own limit for accepting the call (call_home's socket timeout) is 10 s. */
    private static final Duration NCCLIENT_RUN = Duration.ofSeconds(40);
    private static final int MAX_QUOTED_LINES = 4;
    /** ln2-nms's own limit for the call and for the reply is {@link ScenarioLab#WAIT}, each. */
    private static final Duration LN2_RUN = ScenarioLab.WAIT.multipliedBy(2).plusSeconds(5);

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
                + "ncclient; over TLS, RFC 7589: libnetconf2) manage the device?";
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
                return libnetconf2(lab);
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
            ScenarioLab.Device device = startDevice(lab, keys, port.getAsInt());

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
     * The tls run: ln2-nms ({@link Ln2Nms}, libnetconf2's call-home client) listens, the real device
     * calls it and is the TLS server (RFC 8071 §4.2). ln2-nms presents the NMS's client certificate,
     * which the device takes by its NMS CA (x509) or pins (pinned keys); it accepts the device's
     * certificate by a chain to the device CA, or, under pinned keys, by the device's own
     * self-signed certificate as its one trust anchor; and it must read the running configuration.
     */
    private SecurityResult libnetconf2(ScenarioLab lab) throws Exception {
        Optional<String> missing = Ln2Nms.missing(settings.compiler());
        if (missing.isPresent()) {
            return lab.result(Verdict.NOT_RUN, "libnetconf2's client cannot run here", "libnetconf2's TLS call-home "
                    + "client (ln2-nms, built here from its source in the compare jar) cannot be built here: "
                    + missing.get() + " (Debian: apt-get install " + Ln2Nms.DEBIAN_PACKAGES + ")", List.of());
        }
        Ln2Nms ln2;
        try {
            ln2 = Ln2Nms.build(settings.compiler(), lab.folder("ln2-nms"));
        } catch (IOException e) {
            return lab.result(Verdict.NOT_RUN, "libnetconf2's client cannot run here", "ln2-nms, libnetconf2's TLS "
                    + "call-home client, could not be built: " + quote(e.getMessage()), List.of());
        }
        lab.name(ln2.program(), "ln2-nms");
        lab.name(ln2.yangDir(), "ln2-nms's YANG folder");
        Testbed.NmsKeys keys = lab.nmsKeys("ln2-nms");
        Path certificate = keys.identityCertFile().orElseThrow();
        lab.name(certificate, "the NMS's certificate file");
        lab.name(keys.identityFile(), "the NMS's private key file");
        Path trustAnchor;
        String trusting;
        if (lab.certificates()) {
            trustAnchor = ((X509LabCa) lab.testbed().deviceCa()).certificateFile();
            trusting = "the device CA's certificate";
        } else {
            // made once per device, so it is the one the device will present
            trustAnchor = lab.testbed().deviceCertificate(CallHomeStrategy.TLS, DEVICE).file();
            trusting = DEVICE + "'s own self-signed certificate, pinned as its one trust anchor";
        }
        lab.name(trustAnchor, trusting);

        List<String> evidence = new ArrayList<>();
        Ln2NmsProcess nms = lab.closeLater(ln2.start(certificate, keys.identityFile(), trustAnchor,
                ScenarioLab.WAIT));
        OptionalInt port = nms.awaitListening(ScenarioLab.WAIT);
        if (port.isEmpty()) {
            return lab.result(Verdict.NOT_RUN, "ln2-nms did not start", "ln2-nms did not start listening: "
                    + quote(nms.stderr()), evidence);
        }
        evidence.add("ln2-nms (" + ln2.versions() + ") listening on 127.0.0.1:" + port.getAsInt() + " as NMS, "
                + "presenting a client certificate for '" + Testbed.REVERSE_SSH_ACCOUNT + "' ("
                + (lab.certificates() ? "issued by the NMS CA" : "self-signed, which " + DEVICE + " pins")
                + ", key " + SshKeys.fingerprint(keys.identity().getPublic()) + "), trusting " + trusting);
        ScenarioLab.Device device = startDevice(lab, keys, port.getAsInt());

        OptionalInt exit = nms.awaitExit(LN2_RUN);
        Optional<DialerLog.Entry> outcome = device.dialer().awaitOutcome(ScenarioLab.QUIET);
        Optional<String> connected = nms.connected();
        Optional<String> data = nms.data();
        Optional<SessionFactsCapability.Reported> facts = SessionFactsCapability.find(nms.capabilities());
        evidence.add("ln2-nms " + (exit.isPresent() ? "exited " + exit.getAsInt() : "still running after "
                + LN2_RUN.toSeconds() + " s") + connected.map(line -> "; printed '" + line + "' and "
                + nms.capabilities().size() + " capabilities of the device's hello").orElse("")
                + data.map(xml -> "; data (" + xml.length() + " characters)" + seededPart(xml)).orElse("") + (nms.stderr().isBlank() ? "" : "; stderr: "
                + quote(nms.stderr())));
        facts.ifPresent(reported -> evidence.add(DEVICE + "'s hello: the session runs as '" + reported.username()
                + "' (" + reported.usernameSource().wireName() + ", " + reported.peerVerification().wireName() + ")"));
        outcome.ifPresentOrElse(entry -> evidence.add("device " + DEVICE + " dialer: " + entry),
                () -> evidence.add("device " + DEVICE + " dialer: " + device.dialer().entries()));

        boolean managed = exit.orElse(-1) == 0 && connected.isPresent()
                && data.filter(xml -> xml.contains("<hostname>" + HOSTNAME + "</hostname>")).isPresent();
        if (managed) {
            String[] session = connected.get().split(" ");
            return lab.result(Verdict.HOLDS, "stock RFC 7589 client manages it", "libnetconf2's call-home client ("
                    + ln2.versions() + ", in ln2-nms) accepted " + DEVICE + "'s call, verified its certificate against "
                    + trusting + ", was let in by its client certificate" + facts.map(reported -> " as '"
                    + reported.username() + "'").orElse("") + " and read the running configuration (NETCONF session "
                    + session[session.length - 1] + ", " + data.get().length() + " characters of data)", evidence);
        }
        String ln2Said = nms.stderr().lines().filter(line -> line.startsWith("ln2-nms:")
                || line.startsWith("libnetconf2 ERROR")).limit(2).map(line -> PeerText.shown(line,
                PeerText.MESSAGE_CHARS)).reduce((first, second) -> first + " | " + second)
                .orElse(exit.isPresent() ? "exit " + exit.getAsInt() : "no answer");
        return lab.result(Verdict.FAILS, "stock RFC 7589 client cannot manage it", "libnetconf2's call-home client "
                + "(ln2-nms) could not manage the device (ln2-nms: " + ln2Said + "; device: "
                + outcome.map(DialerLog.Entry::detail).orElse("no report") + ")", evidence);
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

    /**
     * What of the data shows the seeded configuration: from the seeded {@code <system>} on (the
     * device's running also holds its call-home settings, which come first), else from the start.
     */
    private static String seededPart(String xml) {
        String flat = xml.replaceAll("\\n\\s*", "");
        int system = flat.indexOf("<system xmlns=\"urn:example:system\"");
        return system < 0 ? ": " + PeerText.shown(flat, PeerText.MESSAGE_CHARS)
                : ", from its <system>: " + PeerText.shown(flat.substring(system), PeerText.MESSAGE_CHARS);
    }

    /** The device the stock client manages, its running configuration holding {@value #HOSTNAME}, calling {@code port}. */
    private static ScenarioLab.Device startDevice(ScenarioLab lab, Testbed.NmsKeys keys, int port) throws IOException {
        DeviceSpec spec = lab.device(DEVICE, keys, new InetSocketAddress("127.0.0.1", port), Role.ADMIN);
        ScenarioLab.seedRunning(spec, "<system xmlns=\"urn:example:system\"><hostname>" + HOSTNAME
                + "</hostname></system>");
        return lab.startDevice(spec);
    }
}
