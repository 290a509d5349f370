package org.callhome.shared.netconf.framing;

import static org.callhome.shared.netconf.framing.Frames.HELLO;
import static org.callhome.shared.netconf.framing.Frames.ascii;
import static org.callhome.shared.netconf.framing.Frames.chunked;
import static org.callhome.shared.netconf.framing.Frames.limits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.framing.Frames.Recorder;
import org.junit.jupiter.api.Test;

/**
 * The move from end-of-message to chunked framing after the hello (RFC 6242 §4.1), with the
 * peer's first chunked bytes arriving in the same read as its hello.
 */
class HelloSwitchTest {

    private static final NetconfLimits LIMITS = limits(4096);
    private static final String RPC = "<rpc message-id=\"101\"><get/></rpc>";
    private static final String REPLY = "<rpc-reply message-id=\"101\"><data/></rpc-reply>";
    private static final byte[] SESSION = ascii(HELLO + "]]>]]>" + chunked("<rpc message-id=\"101\">", "<get/></rpc>")
            + chunked(REPLY));
    private static final List<String> EXPECTED = List.of(HELLO, RPC, REPLY);

    @Test
    void decodesHelloAndChunkedMessagesFromOneArray() throws FramingException {
        Recorder recorder = Recorder.switchingAfterHello(LIMITS);
        recorder.decoder().feed(SESSION, 0, SESSION.length);
        assertEquals(EXPECTED, recorder.messages);
        assertEquals(Framing.CHUNKED, recorder.decoder().framing());
        assertFalse(recorder.decoder().hasPartialMessage());
    }

    @Test
    void decodesWhenSplitAtEveryBytePosition() throws FramingException {
        for (int split = 0; split <= SESSION.length; split++) {
            Recorder recorder = Recorder.switchingAfterHello(LIMITS);
            recorder.decoder().feed(SESSION, 0, split);
            recorder.decoder().feed(SESSION, split, SESSION.length - split);
            assertEquals(EXPECTED, recorder.messages, "split at " + split);
            assertFalse(recorder.decoder().hasPartialMessage(), "split at " + split);
        }
    }

    @Test
    void decodesWhenFedOneByteAtATime() throws FramingException {
        Recorder recorder = Recorder.switchingAfterHello(LIMITS);
        for (int i = 0; i < SESSION.length; i++) {
            recorder.decoder().feed(SESSION, i, 1);
        }
        assertEquals(EXPECTED, recorder.messages);
    }

    @Test
    void decodesBytesBufferedBeforeASwitchMadeBetweenFeeds() throws FramingException {
        Recorder recorder = new Recorder();
        NetconfFrameDecoder decoder = new NetconfFrameDecoder(LIMITS, recorder);
        int firstChunkedByte = HELLO.length() + 6;
        decoder.feed(SESSION, 0, firstChunkedByte + 10);
        assertEquals(List.of(HELLO), recorder.messages);

        decoder.switchToChunked();
        assertTrue(decoder.hasPartialMessage());
        decoder.feed(SESSION, firstChunkedByte + 10, SESSION.length - firstChunkedByte - 10);
        assertEquals(EXPECTED, recorder.messages);
    }

    @Test
    void rejectsEndOfMessageFramingAfterTheSwitch() throws FramingException {
        Recorder recorder = Recorder.switchingAfterHello(LIMITS);
        byte[] stream = ascii(HELLO + "]]>]]>" + RPC + "]]>]]>");
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> recorder.decoder().feed(stream, 0, stream.length));
        assertTrue(e.getMessage().contains("got 0x3c '<'"), e.getMessage());
        assertEquals(List.of(HELLO), recorder.messages);
    }

    @Test
    void rejectsSecondSwitchToChunked() {
        NetconfFrameDecoder decoder = new NetconfFrameDecoder(LIMITS, message -> { });
        decoder.switchToChunked();
        assertThrows(IllegalStateException.class, decoder::switchToChunked);
        assertEquals(Framing.CHUNKED, decoder.framing());
    }
}
