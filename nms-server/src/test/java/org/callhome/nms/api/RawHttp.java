package org.callhome.nms.api;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;

/**
 * HTTP/1.1 written by hand on a real socket, for what a browser, an attacker or a slow client sends
 * and Java's HTTP client will not: any {@code Host} header, a body of any type on any method, bytes
 * one at a time, nothing at all. And the NMS settings the API tests start with.
 */
final class RawHttp {

    static final String TOKEN = "0123456789abcdef-test-token";

    private RawHttp() {
    }

    /** An answer: its status and body. */
    record Answer(int status, String head, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    /** Sends {@code request} as it is (it should say {@code Connection: close}) and reads the whole answer. */
    static Answer exchange(int port, String request) throws IOException {
        return exchange(InetAddress.getLoopbackAddress(), port, request.getBytes(StandardCharsets.UTF_8));
    }

    static Answer exchange(InetAddress from, int port, byte[] request) throws IOException {
        try (Socket socket = connect(from, port)) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            String text = new String(readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.") || end < 0) {
                throw new IOException("not an HTTP answer: " + text);
            }
            String head = text.substring(0, end);
            String body = text.substring(end + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Answer(Integer.parseInt(text.substring(9, 12)), head, body);
        }
    }

    /** A socket from {@code from} (a loopback address) to the NMS's API, reads timing out after a minute. */
    static Socket connect(InetAddress from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        socket.setSoTimeout(60_000);
        return socket;
    }

    /** Whether the server closed {@code socket}: reads until the end of the stream, a reset or a minute passes. */
    static boolean closedByServer(Socket socket) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // an answer before the close is fine
            }
            return true;
        } catch (SocketException reset) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    /** A request of {@code method} on {@code path} with the headers given, and the body if not null. */
    static String request(String method, String path, String host, Map<String, String> headers, String body) {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            request.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        return request.append("\r\n").append(body == null ? "" : body).toString();
    }

    /** Settings of an NMS serving both strategies on loopback, with {@link #TOKEN}. */
    static NmsSettings settings(Path dir, Map<String, KeyPair> known) {
        Map<String, java.security.PublicKey> keys = new java.util.LinkedHashMap<>();
        known.forEach((id, pair) -> keys.put(id, pair.getPublic()));
        return new NmsSettings(
                Optional.of(new NmsSettings.ReverseSsh(new InetSocketAddress("127.0.0.1", 0), KnownDevices.of(keys),
                        SshKeys.generateEd25519(), "nms", false)),
                Optional.of(new NmsSettings.DeviceSsh(new InetSocketAddress("127.0.0.1", 0), SshKeys.generateEd25519(),
                        KnownDevices.of(Map.of()), DeviceSshServer.DEFAULT_SUBSYSTEM)),
                new InetSocketAddress("127.0.0.1", 0), Optional.of(TOKEN), Duration.ofSeconds(10),
                NmsSettings.DEFAULT_MAX_STARTUPS, Keepalives.DEFAULT, Duration.ofSeconds(10), NetconfLimits.DEFAULT,
                dir.resolve("state"));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            in.transferTo(out);
        } catch (SocketException reset) {
            // what came before the reset is the answer
        }
        return out.toByteArray();
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
