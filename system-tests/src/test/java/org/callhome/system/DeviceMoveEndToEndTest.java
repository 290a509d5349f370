package org.callhome.system;

import static org.callhome.system.CallHomeLab.GET_CONFIG;
import static org.callhome.system.CallHomeLab.edit;
import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call-home configuration is data in the device's running datastore: an operator moves a
 * reverse-ssh device from NMS A to NMS B with NETCONF sent through A's HTTP API, and the device,
 * without a restart, answers A, leaves it and calls B, whose API then runs RPCs on it. Two real
 * NMS servers and a real device on loopback.
 */
class DeviceMoveEndToEndTest {

    private static final String NCS = "urn:ietf:params:xml:ns:yang:ietf-netconf-server";

    @TempDir
    Path dir;

    private CallHomeLab a;
    private CallHomeLab b;

    @BeforeEach
    void setUp() throws Exception {
        a = new CallHomeLab(Files.createDirectories(dir.resolve("nms-a")));
        b = new CallHomeLab(Files.createDirectories(dir.resolve("nms-b")));
    }

    @AfterEach
    void tearDown() throws Exception {
        a.close();
        b.close();
    }

    /**
     * The RPCs, in order, that point the device's endpoint at {@code port}; each must be answered
     * {@code <ok/>}. One edit of running today; a candidate edit and a commit fit here as well.
     */
    static List<String> moveTo(int port) {
        return List.of(edit("<netconf-server xmlns=\"" + NCS + "\"><call-home><netconf-client><name>nms</name>"
                + "<endpoints><endpoint><name>nms</name><ssh><tcp-client-parameters><remote-port>" + port
                + "</remote-port></tcp-client-parameters></ssh></endpoint></endpoints></netconf-client></call-home>"
                + "</netconf-server>"));
    }

    @Test
    void aDeviceMovedThroughTheFirstNmsApiArrivesAtTheSecondAndIsManagedThere() throws Exception {
        a.startNms(Map.of("dev-1", a.hostKey("dev-1")), 0);
        // B knows the same device and logs into it with the same NMS key, which the device's account trusts
        Files.copy(a.dir.resolve("nms_identity"), b.dir.resolve("nms_identity"));
        b.startNms(Map.of("dev-1", a.hostKey("dev-1")), 0);
        a.startDevice("dev-1", a.deviceSsh("dev-1", "nms", Role.ADMIN, a.nmsIdentity.getPublic()),
                CallHomeLab.callHome(a.nms.callHomeAddress().getPort()), new DialerListener() { });
        a.awaitDevice(state("dev-1", "connected"), "dev-1 connected to A");

        int portOfB = b.nms.callHomeAddress().getPort();
        for (String rpc : moveTo(portOfB)) {
            HttpResponse<String> reply = a.post("/api/devices/dev-1/rpc", rpc);
            assertEquals(200, reply.statusCode(), reply.body());
            assertTrue(reply.body().contains("<ok/>"), "A got the device's answer before it left: " + reply.body());
        }

        b.awaitDevice(state("dev-1", "connected"), "dev-1 connected to B");
        HttpResponse<String> running = b.post("/api/devices/dev-1/rpc", GET_CONFIG);
        assertEquals(200, running.statusCode(), running.body());
        assertTrue(running.body().contains("<remote-port>" + portOfB + "</remote-port>"), running.body());
        a.awaitDevice(device -> "dev-1".equals(device.getString("id"))
                && !"connected".equals(device.getString("state")), "dev-1 gone from A");
    }
}
