package org.callhome.compare.security;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.callhome.compare.lab.LabAuthority;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * Device dev-1 holds a valid certificate of the right CA for its own key whose only principal is
 * dev-2, another id the NMS expects (under x509: whose subject names dev-2). Only under a trust
 * model of certificates. In
 * device-ssh-client the device logs in as dev-1 with it, so the login name and the principal
 * disagree: the NMS must not let the name make it dev-1, nor the certificate make a login as dev-1
 * into dev-2. In reverse-ssh the device gives no name at all (the NMS logs in to it), nor in tls
 * (the device is the TLS server and presents its certificate, nothing else about itself; RFC 8071
 * C6 names it by that certificate): the scenario reads from the NMS's API which identity the NMS
 * took, so that difference in kind shows.
 */
final class CertificatePrincipal implements SecurityScenario {

    private static final String DEVICE = "dev-1";
    private static final String NAMED = "dev-2";

    @Override
    public String id() {
        return "certificate-principal";
    }

    @Override
    public String title() {
        return "Certificate principal and login name";
    }

    @Override
    public String question() {
        return "Who names a certified device to the NMS: its certificate's principal, or the device itself?";
    }

    @Override
    public String matters() {
        return "The NMS acts on a device by its id (inventory, configuration, access): a device that could choose "
                + "its id could pose as any other.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            if (!lab.certificates()) {
                return lab.needsCertificates();
            }
            // in reverse-ssh and tls the device sends no name of its own: only its certificate names it
            boolean nameless = lab.reverseSsh() || PresentedCertificate.tls(lab);
            Testbed.NmsKeys keys = lab.nmsKeys("nms");
            Map<String, PublicKey> expected = new LinkedHashMap<>();
            expected.put(DEVICE, lab.devicePublicKey(DEVICE));
            expected.put(NAMED, lab.devicePublicKey(NAMED));
            NmsWatch nms = lab.startNms("nms", keys, expected, false);
            LabAuthority ca = testbed.deviceCa();
            Path file = lab.folder("certificates").resolve(DEVICE + "-as-" + NAMED + ca.certificateSuffix());
            LabAuthority.Certificate issued = PresentedCertificate.certifyDevice(lab, ca, file,
                    lab.devicePublicKey(DEVICE), NAMED);
            lab.name(file, DEVICE + "'s certificate naming " + NAMED);

