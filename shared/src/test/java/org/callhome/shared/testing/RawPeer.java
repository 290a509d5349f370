package org.callhome.shared.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A scripted NETCONF peer for bad input: writes exactly the bytes a test gives it over a real
 * channel and reads what comes back, with a deadline on every wait.
 */
public final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private int consumed;

    public RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads until {@code marker} has arrived after what earlier calls returned; returns that part. */
    public String readUntil(String marker, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String all = received.toString(StandardCharsets.UTF_8);
            int at = all.indexOf(marker, consumed);
            if (at >= 0) {
                String part = all.substring(consumed, at + marker.length());
                consumed = at + marker.length();
                return part;
            }
            if (!readSome(deadline)) {
                throw new IOException("end of stream before '" + marker + "'; got: " + all.substring(consumed));
            }
        }
    }

    /** Waits until the other side closes; returns false on timeout. */
    public boolean awaitEndOfStream(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (readSome(deadline)) {
                // drain until the end
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by peer: closed as well
        }
    }

    private boolean readSome(long deadline) throws IOException {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        if (System.nanoTime() > deadline) {
            throw new SocketTimeoutException("nothing more within the deadline");
        }
        socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        byte[] buffer = new byte[8192];
        int n = in.read(buffer);
        if (n < 0) {
            return false;
        }
        received.write(buffer, 0, n);
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
