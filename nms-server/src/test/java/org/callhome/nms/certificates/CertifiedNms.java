package org.callhome.nms.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.StartupLimits;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.testsupport.polling.Eventually;

/**
 * A real NMS on loopback serving both strategies, with device certificates as a test sets them and
 * no device trusted, and its HTTP API as a script uses it: what {@code GET /api/devices/...} says,
 * waited for until it says what the test expects.
 */
final class CertifiedNms implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);

    final NmsServer server;
    final KeyPair identity;
    final KeyPair hostKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param identityCertificate the NMS's user certificate for reverse-ssh logins, if any
     * @param hostCertificate     the NMS's host certificate for device-ssh-client, if any
     */
    CertifiedNms(Path stateDir, NmsSettings.DeviceCertificates certificates, KeyPair identity,
                 Optional<CertifiedKey> identityCertificate, KeyPair hostKey,
                 Optional<OpenSshCertificate> hostCertificate) throws Exception {
        this(stateDir, certificates, identity, identityCertificate, hostKey, hostCertificate, List.of());
    }

    /** @param hostX509Chain the NMS's X.509 host certificate chain for device-ssh-client, or none */
    CertifiedNms(Path stateDir, NmsSettings.DeviceCertificates certificates, KeyPair identity,
                 Optional<CertifiedKey> identityCertificate, KeyPair hostKey,
                 Optional<OpenSshCertificate> hostCertificate, List<X509Certificate> hostX509Chain) throws Exception {
        this(stateDir, certificates, identity, identityCertificate, hostKey, hostCertificate, hostX509Chain,
                Duration.ofSeconds(10), StartupLimits.hardLimit(NmsSettings.DEFAULT_MAX_STARTUPS, Duration.ofSeconds(10)),
                Optional.empty());
    }

    /** Without certificates of its own, with {@code authTimeout} and admission as {@code startups} says. */
    CertifiedNms(Path stateDir, NmsSettings.DeviceCertificates certificates, KeyPair identity, KeyPair hostKey,
                 Duration authTimeout, StartupLimits startups) throws Exception {
        this(stateDir, certificates, identity, Optional.empty(), hostKey, Optional.empty(), List.of(), authTimeout,
                startups, Optional.empty());
    }

    /** Serving tls too, the NMS proving itself to devices with {@code tls}'s key and certificate chain. */
    CertifiedNms(Path stateDir, NmsSettings.DeviceCertificates certificates, KeyPair identity, KeyPair hostKey,
                 NmsSettings.Tls tls) throws Exception {
        this(stateDir, certificates, identity, hostKey, tls, StartupLimits.hardLimit(NmsSettings.DEFAULT_MAX_STARTUPS,
                Duration.ofSeconds(10)));
    }

    /** As above, admitting connections not yet authenticated as {@code startups} says. */
    CertifiedNms(Path stateDir, NmsSettings.DeviceCertificates certificates, KeyPair identity, KeyPair hostKey,
                 NmsSettings.Tls tls, StartupLimits startups) throws Exception {
        this(stateDir, certificates, identity, Optional.empty(), hostKey, Optional.empty(), List.of(),
                Duration.ofSeconds(10), startups, Optional.of(tls));
    }

    private CertifiedNms(Path stateDir, NmsSettings.DeviceCertificates certificates, KeyPair identity,
                         Optional<CertifiedKey> identityCertificate, KeyPair hostKey,
                         Optional<OpenSshCertificate> hostCertificate, List<X509Certificate> hostX509Chain,
                         Duration authTimeout, StartupLimits startups, Optional<NmsSettings.Tls> tls)
            throws Exception {
        this.identity = identity;
        this.hostKey = hostKey;
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        NmsSettings settings = new NmsSettings(
                Optional.of(new NmsSettings.ReverseSsh(loopback, KnownDevices.of(Map.of()), identity, "nms", false,
                        identityCertificate)),
                Optional.of(new NmsSettings.DeviceSsh(loopback, hostKey, KnownDevices.of(Map.of()),
                        DeviceSshServer.DEFAULT_SUBSYSTEM, hostCertificate, hostX509Chain)),
                loopback, Optional.empty(), authTimeout, startups, Keepalives.DEFAULT,
                Duration.ofSeconds(10), NetconfLimits.DEFAULT, stateDir, certificates);
        server = NmsServer.start(tls.map(settings::withTls).orElse(settings));
    }

    /** {@code GET /api/devices/{id}}: the device, or empty on 404. */
    Optional<JsonObject> device(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request("/api/devices/" + id).GET());
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(new JsonObject(response.body()));
    }

    /** {@code GET /api/devices}. */
    JsonArray devices() throws IOException, InterruptedException {
        HttpResponse<String> response = send(request("/api/devices").GET());
        assertEquals(200, response.statusCode(), response.body());
        return new JsonArray(response.body());
    }

    /** Waits until device {@code id} is as {@code wanted} says, and returns it. */
    JsonObject awaitDevice(String id, Predicate<JsonObject> wanted, String what) throws Exception {
        return Eventually.value(WAIT, () -> device(id).filter(wanted), () -> "device " + id + " " + what
                + "; the devices are " + devicesText());
    }

    /** Waits until the device whose key has {@code fingerprint} is listed as {@code wanted} says, and returns it. */
    JsonObject awaitListed(String fingerprint, Predicate<JsonObject> wanted, String what) throws Exception {
        return Eventually.value(WAIT, () -> devices().stream().map(JsonObject.class::cast)
                .filter(device -> fingerprint.equals(device.getString("fingerprint"))).filter(wanted).findFirst(),
                () -> "a device with key " + fingerprint + " " + what + "; the devices are " + devicesText());
    }

    /** The last refused attempt to connect as a trusted device, as the API lists it; empty if there was none. */
    static JsonObject lastRefusedAttempt(JsonObject device) {
        JsonObject attempt = device.getJsonObject("lastRefusedAttempt");
        return attempt == null ? new JsonObject() : attempt;
    }

    /** Waits until a {@code rejected} event with this refusal is among the recent events, and returns its data. */
    JsonObject awaitRejectedEvent(String refusal, String fingerprint) throws Exception {
        return Eventually.value(WAIT, () -> recentEvents().stream().map(JsonObject.class::cast)
                .filter(event -> "rejected".equals(event.getString("type"))).map(event -> event.getJsonObject("data"))
                .filter(data -> refusal.equals(data.getString("refusal"))
                        && fingerprint.equals(data.getString("offeredFingerprint"))).findFirst(),
                () -> "a rejected event with refusal " + refusal + " for " + fingerprint);
    }

    JsonArray recentEvents() throws IOException, InterruptedException {
        return new JsonArray(send(request("/api/events/recent").GET()).body());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    HttpResponse<String> post(String path, JsonObject body) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .header("content-type", "application/json"));
    }

    String metrics() throws IOException, InterruptedException {
        return send(request("/metrics").GET()).body();
    }

    InetSocketAddress callHome() {
        return server.callHomeAddress();
    }

    /** Where tls devices call, when the NMS serves tls. */
    InetSocketAddress tls() {
        return server.address(CallHomeStrategy.TLS);
    }

    /** {@code GET path}. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    InetSocketAddress deviceSsh() {
        return server.deviceSshAddress();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private String devicesText() {
        try {
            return devices().encodePrettily();
        } catch (IOException | InterruptedException e) {
            return "unavailable: " + e;
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
