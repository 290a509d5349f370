package org.callhome.device.netconf;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.session.StreamTransport;
import org.callhome.shared.testing.LoopbackSockets;
import org.callhome.shared.testing.NetconfTestClient;

/**
 * One device process in a test: a {@link DeviceNetconfServer} on a data folder, and clients
 * talking to it over loopback TCP. Two of them on one folder stand for two processes.
 */
final class TestDevice implements AutoCloseable {

    final DeviceNetconfServer server;
    private final List<LoopbackSockets> sockets = new ArrayList<>();
    private final List<NetconfTestClient> clients = new ArrayList<>();

    TestDevice(Path folder) throws Exception {
        server = new DeviceNetconfServer(folder, NetconfLimits.DEFAULT, Runnable::run);
    }

    /** With edits and checks following {@code schema}. */
    TestDevice(Path folder, DeviceSchema schema) throws Exception {
        server = new DeviceNetconfServer(folder, NetconfLimits.DEFAULT, Runnable::run, schema);
    }

    NetconfTestClient connect() throws Exception {
        return connect(Role.ADMIN);
    }

    NetconfTestClient connect(Role role) throws Exception {
        LoopbackSockets pair = LoopbackSockets.open();
        sockets.add(pair);
        StreamTransport transport = new StreamTransport(pair.server().getInputStream(),
                pair.server().getOutputStream(), "loopback");
        var session = server.open(transport, role == Role.ADMIN ? "admin" : "viewer", role);
        Thread reader = new Thread(() -> transport.readLoop(session));
        reader.setDaemon(true);
        reader.start();
        NetconfTestClient client = new NetconfTestClient(pair.client().getInputStream(),
                pair.client().getOutputStream());
        clients.add(client);
        return client;
    }

    @Override
    public void close() throws IOException {
        for (NetconfTestClient client : clients) {
            client.close();
        }
        server.close();
        for (LoopbackSockets pair : sockets) {
            pair.close();
        }
    }

    static String op(String name, String body) {
        return "<" + name + " xmlns=\"" + BASE_NS + "\">" + body + "</" + name + ">";
    }

    static RpcError error(NetconfTestClient client, String xml) throws Exception {
        RpcReply reply = client.rpc(xml);
        assertEquals(1, reply.errors().size(), reply.toXml());
        return reply.errors().get(0);
    }

    /** Waits, without asserting anything, until {@code condition} holds or the test timeout passes. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(NetconfTestClient.TIMEOUT);
        while (!condition.getAsBoolean() && Instant.now().isBefore(end)) {
            Thread.sleep(20);
        }
    }

    /** Waits until {@code instant} has passed. */
    static void awaitPast(Instant instant) throws InterruptedException {
        while (!Instant.now().isAfter(instant)) {
            Thread.sleep(Math.max(1, Math.min(100, Duration.between(Instant.now(), instant).toMillis() + 1)));
        }
    }
}
