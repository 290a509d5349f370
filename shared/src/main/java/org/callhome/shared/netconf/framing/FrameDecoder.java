package org.callhome.shared.netconf.framing;

/** One framing's decoder; {@link NetconfFrameDecoder} picks the one in force. */
sealed interface FrameDecoder permits EndOfMessageFrameDecoder, ChunkedFrameDecoder {

    /**
     * Decodes from {@code bytes[offset, offset + length)} until one message has been delivered
     * or the bytes are used up, so that a framing switch made by the handler applies to the
     * very next byte.
     *
     * @return how many bytes were consumed; at least one when {@code length > 0}
     */
    int decode(byte[] bytes, int offset, int length) throws FramingException;

    /** Whether bytes of an unfinished message are held. */
    boolean hasPartialMessage();
}
