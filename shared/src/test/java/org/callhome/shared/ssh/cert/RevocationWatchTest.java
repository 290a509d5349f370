package org.callhome.shared.ssh.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one poll both programs follow their revocation list with: listeners hear of each new list
 * once, whether the timer or {@link RevocationWatch#refresh} found it, and of nothing else.
 */
class RevocationWatchTest {

    private static final KeyPair FIRST = SshKeys.generateEd25519();
    private static final KeyPair SECOND = SshKeys.generateEd25519();

    @TempDir
    Path dir;

    @Test
    void refreshTellsTheListenersOfEachNewListOnce() throws IOException {
        Path file = write(dir.resolve("revoked"), FIRST.getPublic(), 1);
        RevocationWatch watch = RevocationWatch.openIfGiven(Optional.of(file));
        AtomicInteger told = new AtomicInteger();
        watch.onChange(told::incrementAndGet);
        assertTrue(watch.whyRevoked(FIRST.getPublic()).isPresent());

        watch.refresh();
        assertEquals(0, told.get(), "the file did not change");

        write(file, SECOND.getPublic(), 2);
        watch.refresh();
        watch.refresh();
        assertEquals(1, told.get());
        assertTrue(watch.whyRevoked(SECOND.getPublic()).isPresent());
        assertFalse(watch.whyRevoked(FIRST.getPublic()).isPresent());
    }

    @Test
    void aFileThatNoLongerLoadsKeepsTheListAndTellsNobody() throws IOException {
        Path file = write(dir.resolve("revoked"), FIRST.getPublic(), 1);
        RevocationWatch watch = RevocationWatch.openIfGiven(Optional.of(file));
        AtomicInteger told = new AtomicInteger();
        watch.onChange(told::incrementAndGet);
        RevokedKeys before = watch.get();

        Files.writeString(file, "not a key\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(5_000));
        watch.refresh();

        assertEquals(0, told.get());
        assertSame(before, watch.get());
    }

    @Test
    void theTimerFindsANewListAndStopsWhenClosed() throws Exception {
        Path file = write(dir.resolve("revoked"), FIRST.getPublic(), 1);
        RevocationWatch watch = RevocationWatch.openIfGiven(Optional.of(file));
        Semaphore told = new Semaphore(0);
        watch.onChange(told::release);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            watch.start(timers, Duration.ofMillis(20));
            write(file, SECOND.getPublic(), 2);
            assertTrue(told.tryAcquire(10, TimeUnit.SECONDS), "the poll found the new list");
            watch.close();
            Thread.sleep(100);
            write(file, FIRST.getPublic(), 3);
            assertFalse(told.tryAcquire(300, TimeUnit.MILLISECONDS), "no poll after close");
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void withoutAFileNothingIsRevokedAndNothingPolls() throws IOException {
        RevocationWatch none = RevocationWatch.openIfGiven(Optional.empty());
        assertSame(RevocationWatch.NONE, none);
        none.onChange(() -> {
            throw new AssertionError("never told");
        });
        none.refresh();
        assertSame(RevokedKeys.NONE, none.get());
        assertFalse(none.whyRevoked(FIRST.getPublic()).isPresent());
    }

    /** Writes a one-key list with modification time {@code second}, so each version differs however fast the test runs. */
    private static Path write(Path file, PublicKey key, long second) throws IOException {
        Files.writeString(file, SshKeys.toOpenSsh(key) + "\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(second * 1000));
        return file;
    }
}
