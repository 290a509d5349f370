package org.callhome.shared.netconf.framing;

import static org.callhome.shared.netconf.framing.Frames.ascii;
import static org.callhome.shared.netconf.framing.Frames.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.callhome.shared.netconf.NetconfLimits;
import org.junit.jupiter.api.Test;

/** The encoder's bytes compared with hand-built frames. */
class NetconfFrameEncoderTest {

    private final NetconfFrameEncoder encoder = new NetconfFrameEncoder(NetconfLimits.DEFAULT.withMaxChunkBytes(4));

    @Test
    void appendsDelimiterInEndOfMessageFraming() {
        assertEquals(Framing.END_OF_MESSAGE, encoder.framing());
        assertEquals("<hello/>]]>]]>", encode("<hello/>"));
        assertEquals("]]>]]x]]>]]>", encode("]]>]]x"));
    }

    @Test
    void writesChunksOfAtMostMaxChunkBytes() {
        encoder.switchToChunked();
        assertEquals("\n#4\n<rpc\n#4\n/><g\n#2\net\n##\n", encode("<rpc/><get"));
        assertEquals("\n#4\n<rpc\n#4\n/>ab\n##\n", encode("<rpc/>ab"));
        assertEquals("\n#1\na\n##\n", encode("a"));
    }

    @Test
    void writesMessageAsOneChunkWhenItFits() {
        NetconfFrameEncoder wide = new NetconfFrameEncoder(NetconfLimits.DEFAULT);
        wide.switchToChunked();
        assertEquals("\n#6\n<rpc/>\n##\n", text(wide.encode(ascii("<rpc/>"))));
    }

    @Test
    void carriesEndOfMessageDelimiterInChunkedFraming() {
        encoder.switchToChunked();
        assertEquals("\n#4\n]]>]\n#2\n]>\n##\n", encode("]]>]]>"));
    }

    @Test
    void rejectsEmptyMessageInBothFramings() {
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(new byte[0]));
        encoder.switchToChunked();
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(new byte[0]));
    }

    @Test
    void rejectsDelimiterInsideEndOfMessageFramedMessage() {
        assertThrows(IllegalArgumentException.class, () -> encode("<a>]]>]]></a>"));
        assertThrows(IllegalArgumentException.class, () -> encode("]]>]]>"));
    }

    @Test
    void rejectsMessageEndingInDelimiterPrefixThatWouldMergeWithIt() {
        assertThrows(IllegalArgumentException.class, () -> encode("<a/>]]>"));
    }

    @Test
    void rejectsSecondSwitchToChunked() {
        encoder.switchToChunked();
        assertThrows(IllegalStateException.class, encoder::switchToChunked);
    }

    private String encode(String message) {
        return text(encoder.encode(ascii(message)));
    }
}
