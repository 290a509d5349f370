package org.callhome.compare.costs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.callhome.compare.model.LivenessResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The liveness probe of tls against the device's real TLS server and configuration reader: the
 * ServerHello is read for real (it carries the extensions the JDK answers a TLS 1.2 client with),
 * and the device's reader refuses TLS keepalives with its reason.
 */
class TlsHeartbeatProbeTest {

    @TempDir
    Path dir;

    @Test
    void theDevicesTlsServerNegotiatesNoHeartbeatAndItsReaderSaysWhy() throws Exception {
        LivenessResult result = TlsHeartbeatProbe.run(dir);
        System.out.println(result.toJson().encodePrettily());
        assertFalse(result.heartbeatNegotiated(), result.toString());
        assertTrue(result.deviates());
        // the ServerHello was really parsed: it answers the secure renegotiation and extended master secret offered
        assertTrue(result.serverHelloExtensions().contains(0xff01), result.serverHelloExtensions().toString());
        assertTrue(result.serverHelloExtensions().contains(23), result.serverHelloExtensions().toString());
        assertTrue(result.configRefusal().contains("TLS heartbeats (RFC 6520) cannot be sent"),
                result.configRefusal());
        assertTrue(result.instead().startsWith("TCP keepalives"), result.instead());
        assertTrue(result.evidence().stream().anyMatch(line -> line.contains("left out the heartbeat")),
                String.join("\n", result.evidence()));
    }

    @Test
    void aServerHelloIsReadExtensionByExtension() throws Exception {
        // type 22, TLS 1.2, ServerHello with an empty session id, a suite, no compression, two extensions
        ByteBuffer hello = ByteBuffer.allocate(64);
        byte[] body = new byte[2 + 32 + 1 + 2 + 1 + 2 + 4 + 5];
        ByteBuffer b = ByteBuffer.wrap(body);
        b.putShort((short) 0x0303).put(new byte[32]).put((byte) 0).putShort((short) 0xc02b).put((byte) 0);
        b.putShort((short) 9).putShort((short) 15).putShort((short) 0).putShort((short) 11).putShort((short) 1)
                .put((byte) 0);
        hello.put((byte) 22).putShort((short) 0x0303).putShort((short) (4 + body.length)).put((byte) 2)
                .put((byte) 0).putShort((short) body.length).put(body).flip();
        assertEquals(List.of(15, 11), TlsHeartbeatProbe.extensionsOf(hello));
    }
}
