package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.config.HttpLimits;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What other web pages can make the operator's browser do to the NMS, in a real browser (headless
 * Chromium through Selenium) against a real NMS with a real connected device on loopback, the NMS
 * with no token as by default on loopback. A page of another origin (served from 127.0.0.2) and a
 * local HTML file each try to trust the attacker's key and to run edit-config on the device, with
 * {@code text/plain} and JSON fetches and plain HTML forms: the API shows nothing changed. And
 * event streams held open without being read do not leave the operator's dashboard empty: it
 * polls, and says so.
 */
class CrossOriginBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void aPageOfAnotherOriginOrALocalFileCannotTrustAKeyOrRunAnRpc() throws Exception {
        StockPrograms.require(StockPrograms.CHROMIUM, "chromium");
        StockPrograms.require(StockPrograms.CHROMEDRIVER, "chromium-driver");
        try (CallHomeLab lab = new CallHomeLab(dir)) {
            lab.startNms(Map.of("dev-1", lab.hostKey("dev-1")), 0);
            lab.startDevice(CallHomeStrategy.REVERSE_SSH, "dev-1", Role.ADMIN, new DialerListener() { });
            lab.awaitDevice(CallHomeLab.state("dev-1", "connected"), "dev-1 connected");
            String nms = "http://127.0.0.1:" + lab.nms.httpPort();
            KeyPair attackerKey = SshKeys.generateEd25519();
            String page = attackPage(nms, SshKeys.toOpenSsh(attackerKey.getPublic()));

            HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
            attacker.createContext("/", exchange -> {
                byte[] body = page.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("content-type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            attacker.start();
            Path localFile = Files.writeString(dir.resolve("attack.html"), page);
            ChromeDriver browser = chrome();
            try {
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                browser.get("http://127.0.0.2:" + attacker.getAddress().getPort() + "/");
                wait.until(ExpectedConditions.titleIs("done"));
                browser.get(localFile.toUri().toString());
                wait.until(ExpectedConditions.titleIs("done"));
            } finally {
                browser.quit();
                attacker.stop(0);
            }

            JsonObject trust = new JsonObject(lab.get("/api/trust").body());
            assertEquals(List.of("dev-1"), trust.getJsonArray("devices").stream()
                    .map(device -> ((JsonObject) device).getString("id")).toList(), trust.encodePrettily());
            JsonArray devices = lab.devices();
            assertFalse(devices.encode().contains(SshKeys.fingerprint(attackerKey.getPublic())), devices.encode());
            String config = lab.get("/api/devices/dev-1/config").body();
            assertFalse(config.contains("pwned"), config);
            assertTrue(config.contains("<data"), config);
            // the attempts did reach the NMS, which refused them
            String metrics = lab.get("/metrics").body();
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("vertx_http_server_requests_total")
                    && line.contains("method=\"POST\"") && line.contains("code=\"403\"")), metrics);
        }
    }

