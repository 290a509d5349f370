package org.callhome.compare.security;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * A device the NMS does not trust calls the real NMS. The rogue runs the project's own device
 * software and trusts the real NMS completely (authorizes its login key, pins its host key, names
 * the NMS's CA or certificate for the NMS's account), so only the NMS's checks can stop it. In tls
 * the NMS, as TLS client, would send its client certificate after judging the device's; a scripted
 * TLS server presenting the rogue's certificate records whether it did.
 */
final class RogueDevice implements SecurityScenario {

    /** How the NMS reports a device it does not trust: a key it does not know, or a certificate it does not take. */
    private static final Set<String> REFUSED_KINDS = Set.of("unknown-device", "certificate");

    /**
     * @param nmsAcceptsRogue the protection removed: reverse-ssh NMS started with
     *                        trust-unknown-devices; device-ssh-client NMS with the rogue's key
     *                        among its device accounts (that strategy has no such switch); tls NMS
     *                        with the rogue's key approved (pinned) or its id expected (x509)
     */
    record Settings(boolean nmsAcceptsRogue) {
        static final Settings STANDARD = new Settings(false);
    }

    private static final String TRUSTED = "dev-1";
    private static final String ROGUE = "rogue-1";

    private final Settings settings;

    RogueDevice(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "rogue-device";
    }

    @Override
    public String title() {
        return "Rogue device";
    }

    @Override
    public String question() {
        return "Does the NMS refuse a device it does not trust, before sending any credential?";
    }

