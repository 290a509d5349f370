package org.callhome.shared.netconf.framing;

import static org.callhome.shared.netconf.framing.Frames.CEILING;
import static org.callhome.shared.netconf.framing.Frames.allocatedBytes;
import static org.callhome.shared.netconf.framing.Frames.ascii;
import static org.callhome.shared.netconf.framing.Frames.chunked;
import static org.callhome.shared.netconf.framing.Frames.limits;
import static org.callhome.shared.netconf.framing.Frames.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.framing.Frames.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Chunked framing (RFC 6242 §4.2): grammar, limits, allocation. */
class ChunkedFramingTest {

    private static final int LIMIT = 64;

    private final Recorder recorder = new Recorder();

    @Test
    void decodesMessagesOfOneAndSeveralChunks() throws FramingException {
        NetconfFrameDecoder decoder = chunkedDecoder(limits(LIMIT));
        feed(decoder, chunked("<rpc/>") + chunked("<r", "p", "c message-id=\"1\"/>"));
        assertEquals(List.of("<rpc/>", "<rpc message-id=\"1\"/>"), recorder.messages);
        assertEquals(Framing.CHUNKED, decoder.framing());
    }

    @Test
    void keepsEndOfMessageDelimiterAndNewlinesInsideChunkData() throws FramingException {
        NetconfFrameDecoder decoder = chunkedDecoder(limits(LIMIT));
        feed(decoder, chunked("]]>]]>", "\n##\n", "\n#3\n"));
        assertEquals(List.of("]]>]]>\n##\n\n#3\n"), recorder.messages);
    }

    static Stream<Arguments> malformedStreams() {
        return Stream.of(
                Arguments.of("leading zero", "\n#01\na\n##\n", "got 0x30 '0'"),
                Arguments.of("size zero", "\n#0\n\n##\n", "expected '1'..'9' starting chunk-size, or '#' of end-of-chunks, got 0x30 '0'"),
                Arguments.of("non-digit size", "\n#a\n", "got 0x61 'a'"),
                Arguments.of("non-digit after digit", "\n#1a\n", "expected '0'..'9' or LF ending chunk-size, got 0x61 'a'"),
                Arguments.of("missing LF after size", "\n#1 a\n##\n", "got 0x20"),
                Arguments.of("missing hash", "\n1\na\n##\n", "expected '#' after LF, got 0x31 '1'"),
                Arguments.of("missing LF before hash", "#1\na\n##\n", "expected LF starting a chunk or end-of-chunks, got 0x23 '#'"),
                Arguments.of("eleven digits", "\n#10000000000\n", "chunk-size exceeds 4294967295"),
                Arguments.of("one above the largest size", "\n#4294967296\n", "chunk-size exceeds 4294967295"),
                Arguments.of("end-of-chunks first", "\n##\n", "end-of-chunks before any chunk"),
                Arguments.of("garbage between chunks", "\n#1\naX\n#1\nb\n##\n", "expected LF starting a chunk or end-of-chunks, got 0x58 'X'"),
                Arguments.of("chunk data longer than declared", "\n#1\nab\n##\n", "got 0x62 'b'"),
                Arguments.of("missing LF after end-of-chunks", "\n#1\na\n##\r", "expected LF ending end-of-chunks, got 0x0d"),
                Arguments.of("end-of-message delimiter", "<rpc/>]]>]]>", "got 0x3c '<'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedStreams")
    void rejectsMalformedChunkHeader(String name, String stream, String expectedMessagePart) {
        NetconfFrameDecoder decoder = chunkedDecoder(CEILING);
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> feed(decoder, stream));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
        assertTrue(recorder.messages.isEmpty());
    }

    @Test
    void acceptsLargestChunkSizeInTheGrammarButRejectsItAsTooLarge() {
        NetconfFrameDecoder decoder = chunkedDecoder(CEILING);
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> feed(decoder, "\n#4294967295"));
        assertEquals("message length (at least 4294967295) exceeds the allowed maximum ("
                + NetconfLimits.MAX_MESSAGE_BYTES_CEILING + ")", e.getMessage());
    }

    @Test
    void acceptsSingleChunkAtLimit() throws FramingException {
        NetconfFrameDecoder decoder = chunkedDecoder(limits(LIMIT));
        feed(decoder, chunked(repeat('a', LIMIT)) + chunked("next"));
        assertEquals(List.of(repeat('a', LIMIT), "next"), recorder.messages);
    }

