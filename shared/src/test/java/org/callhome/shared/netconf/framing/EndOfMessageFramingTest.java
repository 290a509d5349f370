package org.callhome.shared.netconf.framing;

import static org.callhome.shared.netconf.framing.Frames.ascii;
import static org.callhome.shared.netconf.framing.Frames.limits;
import static org.callhome.shared.netconf.framing.Frames.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.callhome.shared.netconf.framing.Frames.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End-of-message framing (RFC 6242 §4.3), as used for the hello. */
class EndOfMessageFramingTest {

    private static final int LIMIT = 64;

    private final Recorder recorder = new Recorder();
    private final NetconfFrameDecoder decoder = new NetconfFrameDecoder(limits(LIMIT), recorder);

    @Test
    void startsInEndOfMessageFraming() {
        assertEquals(Framing.END_OF_MESSAGE, decoder.framing());
    }

    @Test
    void decodesSeveralMessagesFromOneFeed() throws FramingException {
        feed("<a/>]]>]]><b/>]]>]]><c");
        assertEquals(List.of("<a/>", "<b/>"), recorder.messages);
        assertTrue(decoder.hasPartialMessage());
    }

    @Test
    void decodesWhenSplitAtEveryBytePosition() throws FramingException {
        byte[] stream = ascii("<hello/>]]>]]><rpc/>]]>]]>");
        for (int split = 0; split <= stream.length; split++) {
            Recorder splitRecorder = new Recorder();
            NetconfFrameDecoder splitDecoder = new NetconfFrameDecoder(limits(LIMIT), splitRecorder);
            splitDecoder.feed(stream, 0, split);
            splitDecoder.feed(stream, split, stream.length - split);
            assertEquals(List.of("<hello/>", "<rpc/>"), splitRecorder.messages, "split at " + split);
            assertFalse(splitDecoder.hasPartialMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"]", "]]", "]]>]", "]]>]]", "]]>]]]", "]]]]]]", "a]]>]]a", "]]>]]]>]", ">]]>]>"})
    void keepsBytesThatOnlyStartLikeTheDelimiter(String message) throws FramingException {
        byte[] stream = ascii(message + "]]>]]>" + "next]]>]]>");
        for (byte b : stream) {
            decoder.feed(new byte[] {b}, 0, 1);
        }
        assertEquals(List.of(message, "next"), recorder.messages);
    }

    @Test
    void findsDelimiterAfterRepeatedPartialMatch() throws FramingException {
        feed("]]>]]]>]]>");
        assertEquals(List.of("]]>]"), recorder.messages);
    }

    @Test
    void rejectsEmptyMessage() throws FramingException {
        feed("<a/>]]>]]>");
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> feed("]]>]]>"));
        assertTrue(e.getMessage().contains("empty message"), e.getMessage());
        assertEquals(List.of("<a/>"), recorder.messages);
    }

    @Test
    void acceptsHelloAtLimit() throws FramingException {
        feed(repeat('h', LIMIT) + "]]>]]>");
        assertEquals(List.of(repeat('h', LIMIT)), recorder.messages);
    }

    @Test
    void rejectsHelloOneByteOverLimit() {
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class,
                () -> feed(repeat('h', LIMIT + 1) + "]]>]]>"));
        assertEquals("message length (at least 65) exceeds the allowed maximum (64)", e.getMessage());
        assertTrue(recorder.messages.isEmpty());
    }

    @Test
    void rejectsOverLimitBeforeAnyDelimiterArrives() throws FramingException {
        feed(repeat('h', LIMIT));
        assertThrows(FrameTooLargeException.class, () -> feed("h"));
    }

    @Test
    void acceptsMessageAtLimitWhoseDelimiterArrivesByteByByte() throws FramingException {
        feed(repeat('h', LIMIT));
        for (char c : "]]>]]>".toCharArray()) {
            feed(String.valueOf(c));
        }
        assertEquals(List.of(repeat('h', LIMIT)), recorder.messages);
    }

    @Test
    void rejectsMessageAtLimitWhenWhatLookedLikeTheDelimiterIsContent() throws FramingException {
        feed(repeat('h', LIMIT) + "]]>]]");
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> feed("x"));
        assertEquals("message length (at least 70) exceeds the allowed maximum (64)", e.getMessage());
    }

    private void feed(String text) throws FramingException {
        byte[] bytes = ascii(text);
        decoder.feed(bytes, 0, bytes.length);
    }
}
