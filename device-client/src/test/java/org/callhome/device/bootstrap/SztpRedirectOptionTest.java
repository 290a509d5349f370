package org.callhome.device.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SztpRedirectOptionTest {

    private static final URI SERVER = URI.create("https://b.example:8443");

    /** RFC 8572 §8.3: a 2-byte uri-length in network order, then the URI's bytes. */
    private static final byte[] ONE_SERVER = {
        0x00, 0x16, 'h', 't', 't', 'p', 's', ':', '/', '/', 'b', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', ':', '8', '4',
        '4', '3'};

    @Test
    void encodesOneServerAsTheRfcLaysItOut() throws Exception {
        assertArrayEquals(ONE_SERVER, SztpRedirectOption.encode(List.of(SERVER)));
        assertEquals(List.of(SERVER), SztpRedirectOption.decode(ONE_SERVER));
    }

    @Test
    void keepsTheServersInTheOrderGivenAcrossHostForms() throws Exception {
        List<URI> servers = List.of(URI.create("https://b2.example"), URI.create("https://192.0.2.9:443"),
                URI.create("https://[2001:db8::9]:8443"), URI.create("HTTPS://B1.EXAMPLE:1"),
                URI.create("https://b3.example:65535"));
        assertEquals(servers, SztpRedirectOption.decode(SztpRedirectOption.encode(servers)));
    }

    @Test
    void decodesTheSameListWhereverItIsSplitIntoInstances() throws Exception {
        List<URI> servers = List.of(SERVER, URI.create("https://192.0.2.9"), URI.create("https://b3.example:9"));
        byte[] list = SztpRedirectOption.encode(servers);
        for (int cut = 0; cut <= list.length; cut++) {
            assertEquals(servers, SztpRedirectOption.decode(List.of(slice(list, 0, cut), slice(list, cut, list.length))),
                    "cut at " + cut);
            for (int second = cut; second <= list.length; second++) {
                assertEquals(servers, SztpRedirectOption.decode(List.of(slice(list, 0, cut), slice(list, cut, second),
                        slice(list, second, list.length))), "cuts at " + cut + " and " + second);
            }
        }
    }

    @Test
    void splitsALongListIntoInstancesOf255BytesThatDecodeBack() throws Exception {
        List<URI> servers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            servers.add(URI.create("https://" + "a".repeat(190) + i + ".example:8443"));
        }
        byte[] list = SztpRedirectOption.encode(servers);
        List<byte[]> instances = SztpRedirectOption.split(list);
        assertEquals(List.of(255, 255, 255, list.length - 765), instances.stream().map(i -> i.length).toList());
        assertEquals(servers, SztpRedirectOption.decode(instances));
    }

    @Test
    void acceptsAListOfExactlyTheMaximumLength() throws Exception {
        byte[] list = listOfLength(SztpRedirectOption.MAX_LIST_BYTES);
        assertEquals(1, SztpRedirectOption.decode(list).size());
    }

    @Test
    void rejectsAListOneByteOverTheMaximumBeforeReadingIt() {
        byte[] list = listOfLength(SztpRedirectOption.MAX_LIST_BYTES + 1);
        RedirectOptionTooLargeException e = assertThrows(RedirectOptionTooLargeException.class,
                () -> SztpRedirectOption.decode(SztpRedirectOption.split(list)));
        assertEquals(1024, e.byteOffset());
        assertTrue(e.getMessage().contains("(1025 bytes) exceeds the allowed maximum (1024)"), e.getMessage());
    }

    @Test
    void acceptsSixteenServersAndRejectsTheSeventeenthWhereItStarts() throws Exception {
        List<URI> sixteen = Collections.nCopies(16, URI.create("https://b.example"));
        assertEquals(sixteen, SztpRedirectOption.decode(SztpRedirectOption.encode(sixteen)));

        byte[] seventeen = concat(SztpRedirectOption.encode(sixteen), SztpRedirectOption.encode(List.of(SERVER)));
        RedirectOptionTooLargeException e = assertThrows(RedirectOptionTooLargeException.class,
                () -> SztpRedirectOption.decode(seventeen));
        assertEquals(16 * (2 + "https://b.example".length()), e.byteOffset());
        assertTrue(e.getMessage().contains("URI number 17 exceeds the allowed maximum (16 URIs)"), e.getMessage());
    }

    @Test
    void rejectsAnEmptyList() {
        MalformedRedirectOptionException e = assertThrows(MalformedRedirectOptionException.class,
                () -> SztpRedirectOption.decode(List.of(new byte[0], new byte[0])));
        assertEquals(0, e.byteOffset());
    }

    @Test
    void rejectsAUriLengthCutShortWhereverTheListEnds() {
        assertMalformedAt(0, "uri-length needs 2 bytes, 1 left", new byte[] {0x00});
        assertMalformedAt(24, "uri-length needs 2 bytes, 1 left", concat(ONE_SERVER, new byte[] {0x00}));
        assertMalformedAt(24, "uri-length needs 2 bytes, 1 left", concat(ONE_SERVER, new byte[] {0x16}));
    }

    @Test
    void rejectsAUriLengthPointingPastTheEnd() {
        assertMalformedAt(0, "uri-length 22 exceeds the 21 bytes left", slice(ONE_SERVER, 0, ONE_SERVER.length - 1));
        assertMalformedAt(24, "uri-length 65535 exceeds the 0 bytes left",
                concat(ONE_SERVER, new byte[] {(byte) 0xff, (byte) 0xff}));
        assertMalformedAt(24, "uri-length 22 exceeds the 3 bytes left",
                concat(ONE_SERVER, slice(ONE_SERVER, 0, 5)));
    }

    @Test
    void rejectsAnEmptyUri() {
        assertMalformedAt(24, "uri-length 0: an empty URI", concat(ONE_SERVER, new byte[] {0, 0}, ONE_SERVER));
    }

    @Test
    void rejectsABytethatIsNotPrintableAsciiAtItsOffset() {
        byte[] list = ONE_SERVER.clone();
        list[12] = (byte) 0xc3;
        assertMalformedAt(12, "byte 0xc3 in a URI is not printable US-ASCII", list);
        list[12] = ' ';
        assertMalformedAt(12, "byte 0x20 in a URI is not printable US-ASCII", list);
    }

    @Test
    void rejectsUrisNotOfTheFormHttpsHostPortAtTheirOffset() {
        String[][] cases = {
            {"http://b.example:8443", "has the scheme http; RFC 8572 §8.3 requires https"},
            {"ftp://b.example", "has the scheme ftp"},
            {"//b.example:8443", "has no scheme"},
            {"https:b.example", "names no host"},
            {"https://", "does not parse as a URI"},
            {"https://b_x.example", "names no host"},
            {"https://user@b.example", "carries user information"},
            {"https://b.example:0", "has port 0, not 1..65535"},
            {"https://b.example:65536", "has port 65536, not 1..65535"},
            {"https://b.example/", "has a path, query or fragment"},
            {"https://b.example/restconf", "has a path, query or fragment"},
            {"https://b.example?x=1", "has a path, query or fragment"},
            {"https://b.example#x", "has a path, query or fragment"},
            {"https://[2001:db8::9", "does not parse as a URI"},
            {"https://b.example/%zz", "does not parse as a URI"},
        };
        for (String[] c : cases) {
            byte[] uri = c[0].getBytes(StandardCharsets.US_ASCII);
            byte[] list = concat(ONE_SERVER, new byte[] {0, (byte) uri.length}, uri);
            MalformedRedirectOptionException e = assertMalformedAt(26, c[1], list);
            assertTrue(e.getMessage().contains("'" + c[0] + "'"), e.getMessage());
            IllegalArgumentException byHand = assertThrows(IllegalArgumentException.class,
                    () -> SztpRedirectOption.parseUri(c[0]));
            assertTrue(byHand.getMessage().contains(c[1]), byHand.getMessage());
        }
    }

    @Test
    void refusesToEncodeWhatItWouldRefuseToDecode() {
        assertThrows(IllegalArgumentException.class, () -> SztpRedirectOption.encode(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> SztpRedirectOption.encode(List.of(URI.create("http://b.example"))));
        assertThrows(IllegalArgumentException.class,
                () -> SztpRedirectOption.encode(Collections.nCopies(17, SERVER)));
        List<URI> long5 = Collections.nCopies(5, URI.create("https://" + "a".repeat(200) + ".example"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SztpRedirectOption.encode(long5));
        assertTrue(e.getMessage().contains("(1090 bytes) exceeds the allowed maximum (1024)"), e.getMessage());
    }

    private static MalformedRedirectOptionException assertMalformedAt(int offset, String problem, byte[] list) {
        MalformedRedirectOptionException e = assertThrows(MalformedRedirectOptionException.class,
                () -> SztpRedirectOption.decode(list));
        assertEquals(offset, e.byteOffset(), e.getMessage());
        assertTrue(e.getMessage().startsWith("option 143 at byte offset " + offset + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        return e;
    }

    /** One URI of a host name long enough that the whole list is {@code length} bytes. */
    static byte[] listOfLength(int length) {
        String prefix = "https://";
        String suffix = ".example";
        String host = "a".repeat(length - 2 - prefix.length() - suffix.length());
        byte[] uri = (prefix + host + suffix).getBytes(StandardCharsets.US_ASCII);
        byte[] list = concat(new byte[] {(byte) (uri.length >>> 8), (byte) uri.length}, uri);
        assertEquals(length, list.length);
        return list;
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
