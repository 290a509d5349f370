package org.callhome.compare.bootstrap;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.callhome.compare.model.TrustModel;
import org.callhome.compare.model.ZeroTouchResult;
import org.callhome.device.DeviceClientMain;
import org.callhome.nms.NmsServer;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * Zero touch, executed: a factory-fresh {@code device-client} process (its IDevID, its
 * manufacturer's CA and the bootstrap server's address, nothing else) bootstraps from a real NMS
 * whose bootstrap server configures it for one strategy, calls home, and is managed: listed
 * connected in the NMS API and a get-config answered through it, with no operator step. The
 * device runs in a child JVM exactly as an operator would start it; the NMS in this JVM. Then the
 * conveyed configuration is fetched again with the device's IDevID, in this JVM, and counted.
 */
public final class ZeroTouchScenario {

    static final String GET_CONFIG = "<get-config xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><source>"
            + "<running/></source></get-config>";
    private static final Duration MANAGED_WITHIN = Duration.ofSeconds(60);

    private final Path dir;

    /** @param dir the scenario's folder: keys, the device's datastore and its log */
    public ZeroTouchScenario(Path dir) {
        this.dir = dir;
    }

    /** Bootstraps one factory-fresh device of {@code strategy} from an NMS with pinned keys. */
    public ZeroTouchResult run(CallHomeStrategy strategy) throws Exception {
        return run(strategy, TrustModel.PINNED);
    }