            List<String> evidence = new ArrayList<>();
            evidence.add("the NMS trusts the device CA " + testbed.deviceCa().fingerprint() + " and expects " + DEVICE
                    + " and " + NAMED + "; " + DEVICE + " holds a " + PresentedCertificate.kind(strategy)
                    + " certificate of its own key "
                    + "from that CA (serial " + issued.serial() + (testbed.x509() ? ", subject CN and serialNumber '"
                    + NAMED + "') whose identity is " : ", key id '" + NAMED + "') whose only principal is ")
                    + NAMED + (lab.reverseSsh() ? "; it calls the NMS, which logs in to it: the device sends no name of "
                    + "its own" : nameless ? "; it calls the NMS and, as the TLS server, presents that certificate: the "
                    + "device sends no name of its own" : "; it logs in as '" + DEVICE + "' with it"));
            ScenarioLab.Device device = lab.startDevice(lab.device(DEVICE, keys, nms.address(), Role.ADMIN)
                    .withCertificate(Optional.of(file)));
            Optional<DialerLog.Entry> outcome = device.dialer().awaitOutcome(ScenarioLab.WAIT);
            boolean failed = outcome.isPresent() && outcome.get().kind() == DialerLog.Kind.FAILED;
            Optional<DeviceEvent> rejected = nms.awaitEvent("rejected", failed ? ScenarioLab.WAIT : ScenarioLab.QUIET);
            Optional<DeviceEvent> connected = nms.awaitEvent("connected",
                    outcome.isPresent() && !failed ? ScenarioLab.WAIT : ScenarioLab.QUIET);
            Thread.sleep(ScenarioLab.QUIET.toMillis());
            outcome.ifPresentOrElse(entry -> evidence.add(DEVICE + " dialer: " + entry),
                    () -> evidence.add(DEVICE + " reported nothing within " + ScenarioLab.WAIT.toSeconds() + " s"));
            evidence.add(nms.eventSummary());
            NmsApi api = new NmsApi(nms);
            Optional<String> acceptedAs = connected.map(event -> event.data().getString("id"));
            Optional<JsonObject> entry = acceptedAs.isEmpty() ? Optional.empty() : api.device(acceptedAs.get());
            evidence.add("the NMS's API: " + NmsApi.describe(DEVICE, api.device(DEVICE)) + "; "
                    + NmsApi.describe(NAMED, api.device(NAMED)));
            Optional<JsonObject> identity = entry.map(json -> json.getJsonObject("identity"));
            return nameless ? identityTaken(lab, acceptedAs, identity, rejected, evidence)
                    : loginJudged(lab, acceptedAs, rejected, outcome.isPresent(), evidence);
        }
    }

    /** reverse-ssh and tls: a difference in kind, what the NMS took as the device's identity. */
    private static SecurityResult identityTaken(ScenarioLab lab, Optional<String> acceptedAs,
                                                Optional<JsonObject> identity, Optional<DeviceEvent> rejected,
                                                List<String> evidence) {
        if (acceptedAs.isEmpty()) {
            if (rejected.isPresent()) {
                String refusal = PresentedCertificate.refusal(rejected.get());
                return lab.result(Verdict.DIFFERS, "NMS refused it (" + refusal + ")", "the NMS refused the "
                        + "certificate naming " + NAMED + " (rejected, " + refusal + ": \""
                        + rejected.get().data().getString("reason") + "\"): no identity was taken", evidence);
            }
            return lab.result(Verdict.NOT_RUN, "nothing observed in time", "the NMS neither accepted nor refused the "
                    + "device within " + ScenarioLab.WAIT.toSeconds() + " s: nothing to judge", evidence);
        }
        String id = acceptedAs.get();
        String principal = identity.map(json -> json.getString("principal")).orElse(null);
        if (principal == null) {
            return lab.result(Verdict.DIFFERS, "identity is '" + id + "', without a certificate", "the NMS "
                    + "accepted the device as '" + id + "' but its API shows no certificate identity for it",
                    evidence);
        }
        String described = NmsApi.describeIdentity(identity.get());
        if (!principal.equals(id)) {
            return lab.result(Verdict.DIFFERS, "identity is '" + id + "', not the certificate's principal",
                    "the NMS took the device as '" + id + "' while its certificate's principal is '" + principal
                    + "' (" + described + ")", evidence);
        }
        return lab.result(Verdict.DIFFERS, "identity is the certificate's principal (" + principal + ")",
                "the NMS knows the device as '" + id + "', its certificate's principal (API identity: " + described
                + "); the device sends no name in " + lab.strategy().wireName() + ", and the id it has in its own "
                + "settings, " + DEVICE
                + ", played no part: whoever holds a certificate of the CA for an id is that device to the NMS",
                evidence);
    }

    /** device-ssh-client: the login name must not make the device another one than its certificate says. */
    private static SecurityResult loginJudged(ScenarioLab lab, Optional<String> acceptedAs,
                                              Optional<DeviceEvent> rejected, boolean deviceReported,
                                              List<String> evidence) {
        if (acceptedAs.isPresent()) {
            String id = acceptedAs.get();
            if (id.equals(DEVICE)) {
                return lab.result(Verdict.FAILS, "login name '" + DEVICE + "' let it act as " + DEVICE, "the NMS "
                        + "accepted the login as '" + DEVICE + "' with a certificate for " + NAMED + ": the name the "
                        + "device chose made it " + DEVICE, evidence);
            }
            return lab.result(id.equals(NAMED) ? Verdict.HOLDS : Verdict.FAILS, "NMS took it as '" + id
                    + "', not as its login name", "the NMS accepted the login as '" + DEVICE + "' as device '" + id
                    + "'" + (id.equals(NAMED) ? ", its certificate's principal: the login name was ignored, not "
                    + "used to act as " + DEVICE : ""), evidence);
        }
        if (rejected.isEmpty()) {
            return deviceReported
                    ? lab.result(Verdict.FAILS, "NMS did not report a refusal", "no session, but the NMS did not "
                            + "report the login as refused", evidence)
                    : lab.result(Verdict.NOT_RUN, "nothing observed in time", "neither the device nor the NMS "
                            + "reported anything within " + ScenarioLab.WAIT.toSeconds() + " s: nothing to judge",
                            evidence);
        }
        String refusal = PresentedCertificate.refusal(rejected.get());
        return lab.result(Verdict.HOLDS, "NMS refused its login (" + refusal + ")", "the NMS refused the login as '"
                + DEVICE + "' with a certificate whose principal is " + NAMED + " (rejected, " + refusal + ": \""
                + rejected.get().data().getString("reason") + "\"): a login name that differs from the principal "
                + "makes the device neither " + DEVICE + " nor " + NAMED, evidence);
    }
}
