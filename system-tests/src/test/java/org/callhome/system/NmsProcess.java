package org.callhome.system;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.NmsServerMain;

/**
 * An NMS ({@link NmsServerMain}) in a JVM of its own, started from the test's class path with the
 * given arguments, its output in a log file; reached through its HTTP API. {@link #kill()} is
 * SIGKILL: no shutdown hook runs and the kernel closes the process's sockets.
 */
final class NmsProcess implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final int httpPort;
    private final Path log;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private NmsProcess(String name, int httpPort, Path log, Process process) {
        this.name = name;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code NmsServerMain arguments} (which must make its API listen on 127.0.0.1:{@code
     * httpPort}), its standard output and error in {@code log}. Returns at once.
     */
    static NmsProcess start(String name, int httpPort, Path log, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // three of these share two cores with the test: a small heap, one GC thread, a quick JIT
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), NmsServerMain.class.getName()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new NmsProcess(name, httpPort, log, process);
    }

    /** The name this node has in the cluster ({@code --node-name}). */
    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(request(path)
                .header("content-type", path.endsWith("/rpc") ? "application/xml" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET /api/devices}, which must answer 200. */
    JsonArray devices() throws IOException, InterruptedException {
        return new JsonArray(ok(get("/api/devices")));
    }

    /** {@code GET /api/trust}, which must answer 200. */
    JsonObject trust() throws IOException, InterruptedException {
        return new JsonObject(ok(get("/api/trust")));
    }

    /** {@code GET /api/cluster}, which must answer 200. */
    JsonObject cluster() throws IOException, InterruptedException {
        return new JsonObject(ok(get("/api/cluster")));
    }

    private String ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError(name + " answered " + response.request().uri().getPath() + " with "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(REQUEST_TIMEOUT);
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still runs " + STOP_TIMEOUT.toSeconds() + " s after SIGKILL");
        }
    }

    /** The last {@code lines} lines of the node's output, headed with its name and whether it runs. */
    String logTail(int lines) {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        String text;
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            text = String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            text = "(unreadable: " + e + ")";
        }
        return "--- " + name + " (" + state + "), last " + lines + " lines of " + log.getFileName() + ":\n" + text;
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 15 s. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (API on 127.0.0.1:" + httpPort + ")";
    }
}
