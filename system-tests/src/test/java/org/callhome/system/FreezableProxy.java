package org.callhome.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import org.callhome.testsupport.relay.LoopbackRelay;

/**
 * A {@link LoopbackRelay} that can stop relaying without closing anything: to each side the
 * other then looks alive at the TCP level but never answers, as behind a dead NAT binding.
 * Once frozen, its pumps hold every read and every end until the proxy is closed.
 */
final class FreezableProxy implements AutoCloseable {

    private final LoopbackRelay relay;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean frozen;

    FreezableProxy(InetSocketAddress target) throws IOException {
        this.relay = new LoopbackRelay(target, 50, connection -> new LoopbackRelay.Tap() {
            @Override
            public void relaying(LoopbackRelay.Direction direction, int bytes) throws InterruptedException {
                holdWhileFrozen();
            }

            @Override
            public void ending() throws InterruptedException {
                // frozen, not even a close gets through: the other side must find out by itself
                holdWhileFrozen();
            }
        }, "proxy");
    }

    int port() {
        return relay.port();
    }

    void freeze() {
        frozen = true;
    }

    private void holdWhileFrozen() throws InterruptedException {
        if (frozen) {
            closed.await();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            relay.close();
        } finally {
            closed.countDown();
        }
    }
}
