package org.callhome.testsupport.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Wires one program's output into another's input (stock {@code ssh} to {@code device-client
 * stdio}, say): a daemon thread copies until either side ends, then closes both.
 */
public final class StreamPump {

    private static final int BUFFER_BYTES = 16 * 1024;

    private StreamPump() {
    }

    /** Starts copying {@code from} into {@code to} on a daemon thread named {@code name}. */
    public static Thread start(InputStream from, OutputStream to, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[BUFFER_BYTES];
            try (from; to) {
                int read;
                while ((read = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, read);
                    to.flush();
                }
            } catch (IOException e) {
                // one side ended: the wiring ends with it
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
