package org.callhome.shared.netconf.session;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transport over a pair of blocking streams: stdin/stdout of a {@code stdio} process, a
 * subprocess's pipes, a plain socket. {@link #readLoop} runs on a thread of the caller's
 * choosing (the only thread this transport blocks); {@link #send} writes and flushes at once.
 */
public final class StreamTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTransport.class);
    private static final int READ_BUFFER_BYTES = 16 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final String description;
    private final ReentrantLock gate = new ReentrantLock();
    private final Condition resumed = gate.newCondition();
    private boolean paused;
    private volatile boolean closed;

    public StreamTransport(InputStream in, OutputStream out, String description) {
        this.in = in;
        this.out = out;
        this.description = description;
    }

    /** Reads until end of stream or {@link #close()}, then tells the receiver; blocks the caller. */
    public void readLoop(ByteReceiver receiver) {
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        try {
            while (!closed && awaitResumed()) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                receiver.receive(buffer, 0, n);
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("reading from {} failed: {}", description, e.toString());
            }
        } finally {
            receiver.transportClosed();
        }
    }

    @Override
    public void send(byte[] bytes) {
        if (closed) {
            return;
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            LOG.debug("writing to {} failed: {}", description, e.toString());
            close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        resumeReading();
        closeQuietly(out);
        closeQuietly(in);
    }

    @Override
    public void pauseReading() {
        gate.lock();
        try {
            paused = true;
        } finally {
            gate.unlock();
        }
    }

    @Override
    public void resumeReading() {
        gate.lock();
        try {
            paused = false;
            resumed.signalAll();
        } finally {
            gate.unlock();
        }
    }

    @Override
    public String describe() {
        return description;
    }

    private boolean awaitResumed() {
        gate.lock();
        try {
            while (paused && !closed) {
                resumed.awaitUninterruptibly();
            }
            return !closed;
        } finally {
            gate.unlock();
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
