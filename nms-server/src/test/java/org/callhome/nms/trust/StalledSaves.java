package org.callhome.nms.trust;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * Opens a trust store whose saves a test can hold: once {@link #stall} is called, a save waits,
 * before it writes anything, until {@link #release}; then it writes as the NMS does. Public so
 * that tests of the API, in another package, can stall the real store under the real routes.
 */
public final class StalledSaves {

    /** How long a stalled save waits for a test that forgot to release it. */
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    private final CountDownLatch reached = new CountDownLatch(1);
    private volatile CountDownLatch gate;
    private volatile Thread savingThread;

    public TrustStore open(Path stateDir, Map<CallHomeStrategy, KnownDevices> seeds) throws IOException {
        return TrustStore.open(stateDir, seeds, Clock.systemUTC(), this::replace);
    }

    /** From now on, saves wait until {@link #release}. */
    public void stall() {
        gate = new CountDownLatch(1);
    }

    /** Whether a save reached the stall within {@code timeout}. */
    public boolean awaitStalledSave(Duration timeout) throws InterruptedException {
        return reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the stalled saves were let go. */
    public boolean released() {
        return gate.getCount() == 0;
    }

    public void release() {
        gate.countDown();
    }

    /** The thread of the save that reached the stall, or null. */
    public Thread savingThread() {
        return savingThread;
    }

    private void replace(Path file, byte[] bytes) throws IOException {
        CountDownLatch stalled = gate;
        if (stalled != null) {
            savingThread = Thread.currentThread();
            reached.countDown();
            try {
                if (!stalled.await(GIVE_UP.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("the test never released the stalled save");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the save was stalled");
            }
        }
        TrustFile.ATOMIC.replace(file, bytes);
    }
}
