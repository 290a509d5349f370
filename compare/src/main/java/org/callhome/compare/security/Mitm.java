package org.callhome.compare.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.lab.X509LabCa;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * A man in the middle who knows every public key but no private one. Both legs of the relay are
 * run: towards the device (the device calls the attacker, who presents keys of its own) and
 * towards the NMS (the attacker calls the real NMS as the device: reverse-ssh with a host key of
 * its own, device-ssh-client logging in with the device's id and a key of its own, tls presenting a
 * certificate naming the device that it signed for a key of its own). In tls each leg is where the
 * relay would terminate TLS with keys of its own. A relay needs both; when both are refused there is
 * nothing to relay, so none is built.
 */
final class Mitm implements SecurityScenario {

    /**
     * @param deviceTrustsAttacker protection removed on the device leg: the device also trusts the attacker's key
     * @param nmsTrustsAttacker    protection removed on the NMS leg: the NMS has the attacker's key as the device's
     *                             (pinned keys only: with certificates the NMS knows the device by its CA)
     */
    record Settings(boolean deviceTrustsAttacker, boolean nmsTrustsAttacker) {
        static final Settings STANDARD = new Settings(false, false);
    }

    private static final String DEVICE = "dev-1";

    private final Settings settings;

    Mitm(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "mitm";
    }

    @Override
    public String title() {
        return "Man in the middle";
    }

    @Override
    public String question() {
        return "Can a man in the middle without the peers' private keys get between device and NMS?";
    }

