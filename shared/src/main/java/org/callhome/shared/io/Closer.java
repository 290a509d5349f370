package org.callhome.shared.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a lab or a program started, closed last-started first. Every resource is closed even when
 * an earlier one fails; the first failure is thrown with the later ones suppressed. An interrupt
 * while closing is kept on the thread and reported as an {@link InterruptedIOException}, so
 * callers' {@code close()} need not declare {@link InterruptedException}.
 */
public final class Closer implements AutoCloseable {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Closes {@code resource} with the others; returns it. */
    public synchronized <T extends AutoCloseable> T register(T resource) {
        started.push(resource);
        return resource;
    }

    /** Closes {@code resource} now, if it is still registered, and forgets it. */
    public void closeNow(AutoCloseable resource) throws IOException {
        synchronized (this) {
            if (!started.removeFirstOccurrence(resource)) {
                return;
            }
        }
        IOException failure = closeOne(resource, null);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = started.poll();
            }
            if (next == null) {
                break;
            }
            first = closeOne(next, first);
        }
        if (first != null) {
            throw first;
        }
    }

    private static IOException closeOne(AutoCloseable resource, IOException first) {
        IOException failure;
        try {
            resource.close();
            return first;
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new InterruptedIOException("interrupted while closing " + resource);
        } catch (Exception e) {
            failure = new IOException("closing " + resource + " failed: " + e.getMessage(), e);
        }
        if (first == null) {
            return failure;
        }
        first.addSuppressed(failure);
        return first;
    }
}
