package org.callhome.compare.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.LabAuthority;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.lab.X509LabCa;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * A certificate put before the real NMS as a device's, and what the NMS made of it, for the
 * certificate scenarios that expect a refusal. The device software presents it when it will.
 * Where it will not (its settings check refuses a certificate of the wrong type at start, its SSH
 * client never offers a user certificate outside its validity), the NMS's check would go untried,
 * so a stand-in holding the device's own key presents the certificate as it is: in reverse-ssh an
 * SSH server calling the NMS with it as host certificate ({@link OutboundProbeServer}), in
 * device-ssh-client an SSH client logging in with it ({@link AccountProbe}). The evidence says
 * which of them presented it. In tls the device software presents whatever chain it holds for its
 * key, as the TLS server of the connection it dialed, and the NMS, the TLS client, judges it in the
 * handshake; there is no stand-in, so a certificate the device will not start with goes untried.
 * Used on the scenario's thread.
 */
final class PresentedCertificate {

    /**
     * What the run observed.
     *
     * @param presenter       who presented the certificate, as a clause for a finding
     * @param deviceKeptBack  what the device software did instead of presenting it, in a few words, if it did not
     * @param rejected        the NMS's first rejection
     * @param acceptedAs      the device id the NMS accepted it as, if it did
     * @param nmsLoggedIn     reverse-ssh: the NMS logged in to the presenter (offered its credential)
     * @param tlsAlert        tls: the TLS alert the device got in the handshake, as its error named it
     * @param observed        whether anything was seen at all: an outcome on the presenter's side or a rejection
     * @param evidence        the scenario's evidence, what the presentation observed added to it
     */
    record Outcome(String presenter, Optional<String> deviceKeptBack, Optional<DeviceEvent> rejected,
                   Optional<String> acceptedAs, boolean nmsLoggedIn, Optional<String> tlsAlert, boolean observed,
                   List<String> evidence) {
    }

    /** The end of a device's report when it says it sent no credential (its own words). */
    private static final String SENT_NOTHING = "no credential sent";
    /** What the device's report says of a login it did not try: it kept its credential back. */
    private static final String NOT_TRIED = " not tried: ";
    /** How the JDK's TLS names an alert the peer sent, in the error a device's handshake ends with. */
    private static final Pattern TLS_ALERT = Pattern.compile("Received fatal alert: ([a-z_]+)");

    private PresentedCertificate() {
    }

    /**
     * Presents {@code certificate}, a certificate of device {@code id}'s own key, to {@code nms}
     * (which runs with the NMS keys {@code keys}), waits for the NMS's answer and adds what it
     * observed to {@code evidence}.
     */
    static Outcome present(ScenarioLab lab, NmsWatch nms, Testbed.NmsKeys keys, String id, Path certificate,
                           List<String> evidence) throws Exception {
        boolean reverse = lab.reverseSsh();
        DeviceSpec spec = lab.device(id, keys, nms.address(), Role.ADMIN).withCertificate(Optional.of(certificate));
        ScenarioLab.Device device;
        try {
            device = lab.startDevice(spec);
        } catch (IOException refused) {
            evidence.add(id + "'s device software refuses to start with it: " + refused.getMessage());
            if (tls(lab)) {
                return new Outcome(id + "'s device software refuses to start with it, and tls has no stand-in to "
                        + "present it", Optional.of("device software won't start with it"), Optional.empty(),
                        Optional.empty(), false, Optional.empty(), false, evidence);
            }
            return standIn(lab, nms, keys, spec, certificate, "refuses to start with it",
                    "device software won't start with it", evidence);
        }
        Optional<DialerLog.Entry> outcome = device.dialer().awaitOutcome(ScenarioLab.WAIT);
        boolean failed = outcome.isPresent() && outcome.get().kind() == DialerLog.Kind.FAILED;
        boolean sentNothing = failed && outcome.get().detail().endsWith(SENT_NOTHING);
        Optional<DeviceEvent> rejected = nms.awaitEvent("rejected",
                failed && !sentNothing ? ScenarioLab.WAIT : ScenarioLab.QUIET);
        if (outcome.isPresent() && !failed) {
            nms.awaitSession(ScenarioLab.WAIT);
        }
        Thread.sleep(ScenarioLab.QUIET.toMillis());
        outcome.ifPresentOrElse(entry -> evidence.add(id + " dialer: " + entry),
                () -> evidence.add(id + " reported nothing within " + ScenarioLab.WAIT.toSeconds() + " s"));
        if (sentNothing && outcome.get().detail().contains(NOT_TRIED) && nms.events().isEmpty()) {
            // the device kept it back and the NMS saw nothing of it: the NMS's check is still untried
            lab.stop(device);
            return standIn(lab, nms, keys, spec, certificate, "never offers it (its own report above)",
                    "device never offers it", evidence);
        }
        boolean nmsLoggedIn = reverse && (device.dialer().connectedEver() || !nms.events("auth-failed").isEmpty());
        if (reverse) {
            evidence.add(id + "'s SSH server: " + (device.dialer().connectedEver()
                    ? "the NMS logged in; NETCONF sessions on the device: " + device.agent().sessions().size()
                    : "no NMS login completed; NETCONF sessions on the device: " + device.agent().sessions().size()));
        }
        Optional<String> alert = Optional.empty();
        if (tls(lab)) {
            alert = outcome.filter(entry -> entry.kind() == DialerLog.Kind.FAILED)
                    .flatMap(entry -> tlsAlert(entry.detail()));
            evidence.add(id + " as TLS server: " + (device.dialer().connectedEver() ? "NETCONF ran on the connection"
                    : "no NETCONF on the connection") + "; NETCONF sessions on the device: "
                    + device.agent().sessions().size());
        }
        evidence.add(nms.eventSummary());
        return new Outcome(id + "'s device software presented it", Optional.empty(),
                rejected, acceptedAs(nms),
                nmsLoggedIn, alert, outcome.isPresent() || rejected.isPresent(), evidence);
    }

