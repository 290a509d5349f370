package org.callhome.compare.security;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.nms.session.DeviceSession;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.SecurityFacts;

/**
 * Where the NETCONF username that authorization uses comes from, seen from both sides of real
 * sessions: the device's facts ({@code DeviceAgent.sessions()}) and the NMS's API
 * ({@code GET /api/devices/{id}}). The same NMS credentials meet the device's account as admin,
 * then as read-only, and edit-config shows what each may do; then the device renames its
 * account to a name of its choosing, to see whether the session still runs and under which name.
 */
final class NetconfUsername implements SecurityScenario {

    /** @param deviceChosenAccount the name the device gives its account in the last run */
    record Settings(String deviceChosenAccount) {
        static final Settings STANDARD = new Settings("admin");
    }

    private static final String DEVICE = "dev-1";
    private static final String ENDED_EARLY = "the session ended before the device's side of it could be read";
    private static final String EDIT = Rpcs.editConfig("<system xmlns=\"urn:example:system\"><hostname>edge-9"
            + "</hostname></system>");

    /** One device configuration and what its session showed, if it got one. */
    private record Run(String account, Role role, SecurityFacts deviceFacts, String nmsUsername, String nmsSource,
                       String edit, String failure) {
        boolean connected() {
            return deviceFacts != null;
        }
    }

    private final Settings settings;

    NetconfUsername(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "netconf-username";
    }

    @Override
    public String title() {
        return "NETCONF username";
    }

    @Override
    public String question() {
        return "Where does the NETCONF username come from, and can the device choose it?";
    }

