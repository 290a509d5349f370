package org.callhome.shared.netconf;

import java.time.Duration;
import java.util.Objects;

/**
 * Every bound the NETCONF core puts on what a peer controls, in one place. Each value is
 * checked here, when the record is made; there is no "0 means unlimited".
 *
 * @param maxMessageBytes   largest message accepted, counted without framing bytes: the hello
 *                          (end-of-message framing) as well as every later message, also when
 *                          it arrives in many chunks. Checked before any byte is buffered.
 * @param maxChunkBytes     largest chunk we write when sending with chunked framing
 * @param maxXmlDepth       deepest element nesting accepted in a message
 * @param maxXmlElements    most elements accepted in one message
 * @param maxPendingRpcs    most requests a session holds at once: unanswered RPCs on a client,
 *                          queued requests on a server (reading pauses at this bound)
 * @param helloTimeout      how long a session waits for the peer's hello before closing
 */
public record NetconfLimits(int maxMessageBytes, int maxChunkBytes, int maxXmlDepth, int maxXmlElements,
                            int maxPendingRpcs, Duration helloTimeout) {

    /** Hard ceiling for {@link #maxMessageBytes}: a message is held in one Java array. */
    public static final int MAX_MESSAGE_BYTES_CEILING = Integer.MAX_VALUE - 64;

    /** 16 MiB per message: far above any hello or RPC, enough for a large running config. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_CHUNK_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_XML_DEPTH = 128;
    public static final int DEFAULT_MAX_XML_ELEMENTS = 1_000_000;
    public static final int DEFAULT_MAX_PENDING_RPCS = 64;
    public static final Duration DEFAULT_HELLO_TIMEOUT = Duration.ofSeconds(60);

    public static final NetconfLimits DEFAULT = new NetconfLimits(DEFAULT_MAX_MESSAGE_BYTES,
            DEFAULT_MAX_CHUNK_BYTES, DEFAULT_MAX_XML_DEPTH, DEFAULT_MAX_XML_ELEMENTS,
            DEFAULT_MAX_PENDING_RPCS, DEFAULT_HELLO_TIMEOUT);

    public NetconfLimits {
        requireInRange("maxMessageBytes", maxMessageBytes, 1, MAX_MESSAGE_BYTES_CEILING);
        requireInRange("maxChunkBytes", maxChunkBytes, 1, Integer.MAX_VALUE);
        requireInRange("maxXmlDepth", maxXmlDepth, 2, 10_000);
        requireInRange("maxXmlElements", maxXmlElements, 2, Integer.MAX_VALUE);
        requireInRange("maxPendingRpcs", maxPendingRpcs, 1, 1_000_000);
        Objects.requireNonNull(helloTimeout, "helloTimeout");
        if (helloTimeout.isNegative() || helloTimeout.isZero()) {
            throw new IllegalArgumentException("helloTimeout must be positive, got " + helloTimeout);
        }
    }

    /**
     * Unsent output past which a session's SSH channel stops reading from its peer, reading on
     * once half of it is written: four whole messages. That leaves room for a largest reply with
     * more queued behind it, so a peer that reads stalls nothing, while a peer that stops reading
     * stops being served and holds this much of our memory per session, plus the one message that
     * crossed the bound. Derived from {@link #maxMessageBytes}, so raising that raises this too.
     */
    public long maxWriteBacklogBytes() {
        return 4L * maxMessageBytes;
    }

    public NetconfLimits withMaxMessageBytes(int value) {
        return new NetconfLimits(value, maxChunkBytes, maxXmlDepth, maxXmlElements, maxPendingRpcs, helloTimeout);
    }

    public NetconfLimits withMaxChunkBytes(int value) {
        return new NetconfLimits(maxMessageBytes, value, maxXmlDepth, maxXmlElements, maxPendingRpcs, helloTimeout);
    }

    public NetconfLimits withMaxXmlDepth(int value) {
        return new NetconfLimits(maxMessageBytes, maxChunkBytes, value, maxXmlElements, maxPendingRpcs, helloTimeout);
    }

    public NetconfLimits withMaxXmlElements(int value) {
        return new NetconfLimits(maxMessageBytes, maxChunkBytes, maxXmlDepth, value, maxPendingRpcs, helloTimeout);
    }

    public NetconfLimits withMaxPendingRpcs(int value) {
        return new NetconfLimits(maxMessageBytes, maxChunkBytes, maxXmlDepth, maxXmlElements, value, helloTimeout);
    }

    public NetconfLimits withHelloTimeout(Duration value) {
        return new NetconfLimits(maxMessageBytes, maxChunkBytes, maxXmlDepth, maxXmlElements, maxPendingRpcs, value);
    }

    private static void requireInRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }
}