    /** The stand-in presents what the device software would not; {@code why} says what the device did. */
    private static Outcome standIn(ScenarioLab lab, NmsWatch nms, Testbed.NmsKeys keys, DeviceSpec spec,
                                   Path certificate, String why, String keptBack, List<String> evidence)
            throws Exception {
        String id = spec.id();
        KeyPair key = SshKeys.loadPrivateKey(spec.keyFile());
        HeldCertificate presented = HeldCertificate.read(Optional.of(certificate), key, spec.keyFile());
        boolean nmsLoggedIn = false;
        Optional<String> acceptedAs = Optional.empty();
        String presenter;
        if (lab.reverseSsh()) {
            presenter = "a stand-in SSH server with " + id + "'s host key";
            try (OutboundProbeServer server = presented.server(key)) {
                OutboundProbeServer.Call call = server.call(nms.address(), ScenarioLab.WAIT);
                nmsLoggedIn = call.nmsLoggedIn();
                evidence.add(presenter + " called the NMS presenting it as its host certificate: " + call.ending()
                        + (server.nmsActions().isEmpty() ? "" : "; the NMS " + String.join(", ",
                        server.nmsActions())));
            }
        } else {
            presenter = "a stand-in SSH client with " + id + "'s key";
            try (AccountProbe client = new AccountProbe(nms.address(), keys.hostKey().getPublic(), id,
                    presented.loginKey(key), ScenarioLab.WAIT)) {
                Probe login = client.login();
                if (login.allowed()) {
                    acceptedAs = Optional.of(id);
                }
                evidence.add(presenter + " logged in to the NMS with it: " + login);
            }
        }
        Optional<DeviceEvent> rejected = nms.awaitEvent("rejected", ScenarioLab.WAIT);
        Thread.sleep(ScenarioLab.QUIET.toMillis());
        evidence.add(nms.eventSummary());
        return new Outcome(id + "'s device software " + why + ", so " + presenter + " presented it",
                Optional.of(keptBack), rejected, acceptedAs.or(() -> acceptedAs(nms)), nmsLoggedIn, Optional.empty(),
                true, evidence);
    }

    private static Optional<String> acceptedAs(NmsWatch nms) {
        Optional<String> connected = nms.events("connected").stream().map(event -> event.data().getString("id"))
                .findFirst();
        return connected.isPresent() || nms.sessions().isEmpty() ? connected
                : Optional.of(nms.sessions().get(0).deviceId());
    }

