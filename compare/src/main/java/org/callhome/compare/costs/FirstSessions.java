package org.callhome.compare.costs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.session.DeviceSession;

/**
 * The first session of each of N devices as the NMS hands them over: handshake, and setup through
 * a first get-config sent on the device's hello. {@link #add} runs on the NMS's threads, the waits
 * on the measuring thread.
 */
final class FirstSessions {

    private final int expected;
    private final Map<String, DeviceSession> byDevice = new LinkedHashMap<>();
    private final List<Double> handshakes = new ArrayList<>();
    private final List<Double> setups = new ArrayList<>();
    private final CountDownLatch connected;
    private final CountDownLatch answered;
    private long lastConnectedNanos;

    FirstSessions(int expected) {
        this.expected = expected;
        this.connected = new CountDownLatch(expected);
        this.answered = new CountDownLatch(expected);
    }

    void add(DeviceSession session) {
        synchronized (this) {
            if (byDevice.putIfAbsent(session.deviceId(), session) != null) {
                return;
            }
            handshakes.add(session.handshake().toNanos() / 1e6);
            lastConnectedNanos = System.nanoTime();
        }
        connected.countDown();
        session.netconf().rpc(CostRun.GET_CONFIG, CostRun.RPC_TIMEOUT).whenComplete((reply, failure) -> {
            if (failure == null) {
                synchronized (this) {
                    setups.add((System.nanoTime() - session.openedNanos()) / 1e6);
                    notifyAll();
                }
                answered.countDown();
            }
        });
    }

    /** Waits until {@code count} devices answered their first get-config. */
    void awaitAnswered(int count, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (setups.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(setups.size() + " of " + count + " devices " + what
                            + " within " + timeout.toSeconds() + " s");
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits until every expected device answered its first get-config. */
    void await(Duration timeout, String what) throws InterruptedException {
        awaitAll(answered, timeout, what);
    }

    /** Waits until every expected device has a session. */
    void awaitConnected(Duration timeout, String what) throws InterruptedException {
        awaitAll(connected, timeout, what);
    }

    private void awaitAll(CountDownLatch latch, Duration timeout, String what) throws InterruptedException {
        if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(count() + " of " + expected + " devices " + what + " within "
                    + timeout.toSeconds() + " s");
        }
    }

    synchronized int count() {
        return byDevice.size();
    }

    synchronized long lastConnectedNanos() {
        return lastConnectedNanos;
    }

    synchronized List<Double> handshakeMillis() {
        return List.copyOf(handshakes);
    }

    synchronized List<Double> setupMillis() {
        return List.copyOf(setups);
    }

    synchronized List<DeviceSession> all() {
        return List.copyOf(byDevice.values());
    }
}
