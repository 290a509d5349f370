package org.callhome.system;

import static org.callhome.system.CallHomeLab.GET_CONFIG;
import static org.callhome.system.CallHomeLab.edit;
import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.message.Netconf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call-home configuration is data in the device's running datastore: an operator moves a
 * reverse-ssh device from NMS A to NMS B with NETCONF sent through A's HTTP API, and the device,
 * without a restart, answers A, leaves it and calls B, whose API then runs RPCs on it. The safe way
 * is a confirmed commit with a persist token, confirmed through B once the device arrived there;
 * unconfirmed, the device goes back to A by itself. Two real NMS servers and a real device on
 * loopback.
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

    /** The call-home tree with the device's one endpoint at {@code port}. */
    private static String endpointAt(int port) {
        return "<netconf-server xmlns=\"" + NCS + "\"><call-home><netconf-client><name>nms</name>"
                + "<endpoints><endpoint><name>nms</name><ssh><tcp-client-parameters><remote-port>" + port
                + "</remote-port></tcp-client-parameters></ssh></endpoint></endpoints></netconf-client></call-home>"
                + "</netconf-server>";
    }

    /** An edit of the candidate. */
    private static String editCandidate(String config) {
        return "<edit-config xmlns=\"" + Netconf.BASE_NS + "\"><target><candidate/></target><config>" + config
                + "</config></edit-config>";
    }

    /**
     * The RPCs, in order, that move the device to {@code port} as an operator should: the new
     * endpoint goes into the candidate, and a confirmed commit with a persist token makes it
     * running for {@code confirmSeconds}, during which the commit must be confirmed, from any
     * session, with that token, or the device goes back. Each is answered {@code <ok/>}.
     */
    static List<String> moveTo(String tree, int confirmSeconds, String token) {
        return List.of(editCandidate(tree),
                "<commit xmlns=\"" + Netconf.BASE_NS + "\"><confirmed/><confirm-timeout>" + confirmSeconds
                        + "</confirm-timeout><persist>" + token + "</persist></commit>");
    }

    private void startBoth() throws Exception {
        a.startNms(Map.of("dev-1", a.hostKey("dev-1")), 0);
        // B knows the same device and logs into it with the same NMS key, which the device's account trusts
        Files.copy(a.dir.resolve("nms_identity"), b.dir.resolve("nms_identity"));
        b.startNms(Map.of("dev-1", a.hostKey("dev-1")), 0);
        a.startDevice("dev-1", a.deviceSsh("dev-1", "nms", Role.ADMIN, a.nmsIdentity.getPublic()),
                CallHomeLab.callHome(a.nms.callHomeAddress().getPort()), new DialerListener() { });
        a.awaitDevice(state("dev-1", "connected"), "dev-1 connected to A");
    }

    /** The commit that confirms the pending one, quoting its persist token. */
    static String confirm(String token) {
        return "<commit xmlns=\"" + Netconf.BASE_NS + "\"><persist-id>" + token + "</persist-id></commit>";
    }

    /** Sends each RPC to dev-1 through {@code nms}'s API; each must be answered {@code <ok/>}. */
    static void sendAll(CallHomeLab nms, List<String> rpcs) throws Exception {
        for (String rpc : rpcs) {
            HttpResponse<String> reply = nms.post("/api/devices/dev-1/rpc", rpc);
            assertEquals(200, reply.statusCode(), reply.body());
            assertTrue(reply.body().contains("<ok/>"), "the device answered before it left: " + reply.body());
        }
    }

    /** dev-1's running configuration, read through {@code nms}'s API. */
    static String running(CallHomeLab nms) throws Exception {
        HttpResponse<String> running = nms.post("/api/devices/dev-1/rpc", GET_CONFIG);
        assertEquals(200, running.statusCode(), running.body());
        return running.body();
    }

    @Test
    void aConfirmedCommitThroughTheFirstNmsMovesTheDeviceAndTheSecondConfirmsIt() throws Exception {
        startBoth();
        int portOfB = b.nms.callHomeAddress().getPort();

        sendAll(a, moveTo(endpointAt(portOfB), 600, "move-to-b"));

        b.awaitDevice(state("dev-1", "connected"), "dev-1 connected to B");
        a.awaitDevice(device -> "dev-1".equals(device.getString("id"))
                && !"connected".equals(device.getString("state")), "dev-1 gone from A");
        sendAll(b, List.of(confirm("move-to-b")));

        assertTrue(running(b).contains("<remote-port>" + portOfB + "</remote-port>"));
        // confirmed: nothing is pending any more, so there is nothing to cancel
        HttpResponse<String> cancel = b.post("/api/devices/dev-1/rpc", "<cancel-commit xmlns=\"" + Netconf.BASE_NS
                + "\"><persist-id>move-to-b</persist-id></cancel-commit>");
        assertTrue(cancel.body().contains("no confirmed commit is pending"), cancel.body());
        assertTrue(running(b).contains("<remote-port>" + portOfB + "</remote-port>"));
    }

    @Test
    void aMoveNobodyConfirmsIsRolledBackAndTheDeviceCallsTheFirstNmsAgain() throws Exception {
        startBoth();
        int portOfA = a.nms.callHomeAddress().getPort();
        int portOfB = b.nms.callHomeAddress().getPort();

        sendAll(a, moveTo(endpointAt(portOfB), 20, "never-confirmed"));
        b.awaitDevice(state("dev-1", "connected"), "dev-1 connected to B");

        // the deadline passes unconfirmed: running goes back, the device leaves B and calls A
        b.awaitDevice(device -> "dev-1".equals(device.getString("id"))
                && !"connected".equals(device.getString("state")), "dev-1 gone from B after the rollback");
        a.awaitDevice(state("dev-1", "connected"), "dev-1 back at A");
        String running = running(a);
        assertTrue(running.contains("<remote-port>" + portOfA + "</remote-port>"), running);
        assertFalse(running.contains("<remote-port>" + portOfB + "</remote-port>"), running);
    }

    @Test
    void anEditOfRunningMovesTheDeviceAtOnce() throws Exception {
        startBoth();
        int portOfB = b.nms.callHomeAddress().getPort();

        sendAll(a, List.of(edit(endpointAt(portOfB))));

        b.awaitDevice(state("dev-1", "connected"), "dev-1 connected to B");
        assertTrue(running(b).contains("<remote-port>" + portOfB + "</remote-port>"));
        a.awaitDevice(device -> "dev-1".equals(device.getString("id"))
                && !"connected".equals(device.getString("state")), "dev-1 gone from A");
    }

    @Test
    void aConfigurationTheDeviceCouldNotCallHomeWithIsRefusedAndTheDeviceStays() throws Exception {
        startBoth();
        int portOfA = a.nms.callHomeAddress().getPort();
        // valid for the schema (tls devices use TCP keepalives), refused by the reverse-ssh device
        String keepalives = "<netconf-server xmlns=\"" + NCS + "\"><call-home><netconf-client><name>nms</name>"
                + "<endpoints><endpoint><name>nms</name><ssh><tcp-client-parameters><keepalives><idle-time>30"
                + "</idle-time><max-probes>3</max-probes><probe-interval>10</probe-interval></keepalives>"
                + "</tcp-client-parameters></ssh></endpoint></endpoints></netconf-client></call-home>"
                + "</netconf-server>";

        HttpResponse<String> refused = a.post("/api/devices/dev-1/rpc", edit(keepalives));

        assertTrue(refused.body().contains("<error-tag>invalid-value</error-tag>"), refused.body());
        assertTrue(refused.body().contains("could not call home with this configuration"), refused.body());
        assertTrue(refused.body().contains("keepalives"), refused.body());
        String running = running(a);
        assertFalse(running.contains("<idle-time>"), running);
        assertTrue(running.contains("<remote-port>" + portOfA + "</remote-port>"), running);
        a.awaitDevice(state("dev-1", "connected"), "dev-1 still connected to A");
    }
}
