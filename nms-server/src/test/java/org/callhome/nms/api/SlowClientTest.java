package org.callhome.nms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.HttpLimits;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that hold the API's connections without finishing a request, on a real NMS on loopback
 * with short timeouts: a slow sender, an idle connection, too many connections or event streams
 * from one address. Each is cut, and another client is still served. Nothing here is timed: the
 * checks wait, generously, for the server to close what it must.
 */
class SlowClientTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private NmsServer nms;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (nms != null) {
            nms.close();
        }
    }

    @Test
    void aClientSendingItsHeadersOneByteAtATimeIsCutAtTheRequestTimeout() throws Exception {
        start(new HttpLimits(List.of(), HttpLimits.DEFAULT_MAX_HEADER_BYTES, Duration.ofMinutes(10), REQUEST_TIMEOUT,
                8, 4, HttpLimits.DEFAULT_STREAM_WRITE_TIMEOUT));
        Socket slow = open(InetAddress.getLoopbackAddress());
        slow.setSoTimeout(50);
        OutputStream out = slow.getOutputStream();
        byte[] request = ("GET /api/devices HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-Padding: " + "p".repeat(400))
                .getBytes(StandardCharsets.US_ASCII);
        boolean cut = false;
        // a byte every 100 ms or so, for up to 40 s: never a whole request
        for (int i = 0; i < request.length && !cut; i++) {
            try {
                out.write(request[i]);
                out.flush();
                cut = slow.getInputStream().read() < 0;
            } catch (java.net.SocketTimeoutException stillOpen) {
                Thread.sleep(50);
            } catch (java.io.IOException closed) {
                cut = true;
            }
        }
        assertTrue(cut, "the connection was still open after " + request.length + " bytes");
        assertServed(InetAddress.getLoopbackAddress());
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeoutAndAServedOneAfterTheRequestTimeout() throws Exception {
        start(new HttpLimits(List.of(), HttpLimits.DEFAULT_MAX_HEADER_BYTES, IDLE_TIMEOUT, Duration.ofMinutes(10),
                8, 4, HttpLimits.DEFAULT_STREAM_WRITE_TIMEOUT));
        Socket idle = open(InetAddress.getLoopbackAddress());
        assertTrue(RawHttp.closedByServer(idle), "an idle connection stays open");

        start(new HttpLimits(List.of(), HttpLimits.DEFAULT_MAX_HEADER_BYTES, Duration.ofMinutes(10), REQUEST_TIMEOUT,
                8, 4, HttpLimits.DEFAULT_STREAM_WRITE_TIMEOUT));
        Socket keptAlive = open(InetAddress.getLoopbackAddress());
        keptAlive.getOutputStream().write("GET /api/devices HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                .concat(RawHttp.TOKEN).concat("\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        BufferedReader answer = new BufferedReader(new InputStreamReader(keptAlive.getInputStream(),
                StandardCharsets.ISO_8859_1));
        assertEquals("HTTP/1.1 200 OK", answer.readLine());
        // answered, kept alive, then nothing more: cut when the next request does not come
        assertTrue(RawHttp.closedByServer(keptAlive), "a kept-alive connection with no next request stays open");
    }

    @Test
    void connectionsFromOneAddressAreCappedAtTheLimitAndOtherAddressesAreStillServed() throws Exception {
        int cap = 4;
        start(new HttpLimits(List.of(), HttpLimits.DEFAULT_MAX_HEADER_BYTES, Duration.ofMinutes(10),
                Duration.ofMinutes(10), cap, 2, HttpLimits.DEFAULT_STREAM_WRITE_TIMEOUT));
        InetAddress attacker = InetAddress.getByName("127.0.0.3");
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            held.add(open(attacker));
        }
        // the connections at the limit are taken: each answers a request
        Socket last = held.get(cap - 1);
        last.getOutputStream().write(RawHttp.request("GET", "/api/devices", "127.0.0.1", Map.of(), null)
                .replace("Connection: close\r\n", "").getBytes(StandardCharsets.US_ASCII));
        assertTrue(new String(last.getInputStream().readNBytes(12), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
        Socket pastLimit = open(attacker);
        assertTrue(RawHttp.closedByServer(pastLimit), "one past the limit is closed");
        assertServed(InetAddress.getByName("127.0.0.4"));
        held.get(0).close();
        // a freed place is taken again (the server hears of the close a little later)
        boolean served = false;
        for (int attempt = 0; attempt < 100 && !served; attempt++) {
            try {
                served = RawHttp.exchange(attacker, nms.httpPort(), RawHttp.request("GET", "/api/devices",
                        "127.0.0.1", Map.of(), null).getBytes(StandardCharsets.US_ASCII)).status() == 200;
            } catch (java.io.IOException refused) {
                Thread.sleep(50);
            }
        }
        assertTrue(served, "the address is served again once it holds fewer connections");
    }

    @Test
    void eventStreamsFromOneAddressAreCappedAndNeverReadingOnesDoNotStopAnotherClient() throws Exception {
        int cap = 3;
        start(new HttpLimits(List.of(), HttpLimits.DEFAULT_MAX_HEADER_BYTES, Duration.ofMinutes(10),
                Duration.ofMinutes(10), 16, cap, HttpLimits.DEFAULT_STREAM_WRITE_TIMEOUT));
        InetAddress attacker = InetAddress.getByName("127.0.0.5");
        String stream = RawHttp.request("GET", "/api/events", "127.0.0.1", Map.of(), null)
                .replace("Connection: close\r\n", "");
        for (int i = 0; i < cap; i++) {
            Socket neverRead = open(attacker);
            neverRead.getOutputStream().write(stream.getBytes(StandardCharsets.US_ASCII));
            assertTrue(new String(neverRead.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)
                    .startsWith("HTTP/1.1 200"), "stream " + (i + 1) + " of " + cap);
        }
        Socket refused = open(attacker);
        refused.getOutputStream().write(stream.getBytes(StandardCharsets.US_ASCII));
        BufferedReader refusal = new BufferedReader(new InputStreamReader(refused.getInputStream(),
                StandardCharsets.UTF_8));
        assertEquals("HTTP/1.1 503 Service Unavailable", refusal.readLine(), "one past the limit");

        Socket operator = open(InetAddress.getByName("127.0.0.6"));
        operator.getOutputStream().write(stream.getBytes(StandardCharsets.US_ASCII));
        BufferedReader events = new BufferedReader(new InputStreamReader(operator.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String> approved = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = events.readLine()) != null; ) {
                    if (line.contains("\"type\":\"approved\"")) {
                        return line;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String body = new JsonObject().put("id", "dev-1").put("strategy", "reverse-ssh")
                .put("publicKey", SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic())).encode();
        RawHttp.Answer trusted = RawHttp.exchange(nms.httpPort(), RawHttp.request("POST", "/api/devices", "127.0.0.1",
                Map.of("Content-Type", "application/json"), body));
        assertEquals(201, trusted.status(), trusted.body());
        String event = approved.get(60, TimeUnit.SECONDS);
        assertTrue(event != null && event.contains("dev-1"), event);
    }

    @Test
    void aHeaderPastTheLimitIsRefusedAndOneAtTheLimitIsTaken() throws Exception {
        int limit = 4096;
        start(new HttpLimits(List.of(), limit, Duration.ofMinutes(10), Duration.ofMinutes(10), 8, 4,
                HttpLimits.DEFAULT_STREAM_WRITE_TIMEOUT));
        String base = RawHttp.request("GET", "/api/devices", "127.0.0.1", Map.of("X-Pad", ""), null);
        // what Netty counts: the header lines after the request line, without their CRLFs
        String[] lines = base.substring(base.indexOf("\r\n") + 2).split("\r\n");
        int counted = java.util.Arrays.stream(lines).mapToInt(String::length).sum();
        String atLimit = base.replace("X-Pad: ", "X-Pad: " + "p".repeat(limit - counted));
        assertEquals(200, RawHttp.exchange(nms.httpPort(), atLimit).status());
        String pastLimit = base.replace("X-Pad: ", "X-Pad: " + "p".repeat(limit - counted + 1));
        int status = RawHttp.exchange(nms.httpPort(), pastLimit).status();
        assertTrue(status == 431 || status == 400, "past the header limit: " + status);
        assertFalse(status == 200);
    }

    private void start(HttpLimits limits) throws Exception {
        if (nms != null) {
            nms.close();
        }
        nms = NmsServer.start(RawHttp.settings(dir, Map.of()).withHttpLimits(limits));
    }

    private Socket open(InetAddress from) throws Exception {
        Socket socket = RawHttp.connect(from, nms.httpPort());
        sockets.add(socket);
        return socket;
    }

    private void assertServed(InetAddress from) throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(from, nms.httpPort(), RawHttp.request("GET", "/api/devices",
                "127.0.0.1", Map.of(), null).getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, answer.status(), answer.body());
    }
}