    @Override
    public String matters() {
        return "Call home crosses networks the operator does not control; a relay between device and NMS would "
                + "read and change every operation.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            boolean reverse = lab.reverseSsh();
            Testbed.NmsKeys realKeys = lab.nmsKeys("nms");
            // the NMS-facing leg starts first and runs while the device-facing leg is observed
            PublicKey attackerDeviceKey = lab.devicePublicKey("attacker-device");
            NmsWatch nms = lab.startNms("nms", realKeys, Map.of(DEVICE, settings.nmsTrustsAttacker()
                    ? attackerDeviceKey : lab.devicePublicKey(DEVICE)), false);
            DeviceSpec own = lab.device("attacker-device", realKeys, nms.address(), Role.ADMIN);
            DeviceSpec claiming = new DeviceSpec(strategy, DEVICE, own.nmsHost(), own.nmsPort(), own.keyFile(),
                    own.nmsKeyFile(), own.account(), own.role(), own.datastore(), forgedCertificate(lab, own));
            ScenarioLab.Device attackerDevice = lab.startDevice(claiming);

            AttackerNmsLeg.Outcome deviceLeg = AttackerNmsLeg.run(lab, "attacker-nms", DEVICE, realKeys,
                    settings.deviceTrustsAttacker());

            List<String> evidence = new ArrayList<>();
            evidence.add("device-facing leg:");
            evidence.addAll(deviceLeg.evidence());
            evidence.add("NMS-facing leg: the attacker calls the real NMS as " + DEVICE + " with key "
                    + attackerDevice.agent().hostKeyFingerprint() + (lab.tls() ? " in a certificate naming " + DEVICE
                    + " that it signed itself" : "") + "; the NMS trusts " + DEVICE + " by "
                    + (lab.certificates() ? "a certificate of its device CA naming " + DEVICE
                    : settings.nmsTrustsAttacker() ? "that key" : "the real device's key"));
            Optional<DialerLog.Entry> outcome = attackerDevice.dialer().awaitOutcome(ScenarioLab.WAIT);
            // with certificates no key is pinned for the device: a plain key is simply unknown; a tls NMS
            // knows devices by key or by its device CA, so a certificate it cannot place is one of those
            String expectedKind = lab.tls() && lab.certificates() ? "certificate"
                    : reverse || lab.tls() || lab.certificates() ? "unknown-device" : "wrong-key";
            Optional<DeviceEvent> rejected = nms.awaitEvent("rejected",
                    data -> expectedKind.equals(data.getString("kind")),
                    outcome.isPresent() && outcome.get().kind() == DialerLog.Kind.FAILED
                            ? ScenarioLab.WAIT : ScenarioLab.QUIET);
            if (outcome.isPresent() && outcome.get().kind() == DialerLog.Kind.CONNECTED) {
                nms.awaitSession(ScenarioLab.WAIT);
            }
            outcome.ifPresentOrElse(entry -> evidence.add("attacker's device dialer: " + entry),
                    () -> evidence.add("the attacker's device reported nothing within " + ScenarioLab.WAIT.toSeconds()
                            + " s"));
            evidence.add(nms.eventSummary());
            return judge(lab, deviceLeg, nms, outcome.isPresent(), rejected.isPresent(), expectedKind, evidence);
        }
    }

    /**
     * tls: a certificate naming the device for the attacker's own key, signed by that key, the best it
     * can present without the device CA's key; the SSH strategies present their plain key.
     */
    private static Optional<Path> forgedCertificate(ScenarioLab lab, DeviceSpec own) throws IOException {
        if (!lab.tls()) {
            return Optional.empty();
        }
        Path file = lab.folder("attacker").resolve("forged-" + DEVICE + "-cert.pem");
        X509LabCa.selfSigned(file, SshKeys.loadPrivateKey(own.keyFile()),
                X509LabCa.Subject.device(DEVICE, X509LabCa.SERVER_AUTH));
        lab.name(file, "the attacker's certificate naming " + DEVICE);
        return Optional.of(file);
    }

    /** The refusal word of the NMS's rejection of {@code kind}, e.g. "unknown-ca", or the kind itself. */
    private static String refusal(NmsWatch nms, String kind) {
        return nms.events("rejected").stream().filter(event -> kind.equals(event.data().getString("kind")))
                .map(event -> event.data().getString("refusal", kind)).findFirst().orElse(kind);
    }

    private static SecurityResult judge(ScenarioLab lab, AttackerNmsLeg.Outcome deviceLeg, NmsWatch nms,
                                        boolean attackerDeviceReported, boolean rejected, String expectedKind,
                                        List<String> evidence) {
        boolean reverse = lab.reverseSsh();
        boolean nmsLegThrough = !nms.sessions().isEmpty() || !nms.events("connected").isEmpty();
        // reverse-ssh: the NMS must not even have tried to log in to the attacker
        boolean nmsLoggedIn = reverse && !nms.events("auth-failed").isEmpty();
        boolean nmsLegRefused = rejected && !nmsLegThrough && !nmsLoggedIn;
        if (deviceLeg.attackerGotSession() || nmsLegThrough) {
            String summary = deviceLeg.attackerGotSession() && nmsLegThrough ? "a relay could sit in the middle"
                    : deviceLeg.attackerGotSession() ? "attacker got a session with the device"
                    : "NMS accepted the attacker as the device";
            return lab.result(Verdict.FAILS, summary, (deviceLeg.attackerGotSession()
                    ? "device-facing leg: the attacker got a NETCONF session with the device"
                    : "device-facing leg refused") + "; "
                    + (nmsLegThrough ? "NMS-facing leg: the NMS accepted the attacker as " + DEVICE
                    : "NMS-facing leg refused")
                    + (deviceLeg.attackerGotSession() && nmsLegThrough ? ": a relay could sit in the middle" : ""),
                    evidence);
        }
        if (!deviceLeg.observed() || (!attackerDeviceReported && !rejected)) {
            return lab.result(Verdict.NOT_RUN, "nothing observed in time", "a leg reported nothing within "
                    + ScenarioLab.WAIT.toSeconds() + " s: nothing to judge", evidence);
        }
        if (deviceLeg.refused() && nmsLegRefused) {
            return lab.result(Verdict.HOLDS, "both legs refused; nothing to relay", "both legs refused: "
                    + RogueNms.finding(deviceLeg, lab, "attacker") + "; the NMS "
                    + (reverse ? "rejected the attacker's host key as " + expectedKind + " before logging in"
                    : lab.tls() ? "refused the attacker's certificate naming " + DEVICE + " during the TLS handshake ("
                    + refusal(nms, expectedKind) + ": " + (lab.certificates() ? "not issued by its device CA"
                    : "it knows " + DEVICE + " by its key, not by the name a certificate gives") + ")"
                    : "rejected the login as " + DEVICE + " with another key as " + expectedKind)
                    + "; with both legs refused a relay has nothing to forward, so none was built", evidence);
        }
        String summary = "no session, but " + (deviceLeg.refused() ? "" : "the device did not refuse the attacker"
                + (nmsLegRefused ? "" : " and ")) + (nmsLegRefused ? "" : nmsLoggedIn
                ? "the NMS tried to log in to the attacker" : "the NMS did not refuse the attacker");
        return lab.result(Verdict.FAILS, summary, "no session, but " + (deviceLeg.refused() ? ""
                : "the device-facing leg: " + RogueNms.finding(deviceLeg, lab, "attacker")
                + "; ")
                + (nmsLegRefused ? "" : nmsLoggedIn ? "the NMS tried to log in to the attacker"
                : "the NMS did not report the attacker's " + (lab.tls() ? "certificate" : "key") + " as "
                + expectedKind),
                evidence);
    }
}
