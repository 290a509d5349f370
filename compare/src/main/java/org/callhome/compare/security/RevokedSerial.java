package org.callhome.compare.security;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.session.DeviceSession;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * One of two connected devices of the same CA is stolen, and the operator revokes the serial of
 * its certificate in the NMS's revocation list ({@code --revoked-keys}: an OpenSSH KRL, or under
 * x509 a CRL of the device CA; in tls, whose devices' TLS server certificates are the device CA's
 * under x509, that CRL too), changing nothing else. Only under a trust model of certificates. The
 * NMS starts with an empty list in place, as an operator's would be, and the revocation replaces
 * it while both devices are connected. Holds only if the stolen device's live session is
 * dropped, its reconnect is refused as revoked, and the other device keeps its session and still
 * answers a get-config afterwards.
 */
final class RevokedSerial implements SecurityScenario {

    /** @param revoke the protection used: the revocation is written; false leaves the list empty */
    record Settings(boolean revoke) {
        static final Settings STANDARD = new Settings(true);
    }

    private static final String STOLEN = "dev-1";
    private static final String OTHER = "dev-2";
    /** How the NMS says a revocation ended a live session, at the start of the rejection's reason. */
    private static final String WHILE_CONNECTED = "revoked while connected";
    /**
     * How long to watch for the NMS to drop the session after the list changed: ten of its polls
     * ({@link Testbed#REVOCATION_POLL}); a drop comes within one or two, so none by then is none.
     */
    private static final Duration REVOCATION_WAIT = Testbed.REVOCATION_POLL.multipliedBy(10);
    /** The stolen device's dialer reports quoted after the revocation, at most. */
    private static final int MAX_DIALER_ENTRIES = 4;

    /** What the revocation did to each device. */
    private record Observation(Optional<DeviceEvent> dropped, Optional<DeviceEvent> dropRejection,
                               Optional<DeviceEvent> reconnectRefused, boolean reconnected, boolean otherKept,
                               String otherGetConfig) {
        boolean otherAnswered() {
            return "data".equals(otherGetConfig);
        }
    }

    private final Settings settings;

    RevokedSerial(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "revoked-serial";
    }

    @Override
    public String title() {
        return "Revoking a stolen device";
    }

    @Override
    public String question() {
        return "Can one stolen device be cut off by revoking its certificate's serial, while the others keep working?";
    }

    @Override
    public String matters() {
        return "Devices get stolen: the operator must be able to shut out exactly that one at once, without "
                + "re-keying or reconnecting the rest of the fleet.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            if (!lab.certificates()) {
                return lab.needsCertificates();
            }
            Path list = lab.folder("revocations").resolve(testbed.x509() ? "revoked.crl.pem" : "revoked_keys.krl");
            testbed.deviceCa().writeRevocations(list, List.of(), "nothing revoked yet");
            lab.name(list, "the NMS's revocation list");
            Testbed.NmsKeys keys = lab.nmsKeys("nms");
            Map<String, PublicKey> trusted = new LinkedHashMap<>();
            trusted.put(STOLEN, lab.devicePublicKey(STOLEN));
            trusted.put(OTHER, lab.devicePublicKey(OTHER));
            NmsWatch nms = lab.startNms("nms", lab.nmsSpec("nms", keys, trusted, false).withRevokedKeys(list));
            ScenarioLab.Device stolen = lab.startDevice(lab.device(STOLEN, keys, nms.address(), Role.ADMIN));
            lab.startDevice(lab.device(OTHER, keys, nms.address(), Role.ADMIN));

            List<String> evidence = new ArrayList<>();
            long serial = testbed.deviceCertificate(strategy, STOLEN).serial();
            evidence.add("the NMS trusts the device CA " + testbed.deviceCa().fingerprint() + ", expects " + STOLEN
                    + " and " + OTHER + " (certificate serials " + serial + " and "
                    + testbed.deviceCertificate(strategy, OTHER).serial() + ") and reads the revocation list every "
                    + Testbed.REVOCATION_POLL.toMillis() + " ms; the list starts empty");
            boolean bothUp = nms.awaitCount("connected", STOLEN, 1, ScenarioLab.WAIT)
                    && nms.awaitCount("connected", OTHER, 1, ScenarioLab.WAIT);
            if (!bothUp) {
                evidence.add(nms.eventSummary());
                return lab.result(Verdict.NOT_RUN, "devices did not connect", "the two devices were not both "
                        + "connected within " + ScenarioLab.WAIT.toSeconds() + " s: nothing to revoke", evidence);
            }
            NmsApi api = new NmsApi(nms);
            Optional<JsonObject> otherBefore = api.device(OTHER);
            evidence.add("before: " + NmsApi.describe(STOLEN, api.device(STOLEN)) + "; "
                    + NmsApi.describe(OTHER, otherBefore));
            int eventsBefore = nms.events().size();
            int dialerBefore = stolen.dialer().entries().size();
            if (settings.revoke()) {
                testbed.deviceCa().writeRevocations(list, List.of(serial), STOLEN + " stolen");
                evidence.add("the operator replaces the revocation list with one revoking serial " + serial
                        + " of the device CA (" + STOLEN + "'s certificate); nothing else changes");
            } else {
                evidence.add("the revocation list is left empty: nothing is revoked");
            }