    /**
     * Bootstraps one factory-fresh device of {@code strategy} from an NMS whose keys are of {@code
     * trust} (with certificates, the device is conveyed the NMS's CA); a device not managed in time
     * is reported so.
     */
    public ZeroTouchResult run(CallHomeStrategy strategy, TrustModel trust) throws Exception {
        Path folder = dir.resolve(trust.wireName()).resolve(strategy.wireName());
        ZeroTouchLab lab = new ZeroTouchLab(folder, trust, strategy);
        String serial = "SN-ZT-" + switch (strategy) {
            case REVERSE_SSH -> "RS";
            case DEVICE_SSH_CLIENT -> "DSC";
            case TLS -> "TLS";
        };
        ZeroTouchLab.Device device = lab.device(serial);
        Path vouchers = folder.resolve("vouchers");
        lab.offer(vouchers, serial, lab.voucher(serial, lab.owner()));
        List<String> evidence = new ArrayList<>();
        try (NmsServer nms = lab.startNms("nms", lab.owner(), vouchers)) {
            NmsEvents events = new NmsEvents(nms);
            long started = System.nanoTime();
            Process process = start(device, nms, folder);
            try {
                Optional<Long> managed = awaitManaged(nms.httpPort(), serial, evidence);
                if (managed.isEmpty()) {
                    List<String> log = Files.readAllLines(folder.resolve("device.log"));
                    evidence.add("device log, last lines:");
                    evidence.addAll(log.subList(Math.max(0, log.size() - 15), log.size()));
                }
                Optional<NmsEvents.Received> served = events.await(serial, "bootstrapping-data-served",
                        Duration.ZERO);
                Optional<NmsEvents.Received> complete = events.await(serial, "bootstrap-complete", Duration.ZERO);
                events.of(serial).forEach(event -> evidence.add(event.describe()
                        + (event.data().containsKey("sshHostKeys") ? " (SSH host keys "
                        + event.data().getValue("sshHostKeys") + ")" : "")));
                ZeroTouchLab.Outcome again = lab.bootstrap(device, nms);
                ConveyedCount conveyed = again.applied().map(ConveyedCount::of)
                        .orElse(ConveyedCount.NONE);
                evidence.add("fetched again with the IDevID: " + (again.refused() ? again.failure()
                        : conveyed.items() + " leaves, " + conveyed.bytes() + " bytes, secrets "
                        + conveyed.secretNames()));
                long end = managed.orElse(0L);
                return new ZeroTouchResult(strategy, trust, managed.isPresent() && served.isPresent(),
                        managed.isPresent() && served.isPresent() ? millis(end - served.get().nanos()) : -1,
                        managed.isPresent() ? millis(end - started) : -1, conveyed.items(), conveyed.bytes(),
                        conveyed.secrets(), List.copyOf(conveyed.names()), conveyed.trust(),
                        learnedBack(strategy, complete, nms.httpPort(), device),
                        evidence);
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** {@code device-client} as a factory-fresh device runs it; its output goes to device.log. */
    private static Process start(ZeroTouchLab.Device device, NmsServer nms, Path folder) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                DeviceClientMain.class.getName(), "--datastore", folder.resolve("device-data").toString(),
                "--bootstrap", ZeroTouchLab.bootstrapUri(nms).toString(), "--idevid-key", device.key().toString(),
                "--idevid-cert", device.certificate().toString(), "--manufacturer-ca",
                folder.resolve("manufacturer").resolve("manufacturer-root.pem").toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("device.log").toFile()).start();
    }

    /**
     * Waits for the NMS API to list {@code serial} connected, then asks it for a get-config; the
     * time the answer came, or empty if either did not happen in time.
     */
    private static Optional<Long> awaitManaged(int apiPort, String serial, List<String> evidence)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI entry = URI.create("http://" + ZeroTouchLab.HOST + ":" + apiPort + "/api/devices/" + serial);
        long deadline = System.nanoTime() + MANAGED_WITHIN.toNanos();
        String state = "unknown to the NMS";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(entry).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                state = new JsonObject(response.body()).getString("state");
                if ("connected".equals(state)) {
                    break;
                }
            }
            Thread.sleep(25);
        }
        evidence.add("NMS API: " + serial + " " + state);
        if (!"connected".equals(state)) {
            return Optional.empty();
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(entry + "/rpc"))
                .header("content-type", "application/xml").POST(HttpRequest.BodyPublishers.ofString(GET_CONFIG)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        long at = System.nanoTime();
        evidence.add("NMS API: get-config through " + serial + " answered " + answer.statusCode() + ", "
                + answer.body().length() + " characters" + (answer.body().contains("<data") ? ", with <data>" : ""));
        return answer.statusCode() == 200 && answer.body().contains("<data") ? Optional.of(at) : Optional.empty();
    }

    /**
     * What the NMS took from the device after serving it: a host key (reverse-ssh), the IDevID key
     * (tls, as the NMS's trust store lists it), or nothing.
     */
    private static String learnedBack(CallHomeStrategy strategy, Optional<NmsEvents.Received> complete, int apiPort,
                                      ZeroTouchLab.Device device) throws IOException, InterruptedException {
        if (complete.isEmpty()) {
            return "no bootstrap-complete received";
        }
        if (strategy == CallHomeStrategy.TLS) {
            return trustedIdevidKey(apiPort, device);
        }
        int hostKeys = complete.get().data().getInteger("sshHostKeys", 0);
        if (strategy == CallHomeStrategy.REVERSE_SSH) {
            return hostKeys + " SSH host key from bootstrap-complete, trusted as the device's key";
        }
        return hostKeys == 0 ? "nothing: the IDevID certificate is the device's login"
                : hostKeys + " SSH host key from bootstrap-complete (not used)";
    }

    /**
     * What the NMS's trust store ({@code GET /api/trust}) holds for a tls device after its
     * bootstrap-complete: a tls device reports no key, so the NMS trusts it by the IDevID key that
     * authenticated the report, with source zero-touch.
     */
    private static String trustedIdevidKey(int apiPort, ZeroTouchLab.Device device)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + ZeroTouchLab.HOST
                + ":" + apiPort + "/api/trust")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return "unknown: the NMS's trust store answered " + response.statusCode();
        }
        Optional<JsonObject> entry = new JsonObject(response.body()).getJsonArray("devices").stream()
                .map(JsonObject.class::cast)
                .filter(trusted -> device.serial().equals(trusted.getString("id"))
                        && CallHomeStrategy.TLS.wireName().equals(trusted.getString("strategy")))
                .findFirst();
        if (entry.isEmpty()) {
            return "nothing: the NMS trusts no tls device " + device.serial();
        }
        String fingerprint = entry.get().getString("fingerprint", "");
        String source = entry.get().getString("source", "");
        if (fingerprint.equals(SshKeys.fingerprint(device.idevid().key().getPublic())) && "zero-touch".equals(source)) {
            return "the IDevID key the report was authenticated with, trusted as the device's key";
        }
        return "another key than the IDevID's trusted for " + device.serial() + " (" + fingerprint + ", source "
                + source + ")";
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
