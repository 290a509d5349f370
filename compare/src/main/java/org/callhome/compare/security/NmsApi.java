package org.callhome.compare.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * A running NMS's HTTP API as its operator reads it: a device's entry ({@code GET
 * /api/devices/{id}}), with the identity the NMS took for it and why it last refused it; the trust
 * store ({@code GET /api/trust}) and the strategies it serves ({@code GET /api/strategies}). Blocks
 * the caller's thread, each request bounded by {@link ScenarioLab#WAIT}.
 */
final class NmsApi {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ScenarioLab.WAIT).build();
    private final int port;

    NmsApi(NmsWatch nms) {
        this.port = nms.httpPort();
    }

    /**
     * The NMS's entry for device {@code id}; empty if the NMS knows no device of that id.
     *
     * @throws IOException if the API answers anything but the entry or "not found"
     */
    Optional<JsonObject> device(String id) throws IOException, InterruptedException {
        String path = "/api/devices/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + path)).timeout(ScenarioLab.WAIT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Optional.of(new JsonObject(response.body()));
    }

    /** The devices the NMS's trust store holds for {@code strategy}, each as {@code GET /api/trust} lists it. */
    List<JsonObject> trusted(CallHomeStrategy strategy) throws IOException, InterruptedException {
        JsonArray devices = new JsonObject(get("/api/trust")).getJsonArray("devices", new JsonArray());
        List<JsonObject> of = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            JsonObject device = devices.getJsonObject(i);
            if (strategy.wireName().equals(device.getString("strategy"))) {
                of.add(device);
            }
        }
        return of;
    }

    /** Each strategy as {@code GET /api/strategies} shows it: whether it is served, and where it listens. */
    List<JsonObject> strategies() throws IOException, InterruptedException {
        JsonArray strategies = new JsonArray(get("/api/strategies"));
        List<JsonObject> all = new ArrayList<>();
        for (int i = 0; i < strategies.size(); i++) {
            all.add(strategies.getJsonObject(i));
        }
        return all;
    }

    /**
     * The body of {@code GET path}.
     *
     * @throws IOException if the API answers anything but 200
     */
    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + path)).timeout(ScenarioLab.WAIT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * A device's entry as one line of evidence: its state, session, identity and last refusal,
     * e.g. "dev-1: state connected, session 3, identity openssh-cert principal 'dev-1', CA SHA256:...,
     * serial 1, key id 'dev-1'".
     */
    static String describe(String id, Optional<JsonObject> entry) {
        if (entry.isEmpty()) {
            return id + ": not known to the NMS";
        }
        JsonObject device = entry.get();
        StringBuilder text = new StringBuilder(id).append(": state ").append(device.getString("state"));
        if (device.getValue("sessionId") != null) {
            text.append(", session ").append(device.getValue("sessionId"));
        }
        JsonObject identity = device.getJsonObject("identity");
        text.append(", identity ").append(identity == null ? "none" : describeIdentity(identity));
        if (device.getString("lastRefusal") != null) {
            text.append(", lastRefusal ").append(device.getString("lastRefusal"));
        }
        return text.toString();
    }

    /** The {@code identity} object of an entry as text: its kind and, for a certificate, what it said. */
    static String describeIdentity(JsonObject identity) {
        if ("x509".equals(identity.getString("kind"))) {
            return "x509 principal '" + identity.getString("principal") + "' (from its " + identity.getString("source")
                    + "), subject '" + identity.getString("subject") + "', CA " + identity.getString("ca") + ", serial "
                    + identity.getValue("serial") + ", caVouched " + identity.getValue("caVouched");
        }
        if (!"openssh-cert".equals(identity.getString("kind"))) {
            return String.valueOf(identity.getString("kind"));
        }
        return "openssh-cert principal '" + identity.getString("principal") + "', CA " + identity.getString("ca")
                + ", serial " + identity.getValue("serial") + ", key id '" + identity.getString("keyId")
                + "', caVouched " + identity.getValue("caVouched");
    }
}