            Observation seen = observe(nms, api, otherBefore, eventsBefore);
            List<DialerLog.Entry> dialer = stolen.dialer().entries();
            evidence.add(STOLEN + " dialer after that: " + String.join("; ", dialer.subList(dialerBefore,
                    Math.min(dialer.size(), dialerBefore + MAX_DIALER_ENTRIES)).stream()
                    .map(DialerLog.Entry::toString).toList()) + (dialer.size() == dialerBefore ? "nothing" : ""));
            evidence.add(nms.eventSummary(eventsBefore));
            evidence.add("after: " + NmsApi.describe(STOLEN, api.device(STOLEN)) + "; " + NmsApi.describe(OTHER,
                    api.device(OTHER)) + "; get-config on " + OTHER + "'s session: " + seen.otherGetConfig());
            return judge(lab, serial, seen, evidence);
        }
    }

    /** What the NMS did after the list changed, or would have: the drop, the reconnect, the other device. */
    private static Observation observe(NmsWatch nms, NmsApi api, Optional<JsonObject> otherBefore, int eventsBefore)
            throws Exception {
        Optional<DeviceEvent> dropped = nms.awaitEvent("disconnected", data -> STOLEN.equals(data.getString("id")),
                REVOCATION_WAIT);
        Predicate<JsonObject> revokedStolen = data -> STOLEN.equals(data.getString("id"))
                && "revoked".equals(data.getString("refusal"));
        Optional<DeviceEvent> dropRejection = nms.events("rejected").stream()
                .filter(event -> revokedStolen.test(event.data())
                        && event.data().getString("reason", "").startsWith(WHILE_CONNECTED)).findFirst();
        // the device calls again about a second after the drop
        Optional<DeviceEvent> reconnectRefused = dropped.isEmpty() ? Optional.empty()
                : nms.awaitEvent("rejected", data -> revokedStolen.test(data)
                        && !data.getString("reason", "").startsWith(WHILE_CONNECTED), ScenarioLab.WAIT);
        Thread.sleep(ScenarioLab.QUIET.toMillis());
        List<DeviceEvent> since = nms.events().subList(eventsBefore, nms.events().size());
        boolean reconnected = since.stream().anyMatch(event -> event.type().equals("connected")
                && STOLEN.equals(event.data().getString("id")));
        boolean otherDisconnected = since.stream().anyMatch(event -> event.type().equals("disconnected")
                && OTHER.equals(event.data().getString("id")));
        Optional<JsonObject> otherAfter = api.device(OTHER);
        Object sessionBefore = otherBefore.map(entry -> entry.getValue("sessionId")).orElse(null);
        boolean sameSession = sessionBefore != null
                && Objects.equals(sessionBefore, otherAfter.map(entry -> entry.getValue("sessionId")).orElse(null));
        Optional<DeviceSession> otherSession = nms.sessions().stream()
                .filter(session -> OTHER.equals(session.deviceId())).reduce((first, second) -> second);
        String getConfig;
        try {
            getConfig = otherSession.isEmpty() ? "no session"
                    : Rpcs.outcome(Rpcs.call(otherSession.get(), Rpcs.GET_CONFIG, ScenarioLab.WAIT));
        } catch (Exception e) {
            getConfig = "failed: " + DialerLog.message(e);
        }
        return new Observation(dropped, dropRejection, reconnectRefused, reconnected,
                !otherDisconnected && sameSession, getConfig);
    }

    private SecurityResult judge(ScenarioLab lab, long serial, Observation seen, List<String> evidence) {
        List<String> missing = new ArrayList<>();
        if (seen.dropped().isEmpty()) {
            missing.add(STOLEN + " kept its session");
        } else if (seen.reconnected()) {
            missing.add(STOLEN + " reconnected");
        } else if (seen.reconnectRefused().isEmpty()) {
            missing.add(STOLEN + "'s reconnect not refused as revoked");
        }
        if (!seen.otherKept()) {
            missing.add(OTHER + " lost its session");
        }
        if (!seen.otherAnswered()) {
            missing.add(OTHER + " did not answer get-config");
        }
        String revoked = settings.revoke() ? "after the revocation list revoked serial " + serial
                : "with nothing revoked";
        if (!missing.isEmpty()) {
            return lab.result(Verdict.FAILS, String.join("; ", missing), revoked + ": " + String.join("; ", missing)
                    + (seen.dropped().isPresent() ? "" : " (the NMS did not drop it within "
                    + REVOCATION_WAIT.toMillis() + " ms)"), evidence);
        }
        return lab.result(Verdict.HOLDS, STOLEN + " dropped and refused (revoked); " + OTHER + " kept working",
                revoked + ", the NMS dropped " + STOLEN + "'s live session ("
                + seen.dropRejection().map(event -> "rejected, revoked: \"" + event.data().getString("reason") + "\"")
                .orElse("disconnected") + ") and refused its reconnect (rejected, revoked: \""
                + seen.reconnectRefused().get().data().getString("reason") + "\"), while " + OTHER + " kept the "
                + "same session and answered get-config: one device cut off by its certificate's serial, no key "
                + "or other device touched", evidence);
    }
}
