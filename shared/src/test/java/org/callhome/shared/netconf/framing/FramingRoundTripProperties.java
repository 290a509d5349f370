package org.callhome.shared.netconf.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.callhome.shared.netconf.NetconfLimits;

/** decode(encode(x)) == x for any message, chunk size and slicing of the stream into reads. */
class FramingRoundTripProperties {

    @Property
    void chunkedRoundTripsMessages(@ForAll @Size(min = 1, max = 5) List<@From("anyMessages") byte[]> messages,
                                   @ForAll @IntRange(min = 1, max = 300) int maxChunkBytes,
                                   @ForAll("sliceSizes") List<Integer> sliceSizes) throws FramingException {
        NetconfLimits limits = NetconfLimits.DEFAULT.withMaxChunkBytes(maxChunkBytes);
        NetconfFrameEncoder encoder = new NetconfFrameEncoder(limits);
        encoder.switchToChunked();
        List<byte[]> decoded = new ArrayList<>();
        NetconfFrameDecoder decoder = new NetconfFrameDecoder(limits, decoded::add);
        decoder.switchToChunked();

        feedInSlices(decoder, encodeAll(encoder, messages), sliceSizes);
        assertSameMessages(messages, decoded);
    }

    @Property
    void endOfMessageRoundTripsMessagesWithoutDelimiter(
            @ForAll @Size(min = 1, max = 5) List<@From("endOfMessageMessages") byte[]> messages,
            @ForAll("sliceSizes") List<Integer> sliceSizes) throws FramingException {
        NetconfFrameEncoder encoder = new NetconfFrameEncoder(NetconfLimits.DEFAULT);
        List<byte[]> decoded = new ArrayList<>();
        NetconfFrameDecoder decoder = new NetconfFrameDecoder(NetconfLimits.DEFAULT, decoded::add);

        feedInSlices(decoder, encodeAll(encoder, messages), sliceSizes);
        assertSameMessages(messages, decoded);
    }

    @Property
    void sessionRoundTripsHelloThenChunkedMessages(
            @ForAll("endOfMessageMessages") byte[] hello,
            @ForAll @Size(min = 1, max = 4) List<@From("anyMessages") byte[]> messages,
            @ForAll @IntRange(min = 1, max = 100) int maxChunkBytes,
            @ForAll("sliceSizes") List<Integer> sliceSizes) throws FramingException {
        NetconfLimits limits = NetconfLimits.DEFAULT.withMaxChunkBytes(maxChunkBytes);
        NetconfFrameEncoder encoder = new NetconfFrameEncoder(limits);
        byte[] helloFrame = encoder.encode(hello);
        encoder.switchToChunked();
        byte[] stream = Frames.concat(helloFrame, encodeAll(encoder, messages));

        List<byte[]> decoded = new ArrayList<>();
        NetconfFrameDecoder[] decoder = new NetconfFrameDecoder[1];
        decoder[0] = new NetconfFrameDecoder(limits, message -> {
            decoded.add(message);
            if (decoded.size() == 1) {
                decoder[0].switchToChunked();
            }
        });
        feedInSlices(decoder[0], stream, sliceSizes);

        List<byte[]> expected = new ArrayList<>(List.of(hello));
        expected.addAll(messages);
        assertSameMessages(expected, decoded);
    }

    @Property
    void garbageEitherDecodesOrFailsWithFramingExceptionForGood(
            @ForAll("headerishBytes") byte[] garbage,
            @ForAll boolean chunked,
            @ForAll("sliceSizes") List<Integer> sliceSizes) {
        NetconfFrameDecoder decoder = new NetconfFrameDecoder(NetconfLimits.DEFAULT.withMaxMessageBytes(200), m -> { });
        if (chunked) {
            decoder.switchToChunked();
        }
        try {
            feedInSlices(decoder, garbage, sliceSizes);
        } catch (FramingException expected) {
            assertThrows(MalformedFrameException.class, () -> decoder.feed(garbage, 0, garbage.length));
        }
    }

    @Provide
    Arbitrary<byte[]> anyMessages() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2000);
    }

    /** Bytes rich in ']' and '>' so that partial delimiter matches are common. */
    @Provide
    Arbitrary<byte[]> endOfMessageMessages() {
        Arbitrary<byte[]> brackets = Arbitraries.of((byte) ']', (byte) '>', (byte) 'a', (byte) 0)
                .array(byte[].class).ofMinSize(1).ofMaxSize(200);
        return Arbitraries.oneOf(brackets, anyMessages()).filter(FramingRoundTripProperties::fitsEndOfMessage);
    }

    @Provide
    Arbitrary<byte[]> headerishBytes() {
        return Arbitraries.of((byte) '\n', (byte) '#', (byte) '0', (byte) '1', (byte) '9', (byte) ']', (byte) '>', (byte) 'x')
                .array(byte[].class).ofMinSize(1).ofMaxSize(300);
    }

    @Provide
    Arbitrary<List<Integer>> sliceSizes() {
        return Arbitraries.integers().between(1, 700).list().ofMinSize(1).ofMaxSize(10);
    }

    private static boolean fitsEndOfMessage(byte[] message) {
        String text = Frames.text(message);
        return !text.contains("]]>]]>") && !text.endsWith("]]>");
    }

    private static byte[] encodeAll(NetconfFrameEncoder encoder, List<byte[]> messages) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        messages.forEach(message -> stream.writeBytes(encoder.encode(message)));
        return stream.toByteArray();
    }

    /** Feeds the stream in reads of the given sizes, cycling through them. */
    private static void feedInSlices(NetconfFrameDecoder decoder, byte[] stream, List<Integer> sliceSizes)
            throws FramingException {
        int offset = 0;
        for (int i = 0; offset < stream.length; i++) {
            int length = Math.min(sliceSizes.get(i % sliceSizes.size()), stream.length - offset);
            decoder.feed(stream, offset, length);
            offset += length;
        }
    }

    private static void assertSameMessages(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size(), "message count");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "message " + i);
        }
    }
}