    @Override
    public String matters() {
        return "Anyone can dial the NMS's public port: the NMS must neither accept nor hand a credential to a "
                + "device it does not know.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            boolean reverse = lab.reverseSsh();
            Map<String, PublicKey> trusted = new LinkedHashMap<>();
            trusted.put(TRUSTED, lab.devicePublicKey(TRUSTED));
            if (settings.nmsAcceptsRogue() && !reverse) {
                trusted.put(ROGUE, lab.devicePublicKey(ROGUE));
            }
            Testbed.NmsKeys keys = lab.nmsKeys("nms");
            NmsWatch nms = lab.startNms("nms", keys, trusted, settings.nmsAcceptsRogue() && reverse);
            ScenarioLab.Device rogue = lab.startDevice(lab.device(ROGUE, keys, nms.address(), Role.ADMIN));

            List<String> evidence = new ArrayList<>();
            evidence.add("the NMS trusts " + String.join(", ", trusted.keySet())
                    + (lab.certificates() ? " (expected ids, certified by its device CA)"
                    : lab.tls() ? " (by key, approved in its trust store)" : "")
                    + (settings.nmsAcceptsRogue() && reverse ? " and, with trust-unknown-devices, any host key" : "")
                    + "; " + ROGUE + " presents " + rogue.agent().hostKeyFingerprint()
                    + (lab.certificates() ? " with a certificate for " + ROGUE + " from the same CA"
                    : lab.tls() ? " with a certificate for " + ROGUE + " signed by its own key" : ""));
            Optional<DialerLog.Entry> outcome = rogue.dialer().awaitOutcome(ScenarioLab.WAIT);
            boolean failed = outcome.isPresent() && outcome.get().kind() == DialerLog.Kind.FAILED;
            Optional<DeviceEvent> rejected = nms.awaitEvent("rejected",
                    data -> REFUSED_KINDS.contains(data.getString("kind")),
                    failed ? ScenarioLab.WAIT : ScenarioLab.QUIET);
            if (outcome.isPresent() && !failed) {
                nms.awaitSession(ScenarioLab.WAIT);
            }
            Thread.sleep(ScenarioLab.QUIET.toMillis());

            outcome.ifPresentOrElse(entry -> evidence.add(ROGUE + " dialer: " + entry),
                    () -> evidence.add(ROGUE + " reported nothing within " + ScenarioLab.WAIT.toSeconds() + " s"));
            evidence.add(nms.eventSummary());
            // reverse-ssh: the device's dialer counts a connection once the NMS has logged in
            boolean nmsLoggedIn = reverse && (rogue.dialer().connectedEver() || !nms.events("auth-failed").isEmpty());
            if (reverse) {
                evidence.add(ROGUE + "'s SSH server: " + (rogue.dialer().connectedEver()
                        ? "the NMS logged in; NETCONF sessions on the device: " + rogue.agent().sessions().values()
                                .stream().map(Facts::describe).toList()
                        : "no NMS login completed; NETCONF sessions on the device: "
                                + rogue.agent().sessions().size()));
            }
            Optional<ScriptedTlsDevice.Call> probed = Optional.empty();
            if (lab.tls()) {
                lab.stop(rogue);
                probed = Optional.of(probeNms(nms, rogue.spec(), evidence));
            }
            return judge(lab, nms, outcome.isPresent(), rejected, nmsLoggedIn, probed, evidence);
        }
    }

    /**
     * tls: what the NMS sends a device before judging it, recorded by a scripted TLS server that
     * presents the rogue's key and certificate (the rogue device, stopped by then, cannot tell).
     */
    private static ScriptedTlsDevice.Call probeNms(NmsWatch nms, DeviceSpec rogue, List<String> evidence)
            throws IOException, InterruptedException {
        KeyPair key = SshKeys.loadPrivateKey(rogue.keyFile());
        List<X509Certificate> chain = X509ChainFile.load(rogue.certificateFile().orElseThrow(), key,
                rogue.keyFile());
        int seen = nms.events().size();
        ScriptedTlsDevice.Call call = new ScriptedTlsDevice(key, chain, ScenarioLab.WAIT).call(nms.address());
        evidence.add("a TLS server presenting " + ROGUE + "'s certificate, recording what the NMS sends: " + call);
        nms.awaitEventAfter(seen, ScenarioLab.WAIT);
        evidence.add("on that call, " + nms.eventSummary(seen));
        return call;
    }

    private static SecurityResult judge(ScenarioLab lab, NmsWatch nms, boolean deviceReported,
                                        Optional<DeviceEvent> rejected, boolean nmsLoggedIn,
                                        Optional<ScriptedTlsDevice.Call> probed, List<String> evidence) {
        boolean reverse = lab.reverseSsh();
        Optional<String> acceptedAs = nms.events("connected").stream().map(event -> event.data().getString("id"))
                .findFirst();
        if (acceptedAs.isPresent() || !nms.sessions().isEmpty()) {
            return lab.result(Verdict.FAILS, reverse ? "NMS logged in to it and accepted it"
                    : "NMS accepted the untrusted device", "the NMS accepted the untrusted device as '"
                    + acceptedAs.orElse("?") + "' and ran a NETCONF session with it"
                    + (reverse ? ", after logging in to it with the NMS's own credentials" : ""), evidence);
        }
        if (!deviceReported && rejected.isEmpty()) {
            return lab.result(Verdict.NOT_RUN, "nothing observed in time", "neither the device nor the NMS reported "
                    + "anything within " + ScenarioLab.WAIT.toSeconds() + " s: nothing to judge", evidence);
        }
        if (rejected.isEmpty()) {
            return lab.result(Verdict.FAILS, "NMS did not report a rejection",
                    "no session, but the NMS did not report the unknown key as rejected", evidence);
        }
        if (nmsLoggedIn) {
            return lab.result(Verdict.FAILS, "NMS tried to log in to it", "no session, but the NMS tried to log in to "
                    + "the untrusted device with its credentials", evidence);
        }
        if (probed.isPresent() && (probed.get().handshook() || !probed.get().nmsNetconf().isEmpty())) {
            return lab.result(Verdict.FAILS, "NMS completed TLS with a copy of it", "the NMS refused the device, but "
                    + "completed a TLS handshake with a TLS server presenting the same certificate and sent it "
                    + probed.get().nmsSent(), evidence);
        }
        String reason = rejected.get().data().getString("reason");
        String refusal = rejected.get().data().getString("refusal", rejected.get().data().getString("kind"));
        String what = "certificate".equals(rejected.get().data().getString("kind")) ? "certificate" : "unknown "
                + (reverse ? "host key" : "key");
        if (lab.tls()) {
            return lab.result(Verdict.HOLDS, "NMS refused it; no credential offered", "the NMS refused the "
                    + what + " during the TLS handshake (rejected, " + refusal + ": \"" + reason + "\") and ended it "
                    + "with a TLS alert; no session; " + probed.map(RogueDevice::revealed).orElse("what the NMS sent "
                    + "was not recorded") + "; in TLS the NMS has no login or password to offer", evidence);
        }
        return lab.result(Verdict.HOLDS, "NMS refused it; no credential offered", reverse
                ? "the NMS refused the " + what + " during key exchange (rejected, " + refusal + ": \""
                  + reason + "\") before logging in: no NMS credential was offered to the device"
                : "the NMS refused the " + what + " at login (rejected, " + refusal + ": \"" + reason
                  + "\"); no session; the NMS offers no credential in this design, it only proves its host key",
                evidence);
    }

    /** tls: what the NMS gave the scripted server presenting the refused certificate, as a finding's clause. */
    private static String revealed(ScriptedTlsDevice.Call call) {
        return call.nmsChain().isEmpty() ? "the NMS refused before sending its own client certificate, so the device "
                + "got nothing from it, not even that public certificate"
                : "the NMS had sent its client certificate, which is public, before refusing";
    }
}
