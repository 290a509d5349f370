package org.callhome.compare.costs;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.LivenessResult;
import org.callhome.compare.model.TrustModel;
import org.callhome.device.DeviceAgent;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.DeviceTlsCallHomeConfig;
import org.callhome.shared.config.InvalidConfigException;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.config.TlsCallHomeJson;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.tls.TlsContexts;

/**
 * Probes how tls keeps liveness, against RFC 8071 §7, which asks a TLS call-home connection for TLS
 * heartbeats (RFC 6520):
 * <ol>
 * <li>A TLS 1.2 ClientHello offering the heartbeat extension ({@code peer_allowed_to_send}) is fed to
 *     the TLS server a tls device runs ({@link TlsContexts#device}, its key and certificate from the
 *     lab), in memory; the extensions of the ServerHello it answers with are read. TLS 1.2 because its
 *     ServerHello is in clear (TLS 1.3 puts the answer in EncryptedExtensions).</li>
 * <li>A device configuration asking for TLS keepalives (ietf-tls-server's {@code keepalives}) is
 *     written from a lab device's settings and read by device-client's reader: its answer is quoted.</li>
 * <li>What the run's devices use instead: the call-home keepalive settings they were started with,
 *     which tls applies as TCP keepalives.</li>
 * </ol>
 */
public final class TlsHeartbeatProbe {

    private static final int HANDSHAKE = 22;
    private static final int SERVER_HELLO = 2;

    private TlsHeartbeatProbe() {
    }

    /** Runs the probe with keys made in {@code dir}. */
    public static LivenessResult run(Path dir) throws Exception {
        List<String> evidence = new ArrayList<>();
        try (Testbed testbed = new Testbed(dir, TrustModel.X509, CallHomeStrategy.TLS)) {
            Testbed.NmsKeys nms = testbed.nmsKeys("nms");
            DeviceSpec device = testbed.deviceSpec(CallHomeStrategy.TLS, "probe-1", nms,
                    new InetSocketAddress(Testbed.NMS_HOST, 4335), Role.ADMIN);
            DeviceAgent.Settings settings = device.settings();
            List<Integer> extensions = serverHelloExtensions(device, evidence);
            boolean heartbeat = extensions.contains(LivenessResult.HEARTBEAT_EXTENSION);
            evidence.add("the device's ServerHello " + (heartbeat ? "accepted" : "left out") + " the heartbeat "
                    + "extension (" + LivenessResult.HEARTBEAT_EXTENSION + "): its extensions were " + extensions);
            String refusal = configRefusal(dir, settings, evidence);
            Keepalives keepalives = settings.callHome().keepalives();
            String instead = String.format(Locale.ROOT, "TCP keepalives (SO_KEEPALIVE) from the call-home keepalive "
                    + "settings: idle %d s, a probe every %d s, the connection dropped after %d unanswered",
                    keepalives.maxWait().toSeconds(), keepalives.maxWait().toSeconds(), keepalives.maxAttempts());
            return new LivenessResult("TLSv1.2", heartbeat, extensions, refusal, instead, evidence);
        }
    }