    @Test
    void eventStreamsThatNeverReadLeaveTheDashboardPollingAndFollowingChanges() throws Exception {
        StockPrograms.require(StockPrograms.CHROMIUM, "chromium");
        StockPrograms.require(StockPrograms.CHROMEDRIVER, "chromium-driver");
        int streamsPerSource = 2;
        try (CallHomeLab lab = new CallHomeLab(dir)) {
            lab.httpLimits = new HttpLimits(List.of(), HttpLimits.DEFAULT_MAX_HEADER_BYTES,
                    HttpLimits.DEFAULT_IDLE_TIMEOUT, HttpLimits.DEFAULT_REQUEST_TIMEOUT,
                    HttpLimits.DEFAULT_MAX_CONNECTIONS_PER_SOURCE, streamsPerSource,
                    HttpLimits.DEFAULT_STREAM_WRITE_TIMEOUT);
            lab.startNms(Map.of("dev-1", lab.hostKey("dev-1")), 0);
            List<Socket> neverRead = new ArrayList<>();
            ChromeDriver browser = chrome();
            try {
                // every stream this address may hold, opened by a client that never reads them
                for (int i = 0; i < streamsPerSource; i++) {
                    Socket stream = new Socket(InetAddress.getLoopbackAddress(), lab.nms.httpPort());
                    neverRead.add(stream);
                    stream.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    stream.setSoTimeout(30_000);
                    InputStream in = stream.getInputStream();
                    assertEquals("HTTP/1.1 200", new String(in.readNBytes(12), StandardCharsets.US_ASCII));
                }
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                browser.get("http://127.0.0.1:" + lab.nms.httpPort() + "/");
                wait.until(ExpectedConditions.attributeToBe(By.id("stream-state"), "data-state", "polling"));
                assertTrue(browser.findElement(By.id("stream-state")).getDomAttribute("title")
                        .contains("too many event streams"));
                awaitRow(wait, "dev-1", "disconnected");
                assertEquals(201, lab.post("/api/devices", new JsonObject().put("id", "dev-2")
                        .put("strategy", "reverse-ssh")
                        .put("publicKey", SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic())).encode())
                        .statusCode());
                awaitRow(wait, "dev-2", "disconnected");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), "dev-2"));
            } finally {
                browser.quit();
                for (Socket socket : neverRead) {
                    socket.close();
                }
            }
        }
    }

    /**
     * The attacker's page: {@code text/plain} fetches (sent without asking the NMS first), JSON and XML
     * fetches (which a browser asks about first), and two HTML forms in {@code text/plain}, whose
     * bodies are built so that the NMS reads the JSON and the XML they carry. Its title says when
     * all were sent.
     */
    private static String attackPage(String nms, String attackerKey) {
        String trustPrefix = "{\"id\":\"evil\",\"strategy\":\"reverse-ssh\",\"publicKey\":\"" + attackerKey
                + "\",\"notes\":\"";
        String trust = trustPrefix + "x\"}";
        String rpc = CallHomeLab.edit("<system xmlns=\"urn:example:system\"><hostname>pwned</hostname></system>");
        return """
                <!doctype html><html><head><title>attacking</title></head><body>
                <iframe name="sink1"></iframe><iframe name="sink2"></iframe>
                <form id="trust" method="POST" action="@@NMS@@/api/devices" enctype="text/plain" target="sink1">
                <input name='@@TRUST_PREFIX@@' value='x"}'></form>
                <form id="rpc" method="POST" action="@@NMS@@/api/devices/dev-1/rpc" enctype="text/plain" target="sink2">
                <input name='@@RPC@@<!--' value='-->'></form>
                <script>
                const nms = '@@NMS@@';
                const trust = '@@TRUST@@';
                const rpc = '@@RPC@@';
                const loaded = (name) => new Promise((done) => {
                  document.querySelector('iframe[name=' + name + ']').addEventListener('load', done, { once: true });
                  setTimeout(done, 5000);
                });
                async function attack() {
                  await Promise.allSettled([
                    fetch(nms + '/api/devices', { method: 'POST', mode: 'no-cors',
                      headers: { 'Content-Type': 'text/plain' }, body: trust }),
                    fetch(nms + '/api/devices/dev-1/rpc', { method: 'POST', mode: 'no-cors',
                      headers: { 'Content-Type': 'text/plain' }, body: rpc }),
                    fetch(nms + '/api/devices', { method: 'POST',
                      headers: { 'Content-Type': 'application/json' }, body: trust }),
                    fetch(nms + '/api/devices/dev-1/rpc', { method: 'POST',
                      headers: { 'Content-Type': 'application/xml' }, body: rpc }),
                  ]);
                  const first = loaded('sink1');
                  document.getElementById('trust').submit();
                  await first;
                  const second = loaded('sink2');
                  document.getElementById('rpc').submit();
                  await second;
                  document.title = 'done';
                }
                attack();
                </script></body></html>
                """.replace("@@TRUST_PREFIX@@", trustPrefix).replace("@@TRUST@@", trust).replace("@@RPC@@", rpc)
                .replace("@@NMS@@", nms);
    }

    private static void awaitRow(WebDriverWait wait, String key, String state) {
        wait.withMessage("device row " + key + " in state " + state).until(ExpectedConditions
                .visibilityOfElementLocated(By.cssSelector("#devices tr[data-key='" + key + "'][data-state='" + state
                        + "']")));
    }

    private ChromeDriver chrome() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(StockPrograms.CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1200", "--user-data-dir=" + Files.createTempDirectory(dir,
                        "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(StockPrograms.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
