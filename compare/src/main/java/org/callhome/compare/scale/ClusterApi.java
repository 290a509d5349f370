package org.callhome.compare.scale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP API of the nodes of a cluster run, as an operator's client reads it: HTTP/1.1 with
 * {@code java.net.http}, on loopback. {@code GET /api/devices} read as where each device is
 * connected, {@code GET /api/cluster} as how many members a node sees, {@code POST
 * /api/devices/{id}/rpc} as a status. Every request is bounded by its timeout.
 */
final class ClusterApi {

    /** A device entry's state when a node holds its session. */
    static final String CONNECTED = "connected";
    /** What a request that got no HTTP answer counts as. */
    static final String NO_ANSWER = "no answer";
    /** What an answer other than 200 keeps of what the API said. */
    static final int DETAIL_CHARS = 300;
    /** A GET of the fleet or the members may take this long: a node asks the others for theirs (3 s each at most). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * The node each device is shown connected on by the node whose API listens on {@code port}, by
     * device id; devices not connected are left out.
     *
     * @throws IOException if the API answers anything but 200 and a JSON array
     */
    Map<String, String> connected(int port) throws IOException, InterruptedException {
        return connectedIn(get(port, "/api/devices"));
    }

    /** As {@link #connected}, not waiting: completes exceptionally with an {@link IOException} for anything but 200. */
    CompletableFuture<Map<String, String>> connectedAsync(int port) {
        return getAsync(port, "/api/devices").thenApply(ClusterApi::connectedIn);
    }

    private static Map<String, String> connectedIn(String body) {
        JsonArray devices = new JsonArray(body);
        Map<String, String> on = new HashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            JsonObject device = devices.getJsonObject(i);
            if (CONNECTED.equals(device.getString("state")) && device.getString("id") != null) {
                on.put(device.getString("id"), String.valueOf(device.getString("node")));
            }
        }
        return on;
    }

    /** The names of the members the node on {@code port} sees in its cluster ({@code GET /api/cluster}). */
    Set<String> members(int port) throws IOException, InterruptedException {
        return membersIn(port, get(port, "/api/cluster"));
    }

    /** As {@link #members}, not waiting: completes exceptionally with an {@link IOException} for anything but 200. */
    CompletableFuture<Set<String>> membersAsync(int port) {
        return getAsync(port, "/api/cluster").thenApply(body -> membersIn(port, body));
    }

    private static Set<String> membersIn(int port, String body) {
        JsonObject cluster = new JsonObject(body);
        if (!cluster.getBoolean("clustered", false)) {
            throw new UncheckedIOException(new IOException("the NMS on port " + port
                    + " does not run as a node of a cluster: " + cluster));
        }
        JsonArray members = cluster.getJsonArray("members", new JsonArray());
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < members.size(); i++) {
            names.add(String.valueOf(members.getJsonObject(i).getString("name")));
        }
        return names;
    }

    /**
     * What an RPC through the API got: the HTTP status as text ("200", "409"...) or {@link #NO_ANSWER},
     * and for anything but 200 the start of what the API said (or why there was no answer).
     */
    record Outcome(String status, String detail) {
    }

    /**
     * Sends {@code operation} to device {@code id} through the API on {@code port}: completes with
     * its {@link Outcome}, {@link #NO_ANSWER} when no answer came within {@code timeout} or the
     * connection failed. Never completes exceptionally.
     */
    CompletableFuture<Outcome> rpc(int port, String id, String operation, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/devices/" + id
                + "/rpc")).timeout(timeout).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(operation)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            if (failure != null) {
                return new Outcome(NO_ANSWER, String.valueOf(failure));
            }
            String status = Integer.toString(response.statusCode());
            return new Outcome(status, response.statusCode() == 200 ? "" : shortened(response.body()));
        });
    }

    /** The first {@link #DETAIL_CHARS} characters of {@code text}, on one line. */
    private static String shortened(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= DETAIL_CHARS ? line : line.substring(0, DETAIL_CHARS) + "...";
    }

    /** How many devices each node holds, as {@code connected} shows them, by node name. */
    static Map<String, Integer> spread(Map<String, String> connected) {
        Map<String, Integer> byNode = new TreeMap<>();
        connected.values().forEach(node -> byNode.merge(node, 1, Integer::sum));
        return byNode;
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        return body(port, path, http.send(request(port, path), HttpResponse.BodyHandlers.ofString()));
    }

    private CompletableFuture<String> getAsync(int port, String path) {
        return http.sendAsync(request(port, path), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            try {
                return body(port, path, response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(READ_TIMEOUT).build();
    }

    private static String body(int port, String path, HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " on port " + port + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
