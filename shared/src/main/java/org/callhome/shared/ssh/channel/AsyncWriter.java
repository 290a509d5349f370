package org.callhome.shared.ssh.channel;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * Ordered, non-blocking writes to a MINA {@link IoOutputStream}, which accepts one pending write
 * at a time: later writes queue here and go out as earlier ones complete. Called from a session
 * executor and from MINA's I/O threads (completions), hence the small lock around the queue.
 * The caller watches {@link #backlogBytes()} to stop reading from a peer that does not read.
 */
final class AsyncWriter {

    private final IoOutputStream out;
    private final Consumer<Throwable> onFailure;
    private final Runnable onDrained;
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<byte[]> queue = new ArrayDeque<>();
    private boolean writing;
    private long backlogBytes;

    /**
     * @param onFailure called once a write fails (the channel is gone)
     * @param onDrained called, outside the lock, each time the queue becomes empty
     */
    AsyncWriter(IoOutputStream out, Consumer<Throwable> onFailure, Runnable onDrained) {
        this.out = out;
        this.onFailure = onFailure;
        this.onDrained = onDrained;
    }

    void write(byte[] bytes) {
        lock.lock();
        try {
            backlogBytes += bytes.length;
            if (writing) {
                queue.add(bytes);
                return;
            }
            writing = true;
        } finally {
            lock.unlock();
        }
        start(bytes);
    }

    long backlogBytes() {
        lock.lock();
        try {
            return backlogBytes;
        } finally {
            lock.unlock();
        }
    }

    private void start(byte[] bytes) {
        IoWriteFuture future;
        try {
            future = out.writeBuffer(new ByteArrayBuffer(bytes));
        } catch (IOException | RuntimeException e) {
            fail(e);
            return;
        }
        future.addListener(done -> {
            if (!done.isWritten()) {
                fail(done.getException() != null ? done.getException() : new IOException("write not completed"));
                return;
            }
            next(bytes.length);
        });
    }

    private void next(int written) {
        byte[] following;
        boolean drained;
        lock.lock();
        try {
            backlogBytes -= written;
            following = queue.poll();
            writing = following != null;
            drained = following == null;
        } finally {
            lock.unlock();
        }
        if (drained) {
            onDrained.run();
        } else {
            start(following);
        }
    }

    private void fail(Throwable cause) {
        lock.lock();
        try {
            queue.clear();
            backlogBytes = 0;
            writing = false;
        } finally {
            lock.unlock();
        }
        onFailure.accept(cause);
    }
}
