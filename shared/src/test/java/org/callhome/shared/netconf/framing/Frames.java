package org.callhome.shared.netconf.framing;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.callhome.shared.netconf.NetconfLimits;

/** Hand-built frames, limits and a recording handler shared by the framing tests. */
final class Frames {

    static final String HELLO = "<hello xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><capabilities>"
            + "<capability>urn:ietf:params:netconf:base:1.1</capability></capabilities></hello>";

    /** Largest limit there is: the grammar, not the limit, decides what is malformed. */
    static final NetconfLimits CEILING = limits(NetconfLimits.MAX_MESSAGE_BYTES_CEILING);

    private Frames() {
    }

    static NetconfLimits limits(int maxMessageBytes) {
        return NetconfLimits.DEFAULT.withMaxMessageBytes(maxMessageBytes);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static String repeat(char c, int count) {
        return String.valueOf(c).repeat(count);
    }

    /** One chunk per element, then end-of-chunks, built by hand (not by the encoder under test). */
    static String chunked(String... chunks) {
        StringBuilder frame = new StringBuilder();
        for (String chunk : chunks) {
            frame.append("\n#").append(chunk.length()).append('\n').append(chunk);
        }
        return frame.append("\n##\n").toString();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Bytes allocated by the calling thread so far (HotSpot). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Records messages; optionally switches the decoder to chunked framing after the first (the hello). */
    static final class Recorder implements MessageHandler {
        final List<String> messages = new ArrayList<>();
        private NetconfFrameDecoder switchAfterHello;

        static Recorder switchingAfterHello(NetconfLimits limits) {
            Recorder recorder = new Recorder();
            recorder.switchAfterHello = new NetconfFrameDecoder(limits, recorder);
            return recorder;
        }

        NetconfFrameDecoder decoder() {
            return switchAfterHello;
        }

        @Override
        public void onMessage(byte[] message) {
            messages.add(text(message));
            if (switchAfterHello != null && messages.size() == 1) {
                switchAfterHello.switchToChunked();
            }
        }
    }
}
