package org.callhome.shared.netconf.framing;

import static org.callhome.shared.netconf.framing.Frames.ascii;
import static org.callhome.shared.netconf.framing.Frames.chunked;
import static org.callhome.shared.netconf.framing.Frames.limits;
import static org.callhome.shared.netconf.framing.Frames.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.callhome.shared.netconf.framing.Frames.Recorder;
import org.junit.jupiter.api.Test;

/** The decoder facade: failure is final, byte buffers, partial messages. */
class NetconfFrameDecoderTest {

    private final Recorder recorder = new Recorder();
    private final NetconfFrameDecoder decoder = new NetconfFrameDecoder(limits(64), recorder);

    @Test
    void staysFailedAfterMalformedFrame() {
        decoder.switchToChunked();
        assertThrows(MalformedFrameException.class, () -> feed("\n#0\n"));
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> feed(chunked("<rpc/>")));
        assertEquals("decoder failed earlier", e.getMessage());
        assertTrue(recorder.messages.isEmpty());
    }

    @Test
    void staysFailedAfterFrameTooLarge() {
        assertThrows(FrameTooLargeException.class, () -> feed(repeat('a', 65)));
        assertThrows(MalformedFrameException.class, () -> feed("<hello/>]]>]]>"));
        assertThrows(IllegalStateException.class, decoder::switchToChunked);
        assertTrue(recorder.messages.isEmpty());
    }

    @Test
    void staysFailedAfterHandlerThrows() {
        NetconfFrameDecoder throwing = new NetconfFrameDecoder(limits(64), message -> {
            throw new IllegalArgumentException("bad hello");
        });
        byte[] bytes = ascii("<hello/>]]>]]><hello/>]]>]]>");
        assertThrows(IllegalArgumentException.class, () -> throwing.feed(bytes, 0, bytes.length));
        assertThrows(MalformedFrameException.class, () -> throwing.feed(bytes, 0, bytes.length));
    }

    @Test
    void decodesHeapByteBufferFromItsPositionAndConsumesIt() throws FramingException {
        ByteBuffer buffer = ByteBuffer.wrap(ascii("xxy<a/>]]>]]><b")).position(2).slice().position(1);
        decoder.feed(buffer);
        assertEquals(List.of("<a/>"), recorder.messages);
        assertFalse(buffer.hasRemaining());
    }

    @Test
    void decodesDirectByteBufferLargerThanOneSlice() throws FramingException {
        NetconfFrameDecoder large = new NetconfFrameDecoder(limits(100_000), recorder);
        large.switchToChunked();
        String message = repeat('m', 40_000);
        byte[] bytes = ascii(chunked(message, message) + chunked("next"));
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        large.feed(buffer);
        assertEquals(List.of(message + message, "next"), recorder.messages);
        assertFalse(buffer.hasRemaining());
    }

    @Test
    void consumesByteBufferAlsoWhenDecodingFails() {
        ByteBuffer buffer = ByteBuffer.wrap(ascii("]]>]]>more"));
        assertThrows(MalformedFrameException.class, () -> decoder.feed(buffer));
        assertFalse(buffer.hasRemaining());
    }

    @Test
    void reportsPartialMessageUntilItIsComplete() throws FramingException {
        assertFalse(decoder.hasPartialMessage());
        feed("<hello/>]]>");
        assertTrue(decoder.hasPartialMessage());
        feed("]]>");
        assertFalse(decoder.hasPartialMessage());

        decoder.switchToChunked();
        for (String part : List.of("\n", "#", "4", "\n", "<a", "/", ">", "\n", "#", "#")) {
            feed(part);
            assertTrue(decoder.hasPartialMessage(), "after " + part);
        }
        feed("\n");
        assertFalse(decoder.hasPartialMessage());
        assertEquals(List.of("<hello/>", "<a/>"), recorder.messages);
    }

    private void feed(String text) throws FramingException {
        byte[] bytes = ascii(text);
        decoder.feed(bytes, 0, bytes.length);
    }
}