    @Test
    void rejectsChunkOneByteOverLimitFromItsHeader() {
        NetconfFrameDecoder decoder = chunkedDecoder(limits(LIMIT));
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> feed(decoder, "\n#65"));
        assertEquals("message length (at least 65) exceeds the allowed maximum (64)", e.getMessage());
    }

    @Test
    void acceptsSeveralChunksSummingToLimit() throws FramingException {
        NetconfFrameDecoder decoder = chunkedDecoder(limits(LIMIT));
        feed(decoder, chunked(repeat('a', 20), repeat('b', 20), repeat('c', 24)) + chunked("next"));
        assertEquals(List.of(repeat('a', 20) + repeat('b', 20) + repeat('c', 24), "next"), recorder.messages);
    }

    @Test
    void rejectsSeveralChunksSummingToOneByteOverLimitAtTheLastHeader() throws FramingException {
        NetconfFrameDecoder decoder = chunkedDecoder(limits(LIMIT));
        feed(decoder, "\n#20\n" + repeat('a', 20) + "\n#20\n" + repeat('b', 20) + "\n#2");
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> feed(decoder, "5"));
        assertEquals("message length (at least 65) exceeds the allowed maximum (64)", e.getMessage());
    }

    @Test
    void countsTheLimitPerMessageNotPerStream() throws FramingException {
        NetconfFrameDecoder decoder = chunkedDecoder(limits(LIMIT));
        for (int i = 0; i < 10; i++) {
            feed(decoder, chunked(repeat('a', 40), repeat('b', 24)));
        }
        assertEquals(10, recorder.messages.size());
    }

    @Test
    void rejectsHugeDeclaredChunkAtTheFirstDigitOverLimitWithoutAllocating() throws FramingException {
        NetconfFrameDecoder decoder = chunkedDecoder(limits(1024));
        long before = allocatedBytes();
        feed(decoder, "\n#400");
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> feed(decoder, "0000000\n"));
        long allocated = allocatedBytes() - before;
        assertEquals("message length (at least 4000) exceeds the allowed maximum (1024)", e.getMessage());
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for the header of 4000000000");
    }

    @Test
    void acceptsHugeDeclaredChunkWithinLimitWithoutAllocatingItUpFront() throws FramingException {
        NetconfFrameDecoder decoder = chunkedDecoder(CEILING);
        long before = allocatedBytes();
        feed(decoder, "\n#" + NetconfLimits.MAX_MESSAGE_BYTES_CEILING + "\n" + repeat('a', 100));
        long allocated = allocatedBytes() - before;
        assertTrue(decoder.hasPartialMessage());
        assertTrue(allocated < 1024 * 1024, "allocated " + allocated + " bytes for 100 bytes of data");
    }

    @Test
    void allocatesLittleMoreThanTheMessagesOnceWarm() throws FramingException {
        int messageBytes = 64 * 1024;
        long[] delivered = new long[1];
        NetconfFrameDecoder decoder = new NetconfFrameDecoder(NetconfLimits.DEFAULT, m -> delivered[0] += m.length);
        decoder.switchToChunked();
        byte[] frame = ascii(chunked(repeat('a', messageBytes)));
        feedInSlices(decoder, frame, 16 * 1024);

        long before = allocatedBytes();
        for (int i = 0; i < 10; i++) {
            feedInSlices(decoder, frame, 16 * 1024);
        }
        long allocated = allocatedBytes() - before;
        assertEquals(11L * messageBytes, delivered[0]);
        assertTrue(allocated < 10L * messageBytes * 5 / 4, "allocated " + allocated + " bytes for 10 messages");
    }

    private NetconfFrameDecoder chunkedDecoder(NetconfLimits limits) {
        NetconfFrameDecoder decoder = new NetconfFrameDecoder(limits, recorder);
        decoder.switchToChunked();
        return decoder;
    }

    private static void feedInSlices(NetconfFrameDecoder decoder, byte[] bytes, int sliceBytes) throws FramingException {
        for (int offset = 0; offset < bytes.length; offset += sliceBytes) {
            decoder.feed(bytes, offset, Math.min(sliceBytes, bytes.length - offset));
        }
    }

    private static void feed(NetconfFrameDecoder decoder, String text) throws FramingException {
        byte[] bytes = ascii(text);
        decoder.feed(bytes, 0, bytes.length);
    }
}
