package org.callhome.nms.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.callhome.testsupport.polling.Eventually;

/**
 * The refusal flood against a half whose limiter admits one connection: an idle connection from
 * 127.0.0.3 takes the one place, then {@code count} connections from 127.0.0.2 are opened and
 * closed, each refused, and finally the idle one is closed too.
 */
public final class RefusedConnections {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private RefusedConnections() {
    }

    public static void refuse(InetSocketAddress listener, StartupLimiter limiter, int count) throws Exception {
        Socket holder = open(listener, "127.0.0.3");
        try {
            Eventually.until(WAIT, () -> limiter.pending() == 1, () -> "the idle connection is admitted");
            for (int i = 0; i < count; i++) {
                open(listener, "127.0.0.2").close();
            }
            Eventually.until(WAIT, () -> limiter.refused() == count, () -> limiter.refused() + " of " + count
                    + " connections refused");
            assertEquals(1, limiter.pending(), "the idle connection still holds the only place");
        } finally {
            holder.close();
        }
        Eventually.until(WAIT, () -> limiter.pending() == 0, () -> "the closed idle connection gives its place back");
    }

    private static Socket open(InetSocketAddress listener, String source) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        socket.connect(listener, (int) WAIT.toMillis());
        return socket;
    }
}