    @Override
    public String matters() {
        return "NETCONF access control (NACM, RFC 8341) goes by the NETCONF username: whoever chooses it decides "
                + "what the NMS may do on the device.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            Testbed.NmsKeys keys = lab.nmsKeys("nms");
            NmsWatch nms = lab.startNms("nms", keys, Map.of(DEVICE, lab.devicePublicKey(DEVICE)), false);
            HttpClient http = HttpClient.newBuilder().connectTimeout(ScenarioLab.WAIT).build();
            List<String> evidence = new ArrayList<>();
            String account = lab.reverseSsh() ? Testbed.REVERSE_SSH_ACCOUNT : Testbed.BIND_ACCOUNT;
            Run admin = observe(lab, nms, http, account, Role.ADMIN, keys, evidence);
            Run readOnly = observe(lab, nms, http, account, Role.READ_ONLY, keys, evidence);
            Run chosen = observe(lab, nms, http, settings.deviceChosenAccount(), Role.ADMIN, keys, evidence);
            if (!admin.connected()) {
                return lab.result(Verdict.NOT_RUN, "no session to observe",
                        "no session with the device's standard account: " + admin.failure(), evidence);
            }
            return lab.result(Verdict.DIFFERS, summary(admin, chosen), finding(admin, readOnly, chosen), evidence);
        }
    }

    /**
     * {@link #run}, once more if the session ended before the device's side of it could be read:
     * a device restarted at once can lose its new session to the end of the previous one, which
     * says nothing about the username.
     */
    private Run observe(ScenarioLab lab, NmsWatch nms, HttpClient http, String account, Role role,
                        Testbed.NmsKeys keys, List<String> evidence) throws Exception {
        Run first = run(lab, nms, http, account, role, keys, evidence);
        return ENDED_EARLY.equals(first.failure()) ? run(lab, nms, http, account, role, keys, evidence) : first;
    }

    /** Starts the device with its account named {@code account} as {@code role}, edits, stops it. */
    private Run run(ScenarioLab lab, NmsWatch nms, HttpClient http, String account, Role role,
                    Testbed.NmsKeys keys, List<String> evidence) throws Exception {
        DeviceSpec standard = lab.device(DEVICE, keys, nms.address(), role);
        DeviceSpec spec = new DeviceSpec(standard.strategy(), standard.id(), standard.nmsHost(), standard.nmsPort(),
                standard.keyFile(), standard.nmsKeyFile(), account, role, standard.datastore(),
                standard.certificateFile());
        String label = "device account '" + account + "' (" + role.wireName() + ")";
        int seen = nms.sessions().size();
        int connectedEvents = nms.events("connected").size();
        int eventsBefore = nms.events().size();
        ScenarioLab.Device device = lab.startDevice(spec);
        try {
            Optional<DialerLog.Entry> outcome = device.dialer().awaitOutcome(ScenarioLab.WAIT);
            Optional<DeviceSession> session = outcome.isPresent() && outcome.get().kind() == DialerLog.Kind.CONNECTED
                    ? nms.awaitNextSession(seen, ScenarioLab.WAIT) : Optional.empty();
            if (session.isEmpty()) {
                Thread.sleep(ScenarioLab.QUIET.toMillis());
                String deviceSaid = outcome.map(DialerLog.Entry::detail).orElse("nothing within "
                        + ScenarioLab.WAIT.toSeconds() + " s");
                String refusal = nms.events().stream().skip(eventsBefore)
                        .filter(event -> event.type().equals("auth-failed") || event.type().equals("rejected"))
                        .map(event -> "NMS: \"" + event.data().getString("reason") + "\"; ").findFirst().orElse("");
                evidence.add(label + ": no session; device: " + deviceSaid + "; " + nms.eventSummary(eventsBefore));
                return new Run(account, role, null, null, null, null, refusal + "device: \"" + deviceSaid + "\"");
            }
            // the API shows the session once the registry has published it
            nms.awaitCount("connected", DEVICE, connectedEvents + 1, ScenarioLab.WAIT);
            Optional<SecurityFacts> facts = device.agent().sessions().values().stream().findFirst();
            if (facts.isEmpty()) {
                evidence.add(label + ": " + ENDED_EARLY);
                return new Run(account, role, null, null, null, null, ENDED_EARLY);
            }
            SecurityFacts deviceFacts = facts.get();
            JsonObject api = new JsonObject(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + nms.httpPort() + "/api/devices/" + DEVICE)).timeout(ScenarioLab.WAIT).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String nmsSource = api.getJsonObject("security", new JsonObject()).getString("netconfUsernameSource");
            String edit = Rpcs.outcome(Rpcs.call(session.get(), EDIT, ScenarioLab.WAIT));
            evidence.add(label + ": device side " + Facts.describe(deviceFacts) + "; NMS API username '"
                    + api.getString("username") + "', security.netconfUsernameSource '" + nmsSource
                    + "'; edit-config from the NMS: " + edit);
            return new Run(account, role, deviceFacts, api.getString("username"), nmsSource, edit, null);
        } finally {
            lab.stop(device);
            nms.awaitEvent("disconnected", data -> DEVICE.equals(data.getString("id")), ScenarioLab.QUIET);
        }
    }

    /** Who decides the name, in a few words: the device if its renamed account is the name the session ran as. */
    private static String summary(Run admin, Run chosen) {
        boolean renamed = !chosen.account().equals(admin.account());
        if (renamed && chosen.connected() && chosen.deviceFacts().netconfUsername().equals(chosen.account())) {
            return "device chooses its NETCONF username";
        }
        if (admin.deviceFacts().netconfUsername().equals(admin.nmsUsername())) {
            return "NETCONF username is the NMS's SSH login";
        }
        return "device binds a name the NMS never proved";
    }

    private static String finding(Run admin, Run readOnly, Run chosen) {
        SecurityFacts facts = admin.deviceFacts();
        StringBuilder text = new StringBuilder("NETCONF username on the device '").append(facts.netconfUsername())
                .append("' (").append(facts.usernameSource().wireName()).append("), on the NMS '")
                .append(admin.nmsUsername()).append("' (").append(admin.nmsSource()).append("): ");
        if (facts.netconfUsername().equals(admin.nmsUsername())) {
            text.append("the same name, the one the NMS logged in with and proved with its key");
        } else {
            text.append("different names: nothing the NMS holds authenticated '").append(facts.netconfUsername())
                    .append("', the device bound the session to it");
        }
        text.append("; the device's role for it decides: ").append(admin.role().wireName()).append(" edit-config ")
                .append(admin.edit()).append(", ").append(readOnly.role().wireName()).append(" ")
                .append(readOnly.connected() ? readOnly.edit() : "no session");
        text.append("; account renamed by the device to '").append(chosen.account()).append("': ");
        if (!chosen.connected()) {
            text.append("no session (").append(chosen.failure()).append("): the device cannot choose the name");
        } else if (chosen.deviceFacts().netconfUsername().equals(chosen.account())) {
            text.append("the session ran as '").append(chosen.account()).append("' while the NMS showed '")
                    .append(chosen.nmsUsername()).append("': the device chooses the name");
        } else {
            text.append("the session ran as '").append(chosen.deviceFacts().netconfUsername())
                    .append("': the device's name was not used");
        }
        return text.toString();
    }
}