    /**
     * The verdict on an outcome: HOLDS only if the NMS refused the certificate for {@code expected},
     * accepted nothing and, in reverse-ssh, never logged in to the presenter.
     *
     * @param what the certificate as the finding names it, e.g. "dev-1's expired certificate"
     */
    static SecurityResult judge(ScenarioLab lab, Outcome outcome, String expected, String what) {
        boolean reverse = lab.reverseSsh();
        String prefix = outcome.deviceKeptBack().map(kept -> kept + "; ").orElse("");
        if (outcome.acceptedAs().isPresent()) {
            return lab.result(Verdict.FAILS, prefix + (reverse ? "NMS logged in to it and accepted it"
                    : "NMS accepted it"), "the NMS accepted the device as '" + outcome.acceptedAs().get() + "' on "
                    + what + (reverse ? ", after logging in to it with its own credentials" : "") + "; "
                    + outcome.presenter(), outcome.evidence());
        }
        if (!outcome.observed() && outcome.deviceKeptBack().isPresent()) {
            return lab.result(Verdict.NOT_RUN, prefix + "nothing presented", outcome.presenter() + ": the NMS's "
                    + "check went untried", outcome.evidence());
        }
        if (!outcome.observed()) {
            return lab.result(Verdict.NOT_RUN, "nothing observed in time", "neither the presenter nor the NMS "
                    + "reported anything within " + ScenarioLab.WAIT.toSeconds() + " s: nothing to judge",
                    outcome.evidence());
        }
        if (outcome.rejected().isEmpty()) {
            return lab.result(Verdict.FAILS, prefix + (outcome.nmsLoggedIn() ? "NMS logged in to it"
                    : "NMS did not report a refusal"), "no session, but the NMS did not report " + what
                    + " as refused" + (outcome.nmsLoggedIn() ? " and logged in to it with its own credentials" : "")
                    + "; " + outcome.presenter(), outcome.evidence());
        }
        String refusal = refusal(outcome.rejected().get());
        String reason = outcome.rejected().get().data().getString("reason");
        if (reverse && outcome.nmsLoggedIn()) {
            return lab.result(Verdict.FAILS, prefix + "NMS logged in before refusing it", "the NMS refused " + what
                    + " (" + refusal + ") only after logging in to it with its own credentials; "
                    + outcome.presenter(), outcome.evidence());
        }
        if (!expected.equals(refusal)) {
            return lab.result(Verdict.FAILS, prefix + "NMS refused it as " + refusal + ", not " + expected,
                    "the NMS refused " + what + ", but as " + refusal + " (\"" + reason + "\"), not as " + expected
                    + ": the check this scenario tries did not decide; " + outcome.presenter(), outcome.evidence());
        }
        if (tls(lab)) {
            return lab.result(Verdict.HOLDS, prefix + "NMS refused it (" + refusal + ") in the TLS handshake",
                    "the NMS refused " + what + " (rejected, " + refusal + ": \"" + reason + "\") in the TLS "
                    + "handshake" + outcome.tlsAlert().map(alert -> ", the device getting a TLS alert (" + alert
                    + ")").orElse("") + ": no NETCONF session; " + outcome.presenter(), outcome.evidence());
        }
        return lab.result(Verdict.HOLDS, prefix + (reverse ? "NMS refused it (" + refusal + ") before logging in"
                : "NMS refused its login (" + refusal + ")"), "the NMS refused " + what + " (rejected, " + refusal
                + ": \"" + reason + "\") " + (reverse ? "during key exchange, before logging in: no NMS credential "
                + "was offered" : "at login: no session") + "; " + outcome.presenter(), outcome.evidence());
    }

    /** "host" or "user". */
    static String typeName(OpenSshCertificate.Type type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** Whether the run is of tls, where the device is the TLS server of the connection it dialed. */
    static boolean tls(ScenarioLab lab) {
        return lab.strategy() == CallHomeStrategy.TLS;
    }

    /** What a device's certificate is in {@code strategy}: "host" or "user" (OpenSSH's words, RFC 6187's roles), or "TLS server". */
    static String kind(CallHomeStrategy strategy) {
        return strategy == CallHomeStrategy.TLS ? "TLS server" : typeName(Testbed.certificateType(strategy));
    }

    /** How the device presents its certificate in the run's strategy, as a clause: "to log in with", say. */
    static String use(ScenarioLab lab) {
        return tls(lab) ? "as its TLS server certificate" : lab.reverseSsh() ? "as its host certificate"
                : "to log in with";
    }

    /**
     * Certifies {@code key} by {@code ca} as device {@code identity}, valid from {@code validAfter} to
     * {@code validBefore}, for what a device presents in the run's strategy (the host or user
     * certificate of its SSH role; in tls a TLS server certificate, extended key usage serverAuth),
     * and writes it to {@code file}.
     */
    static LabAuthority.Certificate certifyDevice(ScenarioLab lab, LabAuthority ca, Path file, PublicKey key,
                                                  String identity, Instant validAfter, Instant validBefore)
            throws IOException {
        if (tls(lab)) {
            return x509(ca).issue(file, key, X509LabCa.Subject.device(identity, X509LabCa.SERVER_AUTH)
                    .valid(validAfter, validBefore));
        }
        return ca.certifyDevice(file, key, Testbed.certificateType(lab.strategy()), identity, validAfter,
                validBefore);
    }

    /** As {@link #certifyDevice(ScenarioLab, LabAuthority, Path, PublicKey, String, Instant, Instant)}, valid now for the CA's default validity. */
    static LabAuthority.Certificate certifyDevice(ScenarioLab lab, LabAuthority ca, Path file, PublicKey key,
                                                  String identity) throws IOException {
        if (tls(lab)) {
            return x509(ca).issue(file, key, X509LabCa.Subject.device(identity, X509LabCa.SERVER_AUTH));
        }
        return ca.certifyDevice(file, key, Testbed.certificateType(lab.strategy()), identity);
    }

    /** {@code ca} as the X.509 CA a tls run's certificates come from. */
    static X509LabCa x509(LabAuthority ca) {
        if (ca instanceof X509LabCa x509) {
            return x509;
        }
        throw new IllegalStateException("CA " + ca.name() + " is an OpenSSH CA; TLS certificates need an X.509 one");
    }

    /** The alert named in a failed TLS handshake's error, e.g. "certificate_unknown"; empty if it names none. */
    static Optional<String> tlsAlert(String error) {
        Matcher alert = TLS_ALERT.matcher(error);
        return alert.find() ? Optional.of(alert.group(1)) : Optional.empty();
    }

    /** The one word for why the NMS refused: the certificate's refusal, else the kind of rejection. */
    static String refusal(DeviceEvent rejected) {
        return rejected.data().getString("refusal", rejected.data().getString("kind"));
    }
}
