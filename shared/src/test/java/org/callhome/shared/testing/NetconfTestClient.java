package org.callhome.shared.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.session.NetconfClientSession;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.session.SerialExecutor;
import org.callhome.shared.netconf.session.StreamTransport;
import org.callhome.shared.netconf.xml.Hello;

/**
 * Our NETCONF client engine over a pair of streams (a socket, a subprocess's pipes), with
 * blocking helpers for tests. The engine underneath is the production one.
 */
public final class NetconfTestClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "test-netconf-timers");
        thread.setDaemon(true);
        return thread;
    });

    private final StreamTransport transport;
    private final NetconfClientSession session;

    public NetconfTestClient(InputStream in, OutputStream out, List<String> capabilities, NetconfLimits limits) {
        transport = new StreamTransport(in, out, "test peer");
        session = new NetconfClientSession(capabilities, transport, limits, SerialExecutor.direct(), TIMERS);
        session.start();
        Thread reader = new Thread(() -> transport.readLoop(session), "test-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public NetconfTestClient(InputStream in, OutputStream out) {
        this(in, out, List.of(Netconf.BASE_1_0, Netconf.BASE_1_1), NetconfLimits.DEFAULT);
    }

    public static ScheduledExecutorService timers() {
        return TIMERS;
    }

    public NetconfClientSession session() {
        return session;
    }

    public Hello hello() throws Exception {
        return session.serverHello().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long sessionId() throws Exception {
        return hello().sessionId().orElseThrow();
    }

    /** Sends one operation and waits for its reply. */
    public RpcReply rpc(String operationXml) throws Exception {
        return session.rpc(operationXml, TIMEOUT).get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    /** Waits until the session has ended and returns the reason. */
    public String awaitClosed() throws Exception {
        return session.closed().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        session.close("test finished");
        transport.close();
    }
}
