package org.callhome.compare.scale;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.callhome.nms.session.DeviceSession;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.strategy.NegotiatedAlgorithms;

/**
 * What the NMS of a scale run does with each session it hands over, and what it counts: it sends
 * a get-config on the device's hello and, in cycle mode, closes the session once the reply came
 * (the sustained run's "connect, hellos, one get-config, close"); in hold mode it keeps the
 * session. Per answered session it records the setup time (TCP connection to the reply) and when
 * the reply came, relative to the last {@link #reset()}: nothing per session is kept beyond two
 * numbers, so the harness adds next to nothing to the NMS's heap.
 */
final class NodeSessions {

    static final String GET_CONFIG = "<get-config xmlns=\"" + Netconf.BASE_NS + "\">"
            + "<source><running/></source></get-config>";
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(60);

    private volatile boolean cycle;
    private volatile NegotiatedAlgorithms algorithms;
    private long mark = System.nanoTime();
    private int sessions;
    private int answered;
    private int failed;
    private double[] setupMillis = new double[1024];
    private double[] arrivalMillis = new double[1024];

    void cycle(boolean on) {
        cycle = on;
    }

    /** Runs on the NMS's threads for every new session. */
    void add(DeviceSession session) {
        algorithms = session.facts().algorithms();
        synchronized (this) {
            sessions++;
        }
        session.netconf().rpc(GET_CONFIG, RPC_TIMEOUT).whenComplete((reply, failure) -> {
            long now = System.nanoTime();
            synchronized (this) {
                if (failure != null) {
                    failed++;
                } else {
                    if (answered == setupMillis.length) {
                        setupMillis = Arrays.copyOf(setupMillis, answered * 2);
                        arrivalMillis = Arrays.copyOf(arrivalMillis, answered * 2);
                    }
                    // a session opened before the mark counts from the mark: only its reply is of this phase
                    setupMillis[answered] = (now - session.openedNanos()) / 1e6;
                    arrivalMillis[answered] = (now - mark) / 1e6;
                    answered++;
                }
                notifyAll();
            }
            if (cycle) {
                session.netconf().close("the scale run's session is done");
            }
        });
    }

    /** Forgets what was counted; arrival times count from now. */
    synchronized void reset() {
        mark = System.nanoTime();
        sessions = 0;
        answered = 0;
        failed = 0;
    }

    /** Waits until {@code count} sessions were answered since the reset; false if {@code timeout} passed first. */
    synchronized boolean await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** The algorithms the last session negotiated, if there was one. */
    Optional<NegotiatedAlgorithms> lastAlgorithms() {
        return Optional.ofNullable(algorithms);
    }

    /** The algorithms the last session negotiated: key exchange, cipher, MAC, host key; "none yet" before one. */
    String algorithms() {
        NegotiatedAlgorithms last = algorithms;
        return last == null ? "none yet" : last.keyExchange() + " / " + last.cipherClientToServer() + " / "
                + last.macClientToServer() + " / " + last.hostKey();
    }

    synchronized String counts() {
        return "answered=" + answered + " sessions=" + sessions + " failed=" + failed + " elapsedMs="
                + (System.nanoTime() - mark) / 1_000_000;
    }

    synchronized double[] setups() {
        return Arrays.copyOf(setupMillis, answered);
    }

    synchronized double[] arrivals() {
        return Arrays.copyOf(arrivalMillis, answered);
    }
}
