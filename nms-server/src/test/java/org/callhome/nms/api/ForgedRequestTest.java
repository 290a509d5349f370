package org.callhome.nms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.HttpLimits;
import org.callhome.nms.config.NmsSettings;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a page of another origin, a local file or a rebound DNS name can make the operator's browser
 * send to a real NMS on loopback, written as such a browser writes it: none of it changes anything.
 * And what the API answers to bodies it does not take: never a file on disk, never a 5xx, never a
 * Java class name.
 */
class ForgedRequestTest {

    @TempDir
    Path dir;

    private final KeyPair attackerKey = SshKeys.generateEd25519();
    private NmsServer nms;

    @AfterEach
    void stop() throws Exception {
        if (nms != null) {
            nms.close();
        }
    }

    @Test
    void aForeignHostHeaderIsRefusedOnEveryRouteSoDnsRebindingReachesNothing() throws Exception {
        start(RawHttp.settings(dir, Map.of()));
        int port = nms.httpPort();
        for (String path : List.of("/", "/app.js", "/api/devices", "/api/trust", "/metrics", "/api/events")) {
            RawHttp.Answer answer = RawHttp.exchange(port, RawHttp.request("GET", path, "rebind.attacker.example:" + port,
                    Map.of(), null));
            assertEquals(421, answer.status(), path + ": " + answer.body());
            assertEquals(421, answer.json().getInteger("status"));
            assertTrue(answer.json().getString("error").contains("rebind.attacker.example"), answer.body());
        }
        RawHttp.Answer write = RawHttp.exchange(port, RawHttp.request("POST", "/api/devices",
                "rebind.attacker.example:" + port, Map.of("Content-Type", "application/json"), trustBody()));
        assertEquals(421, write.status(), write.body());
        RawHttp.Answer noHost = RawHttp.exchange(port, "GET /api/devices HTTP/1.0\r\nAuthorization: Bearer "
                + RawHttp.TOKEN + "\r\n\r\n");
        assertEquals(421, noHost.status(), noHost.body());
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port)) {
            assertEquals(200, RawHttp.exchange(port, RawHttp.request("GET", "/api/devices", host, Map.of(), null))
                    .status(), host);
        }
        assertNothingTrusted(port);
    }

    @Test
    void onlyTheHostsGivenAreServedWhenAllowedHostsAreConfigured() throws Exception {
        start(RawHttp.settings(dir, Map.of()).withHttpLimits(HttpLimits.DEFAULT
                .withAllowedHosts(List.of("nms.example.net", "127.0.0.1:1"))));
        int port = nms.httpPort();
        assertEquals(200, RawHttp.exchange(port, RawHttp.request("GET", "/api/devices", "nms.example.net:" + port,
                Map.of(), null)).status());
        assertEquals(421, RawHttp.exchange(port, RawHttp.request("GET", "/api/devices", "127.0.0.1:" + port,
                Map.of(), null)).status(), "another port than the one allowed");
        assertEquals(421, RawHttp.exchange(port, RawHttp.request("GET", "/", "localhost:" + port,
                Map.of(), null)).status(), "the loopback defaults no longer apply");
    }

    @Test
    void aWriteFromAPageOfAnotherOriginOrALocalFileIsRefusedAndChangesNothing() throws Exception {
        start(RawHttp.settings(dir, Map.of()));
        int port = nms.httpPort();
        String self = "127.0.0.1:" + port;
        List<Map<String, String>> forged = List.of(
                Map.of("Origin", "http://attacker.example"),
                Map.of("Origin", "http://127.0.0.2:" + port),
                Map.of("Origin", "http://localhost:" + port),
                Map.of("Origin", "null"),
                Map.of("Sec-Fetch-Site", "cross-site"),
                Map.of("Sec-Fetch-Site", "same-site"),
                Map.of("Origin", "http://" + self, "Sec-Fetch-Site", "cross-site"));
        for (Map<String, String> headers : forged) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put("Content-Type", "application/json");
            RawHttp.Answer trust = RawHttp.exchange(port, RawHttp.request("POST", "/api/devices", self, all,
                    trustBody()));
            assertEquals(403, trust.status(), headers + ": " + trust.body());
            assertEquals(403, trust.json().getInteger("status"));
            assertTrue(trust.json().getString("error").startsWith("cross-origin requests are refused"), trust.body());
            all.put("Content-Type", "application/xml");
            assertEquals(403, RawHttp.exchange(port, RawHttp.request("POST", "/api/devices/dev-1/rpc", self, all,
                    "<get-config/>")).status(), headers.toString());
            assertEquals(403, RawHttp.exchange(port, RawHttp.request("DELETE", "/api/devices/dev-1", self, headers,
                    null)).status(), headers.toString());
            assertEquals(403, RawHttp.exchange(port, RawHttp.request("GET", "/api/events", self, headers, null))
                    .status(), "nor may such a page hold event streams: " + headers);
            assertEquals(403, RawHttp.exchange(port, RawHttp.request("GET", "/./api/devices", self, headers, null))
                    .status(), "the API by another spelling of its path: " + headers);
        }
        assertNothingTrusted(port);
        // the dashboard itself: same origin, as the browser says it
        RawHttp.Answer own = RawHttp.exchange(port, RawHttp.request("POST", "/api/devices", self,
                Map.of("Origin", "http://" + self, "Sec-Fetch-Site", "same-origin", "Content-Type",
                        "application/json; charset=UTF-8"), trustBody()));
        assertEquals(201, own.status(), own.body());
        // the dashboard served through a TLS reverse proxy that keeps the Host header
        assertEquals(200, RawHttp.exchange(port, RawHttp.request("GET", "/api/devices", self,
                Map.of("Origin", "https://" + self, "Sec-Fetch-Site", "same-origin"), null)).status());
        // a link from another site still opens the dashboard
        assertEquals(200, RawHttp.exchange(port, RawHttp.request("GET", "/", self,
                Map.of("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate"), null)).status());
    }

    @Test
    void aFormOrTextPlainBodyIsRefusedWith415AndChangesNothing() throws Exception {
        start(RawHttp.settings(dir, Map.of()));
        int port = nms.httpPort();
        String self = "127.0.0.1:" + port;
        for (String type : new String[] {"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/jsonp", null}) {
            Map<String, String> headers = type == null ? Map.of() : Map.of("Content-Type", type);
            RawHttp.Answer trust = RawHttp.exchange(port, RawHttp.request("POST", "/api/devices", self, headers,
                    trustBody()));
            assertEquals(415, trust.status(), type + ": " + trust.body());
            assertEquals(415, trust.json().getInteger("status"));
            assertTrue(trust.json().getString("error").contains("application/json"), trust.body());
            assertEquals(415, RawHttp.exchange(port, RawHttp.request("POST", "/api/devices/dev-1/rpc", self, headers,
                    "<get-config/>")).status(), type);
            assertEquals(415, RawHttp.exchange(port, RawHttp.request("PUT", "/api/bootstrap/SN-1", self, headers,
                    "{\"strategy\": \"reverse-ssh\"}")).status(), type);
        }
        assertNothingTrusted(port);
        RawHttp.Answer olderName = RawHttp.exchange(port, RawHttp.request("POST", "/api/devices/dev-1/rpc", self,
                Map.of("Content-Type", "text/xml"), "<get-config/>"));
        assertEquals(404, olderName.status(), "XML under its older name is taken: " + olderName.body());
        assertTrue(olderName.json().getString("error").contains("no device"), olderName.body());
    }

    @Test
    void aMultipartUploadIsNeverWrittenToDiskAndAGetWithABodyIsAnsweredCleanly() throws Exception {
        start(RawHttp.settings(dir, Map.of()));
        int port = nms.httpPort();
        String self = "127.0.0.1:" + port;
        Path uploads = Path.of(System.getProperty("user.dir"), "file-uploads");
        List<Path> before = listing(uploads);
        String multipart = "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + "A".repeat(200_000) + "\r\n--x--\r\n";
        Map<String, String> type = Map.of("Content-Type", "multipart/form-data; boundary=x");
        for (String[] call : new String[][] {{"POST", "/api/nope"}, {"POST", "/api/devices/dev-1"},
            {"GET", "/api/devices"}, {"GET", "/"}, {"PATCH", "/api/trust"}, {"POST", "/metrics"}}) {
            RawHttp.Answer answer = RawHttp.exchange(port, RawHttp.request(call[0], call[1], self, type, multipart));
            assertTrue(answer.status() < 500, call[0] + " " + call[1] + ": " + answer.status() + " " + answer.body());
        }
        for (String body : new String[] {"{}", "x=1&y=2", "not json"}) {
            RawHttp.Answer get = RawHttp.exchange(port, RawHttp.request("GET", "/api/devices", self,
                    Map.of("Content-Type", "application/x-www-form-urlencoded"), body));
            assertEquals(200, get.status(), body + ": " + get.body());
        }
        assertEquals(before, listing(uploads), "nothing was stored");
        try (Stream<Path> files = Files.walk(dir)) {
            assertFalse(files.anyMatch(file -> file.getFileName().toString().equals("file-uploads")));
        }
    }

    @Test
    void errorBodiesNeverCarryAJavaClassName() throws Exception {
        start(RawHttp.settings(dir, Map.of()));
        int port = nms.httpPort();
        String self = "127.0.0.1:" + port;
        Map<String, String> json = Map.of("Content-Type", "application/json");
        for (String body : new String[] {"[1, 2]", "\"text\"", "7", "{not json", "{\"id\": {\"a\": 1}, \"strategy\": \"reverse-ssh\"}", "{\"id\": [1]}",
            "{\"id\": \"dev-1\", \"approveFingerprint\": 7}", "{\"id\": \"dev-1\", \"approveFingerprint\": {}}",
            "{\"id\": \"d\", \"strategy\": \"reverse-ssh\", \"publicKey\": 1}", "\u0000\u00ff", "{\"a\":1e99999}",
            "{\"id\": \"dev-1\", \"strategy\": \"reverse-ssh\", \"publicKey\": \"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAAQ\"}"}) {
            RawHttp.Answer answer = RawHttp.exchange(port, RawHttp.request("POST", "/api/devices", self, json, body));
            assertTrue(answer.status() >= 400 && answer.status() < 500, body + ": " + answer.body());
            assertFalse(answer.body().matches("(?s).*\\b(java|javax|io|org|com)\\.[a-z]+\\.[A-Za-z.]*[A-Z].*"),
                    body + ": " + answer.body());
            assertFalse(answer.body().contains("cannot be cast") || answer.body().contains("Cannot deserialize"),
                    body + ": " + answer.body());
        }
        RawHttp.Answer xml = RawHttp.exchange(port, RawHttp.request("PUT", "/api/bootstrap/SN-1", self, json, "[]"));
        assertNotEquals(500, xml.status());
        assertEquals("bad input", ApiErrors.withoutClassNames("io.vertx.core.json.DecodeException: bad input"));
        assertEquals("failed: at 3", ApiErrors.withoutClassNames("failed: java.lang.IllegalStateException: at 3"));
    }

    private void start(NmsSettings settings) throws Exception {
        nms = NmsServer.start(settings);
    }

    private String trustBody() {
        return new JsonObject().put("id", "dev-1").put("strategy", "reverse-ssh")
                .put("publicKey", SshKeys.toOpenSsh(attackerKey.getPublic())).encode();
    }

    private static void assertNothingTrusted(int port) throws IOException {
        RawHttp.Answer trust = RawHttp.exchange(port, RawHttp.request("GET", "/api/trust", "127.0.0.1:" + port,
                Map.of(), null));
        assertEquals(200, trust.status(), trust.body());
        assertTrue(trust.json().getJsonArray("devices").isEmpty(), trust.body());
    }

    private static List<Path> listing(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