    /** The extension types of the ServerHello the device's TLS server answers a ClientHello offering heartbeat with. */
    private static List<Integer> serverHelloExtensions(DeviceSpec device, List<String> evidence) throws Exception {
        KeyPair key = SshKeys.loadPrivateKey(device.keyFile());
        List<X509Certificate> chain = X509ChainFile.load(device.certificateFile().orElseThrow(), key,
                device.keyFile(), "--host-key");
        SSLEngine engine = TlsContexts.device(key.getPrivate(), chain, new RefuseAll())
                .newEngine(UnpooledByteBufAllocator.DEFAULT);
        engine.beginHandshake();
        byte[] hello = clientHello();
        evidence.add("sent the device's TLS server a TLS 1.2 ClientHello of " + hello.length + " bytes offering "
                + "heartbeat (peer_allowed_to_send), ECDHE-ECDSA with AES-GCM, groups x25519 and secp256r1");
        ByteBuffer in = ByteBuffer.wrap(hello);
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * 4);
        for (int step = 0; step < 20 && out.position() == 0; step++) {
            SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
            if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                engine.wrap(ByteBuffer.allocate(0), out);
            } else if (status == SSLEngineResult.HandshakeStatus.NEED_UNWRAP) {
                engine.unwrap(in, app);
            } else {
                break;
            }
        }
        engine.closeOutbound();
        out.flip();
        if (!out.hasRemaining()) {
            throw new SSLException("the device's TLS server answered the ClientHello with nothing");
        }
        return extensionsOf(out);
    }

    /** The extension types of the ServerHello that opens {@code records}. */
    static List<Integer> extensionsOf(ByteBuffer records) throws SSLException {
        if ((records.get() & 0xff) != HANDSHAKE) {
            throw new SSLException("the device's answer is no handshake record (an alert?)");
        }
        records.getShort();
        records.getShort();
        if ((records.get() & 0xff) != SERVER_HELLO) {
            throw new SSLException("the device's first handshake message is no ServerHello");
        }
        int length = ((records.get() & 0xff) << 16) | ((records.get() & 0xff) << 8) | (records.get() & 0xff);
        int end = records.position() + length;
        skip(records, 2 + 32);
        int sessionId = records.get() & 0xff;
        skip(records, sessionId + 2 + 1);
        List<Integer> types = new ArrayList<>();
        if (records.position() < end) {
            int extensionsLength = records.getShort() & 0xffff;
            int extensionsEnd = records.position() + extensionsLength;
            while (records.position() < extensionsEnd) {
                types.add(records.getShort() & 0xffff);
                int dataLength = records.getShort() & 0xffff;
                skip(records, dataLength);
            }
        }
        return types;
    }

    private static void skip(ByteBuffer buffer, int bytes) {
        buffer.position(buffer.position() + bytes);
    }

    /**
     * A TLS 1.2 ClientHello: the suites of {@link TlsContexts#CIPHER_SUITES} for ECDSA, groups x25519
     * and secp256r1, uncompressed points, ECDSA and RSA-PSS signatures, secure renegotiation, the
     * extended master secret, and heartbeat with mode peer_allowed_to_send (1).
     */
    static byte[] clientHello() {
        ByteBuffer extensions = ByteBuffer.allocate(256);
        extension(extensions, 10, new byte[] {0, 4, 0, 0x1d, 0, 0x17});
        extension(extensions, 11, new byte[] {1, 0});
        extension(extensions, 13, new byte[] {0, 6, 4, 3, 8, 4, 4, 1});
        extension(extensions, 23, new byte[0]);
        extension(extensions, 0xff01, new byte[] {0});
        extension(extensions, LivenessResult.HEARTBEAT_EXTENSION, new byte[] {1});
        extensions.flip();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        int[] suites = {0xc02b, 0xc02c, 0xcca9};
        ByteBuffer body = ByteBuffer.allocate(512);
        body.putShort((short) 0x0303).put(random).put((byte) 0);
        body.putShort((short) (suites.length * 2));
        for (int suite : suites) {
            body.putShort((short) suite);
        }
        body.put((byte) 1).put((byte) 0);
        body.putShort((short) extensions.remaining()).put(extensions);
        body.flip();
        ByteBuffer record = ByteBuffer.allocate(9 + body.remaining());
        record.put((byte) HANDSHAKE).putShort((short) 0x0301).putShort((short) (4 + body.remaining()));
        record.put((byte) 1).put((byte) 0).putShort((short) body.remaining()).put(body);
        return record.array();
    }

    private static void extension(ByteBuffer into, int type, byte[] data) {
        into.putShort((short) type).putShort((short) data.length).put(data);
    }

    /**
     * What device-client's configuration reader says of the device's own configuration with TLS
     * keepalives asked for under its first endpoint's tls-server-parameters; empty if it took it.
     */
    private static String configRefusal(Path dir, DeviceAgent.Settings settings, List<String> evidence)
            throws IOException {
        JsonObject config = new JsonObject(TlsCallHomeJson.write(new DeviceTlsCallHomeConfig(
                List.of(settings.callHome()), settings.ssh())));
        JsonObject server = config.getJsonObject("ietf-netconf-server:netconf-server").getJsonObject("call-home")
                .getJsonArray("netconf-client").getJsonObject(0).getJsonObject("endpoints").getJsonArray("endpoint")
                .getJsonObject(0).getJsonObject("tls").getJsonObject("tls-server-parameters");
        server.put("keepalives", new JsonObject().put("peer-allowed-to-send", new JsonArray().addNull()));
        Path file = dir.resolve("device-tls-heartbeats.json");
        Files.writeString(file, config.encodePrettily(), StandardCharsets.UTF_8);
        evidence.add("asked device-client's configuration reader for TLS keepalives: tls-server-parameters/"
                + "keepalives with peer-allowed-to-send, in the device's own ietf-netconf-server tree");
        try {
            TlsCallHomeJson.read(file);
            evidence.add("the reader took it");
            return "";
        } catch (InvalidConfigException e) {
            evidence.add("the reader refused it: " + e.problem());
            return e.problem();
        }
    }

    /** The probe never gets as far as a client certificate. */
    private static final class RefuseAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            throw new CertificateException("the probe trusts no client");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            throw new CertificateException("the probe trusts no server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
