package org.callhome.compare.security;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.lab.X509LabCa;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.nms.session.DeviceSession;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.SecurityFacts;

/**
 * Where the NETCONF username that authorization uses comes from, seen from both sides of real
 * sessions: the device's facts ({@code DeviceAgent.sessions()}) and the NMS's API
 * ({@code GET /api/devices/{id}}). The same NMS credentials meet the device's account as admin,
 * then as read-only, and edit-config shows what each may do; then the device renames its
 * account to a name of its choosing, to see whether the session still runs and under which name.
 * In tls, where the name is the one the NMS's client certificate gives (cert-to-name, RFC 7589 §7),
 * the NMS then presents a certificate naming another account, to see whether it can choose one.
 */
final class NetconfUsername implements SecurityScenario {

    /**
     * @param deviceChosenAccount the name the device gives its account in its last run
     * @param nmsChosenAccount    in tls, the account the NMS's other client certificate names (the device
     *                            keeps its own account's name)
     */
    record Settings(String deviceChosenAccount, String nmsChosenAccount) {
        static final Settings STANDARD = new Settings("admin", "admin");
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
            // in tls the account is the one the NMS's client certificate names, as in reverse-ssh the one it logs in to
            String account = lab.reverseSsh() || lab.tls() ? Testbed.REVERSE_SSH_ACCOUNT : Testbed.BIND_ACCOUNT;
            Run admin = observe(lab, nms, http, account, Role.ADMIN, keys, evidence);
            Run readOnly = observe(lab, nms, http, account, Role.READ_ONLY, keys, evidence);
            Run chosen = observe(lab, nms, http, settings.deviceChosenAccount(), Role.ADMIN, keys, evidence);
            Run nmsChosen = null;
            if (lab.tls()) {
                Testbed.NmsKeys naming = keysNaming(lab, keys, settings.nmsChosenAccount());
                NmsWatch other = lab.startNms("nms-naming-" + settings.nmsChosenAccount(), naming,
                        Map.of(DEVICE, lab.devicePublicKey(DEVICE)), false);
                nmsChosen = observe(lab, other, http, account, Role.ADMIN, naming, evidence);
            }
            if (!admin.connected()) {
                return lab.result(Verdict.NOT_RUN, "no session to observe",
                        "no session with the device's standard account: " + admin.failure(), evidence);
            }
            if (lab.tls()) {
                return lab.result(Verdict.DIFFERS, tlsSummary(admin, chosen, nmsChosen),
                        tlsFinding(admin, readOnly, chosen, nmsChosen, settings.nmsChosenAccount()), evidence);
            }
            return lab.result(Verdict.DIFFERS, summary(admin, chosen), finding(admin, readOnly, chosen), evidence);
        }
    }

    /**
     * The NMS's key with another client certificate, naming {@code account}: from the NMS CA under
     * x509, signed by its own key under pinned keys (the device then pins that certificate).
     */
    private static Testbed.NmsKeys keysNaming(ScenarioLab lab, Testbed.NmsKeys keys, String account)
            throws IOException {
        Path file = lab.folder("nms-naming-" + account).resolve("nms_tls_cert.pem");
        X509LabCa.Subject subject = X509LabCa.Subject.named(account, X509LabCa.CLIENT_AUTH, List.of());
        Path certificate = lab.x509() ? ((X509LabCa) lab.testbed().nmsCa()).issue(file, keys.identity().getPublic(),
                subject).file() : X509LabCa.selfSigned(file, keys.identity(), subject).file();
        lab.name(certificate, "the NMS's client certificate naming '" + account + "'");
        return new Testbed.NmsKeys(keys.identity(), keys.identityFile(), keys.hostKey(), keys.hostKeyFile(),
                keys.hostKeyPubFile(), Optional.of(certificate), Optional.empty());
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
        String label = (lab.tls() ? "NMS client certificate naming '" + certificateName(keys) + "', " : "")
                + "device account '" + account + "' (" + role.wireName() + ")";
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
            JsonObject security = api.getJsonObject("security", new JsonObject());
            String nmsSource = security.getString("netconfUsernameSource");
            // the account as the device's hello told the NMS (shown for tls; the SSH strategies' evidence is as it was)
            JsonObject reported = security.getJsonObject("netconfAccount", new JsonObject());
            String nmsAccount = "security.netconfAccount '" + reported.getString("username") + "' ("
                    + reported.getString("source") + ", reported by " + reported.getString("reportedBy") + ")";
            String edit = Rpcs.outcome(Rpcs.call(session.get(), EDIT, ScenarioLab.WAIT));
            evidence.add(label + ": device side " + Facts.describe(deviceFacts) + "; NMS API username '"
                    + api.getString("username") + "', security.netconfUsernameSource '" + nmsSource
                    + (lab.tls() ? "', " + nmsAccount : "'") + "; edit-config from the NMS: " + edit);
            return new Run(account, role, deviceFacts, api.getString("username"), nmsSource, edit, null);
        } finally {
            lab.stop(device);
            nms.awaitEvent("disconnected", data -> DEVICE.equals(data.getString("id")), ScenarioLab.QUIET);
        }
    }

    /** The name (subject serialNumber, else CN) the client certificate of {@code keys} gives, as the device reads it. */
    private static String certificateName(Testbed.NmsKeys keys) throws IOException {
        X509Certificate certificate = X509ChainFile.load(keys.identityCertFile().orElseThrow(), keys.identity(),
                keys.identityFile(), "--identity").get(0);
        return X509ChainCheck.claimedIdentity(certificate).orElse(certificate.getSubjectX500Principal().getName());
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
        StringBuilder text = names(admin);
        if (facts.netconfUsername().equals(admin.nmsUsername())) {
            text.append("the same name, the one the NMS logged in with and proved with its key");
        } else {
            text.append("different names: nothing the NMS holds authenticated '").append(facts.netconfUsername())
                    .append("', the device bound the session to it");
        }
        roles(text, admin, readOnly);
        renamed(text, chosen, "the NMS showed");
        return text.toString();
    }

    /** "NETCONF username on the device 'x' (source), on the NMS 'y' (source): ", to go on. */
    private static StringBuilder names(Run admin) {
        SecurityFacts facts = admin.deviceFacts();
        return new StringBuilder("NETCONF username on the device '").append(facts.netconfUsername())
                .append("' (").append(facts.usernameSource().wireName()).append("), on the NMS '")
                .append(admin.nmsUsername()).append("' (").append(admin.nmsSource()).append("): ");
    }

    /** What the device's role for the name let each run do. */
    private static void roles(StringBuilder text, Run admin, Run readOnly) {
        text.append("; the device's role for it decides: ").append(admin.role().wireName()).append(" edit-config ")
                .append(admin.edit()).append(", ").append(readOnly.role().wireName()).append(" ")
                .append(readOnly.connected() ? readOnly.edit() : "no session");
    }

    /** What came of the device renaming its account; {@code nmsShowed} says where the NMS's name came from. */
    private static void renamed(StringBuilder text, Run chosen, String nmsShowed) {
        text.append("; account renamed by the device to '").append(chosen.account()).append("': ");
        if (!chosen.connected()) {
            text.append("no session (").append(chosen.failure()).append("): the device cannot choose the name");
        } else if (chosen.deviceFacts().netconfUsername().equals(chosen.account())) {
            text.append("the session ran as '").append(chosen.account()).append("' while ").append(nmsShowed)
                    .append(" '").append(chosen.nmsUsername()).append("': the device chooses the name");
        } else {
            text.append("the session ran as '").append(chosen.deviceFacts().netconfUsername())
                    .append("': the device's name was not used");
        }
    }

    /** In tls: the device if its renamed account is the name the session ran as, else the NMS's certificate. */
    private static String tlsSummary(Run admin, Run chosen, Run nmsChosen) {
        if (chosen.connected() && chosen.deviceFacts().netconfUsername().equals(chosen.account())) {
            return "device chooses its NETCONF username";
        }
        if (nmsChosen.connected()) {
            return "NMS's certificate chooses among the device's accounts";
        }
        return admin.deviceFacts().netconfUsername().equals(admin.nmsUsername())
                ? "NETCONF username is the name in the NMS's certificate" : "device binds a name the NMS never proved";
    }

    private static String tlsFinding(Run admin, Run readOnly, Run chosen, Run nmsChosen, String nmsChosenName) {
        SecurityFacts facts = admin.deviceFacts();
        StringBuilder text = names(admin);
        if (facts.netconfUsername().equals(admin.nmsUsername())) {
            text.append("the same name, the one the NMS's client certificate names, proved in the TLS handshake; "
                    + "no username is sent, none is chosen at login");
        } else {
            text.append("different names: the device bound the session to '").append(facts.netconfUsername())
                    .append("', which the NMS's certificate does not name");
        }
        roles(text, admin, readOnly);
        renamed(text, chosen, "the NMS's certificate named");
        text.append("; the NMS's certificate naming '").append(nmsChosenName).append("' instead: ");
        if (!nmsChosen.connected()) {
            text.append("no session (").append(nmsChosen.failure()).append("): the NMS cannot choose an account the "
                    + "device does not have for it");
        } else {
            text.append("the session ran as '").append(nmsChosen.deviceFacts().netconfUsername())
                    .append("': the NMS chose the account");
        }
        return text.toString();
    }
}
