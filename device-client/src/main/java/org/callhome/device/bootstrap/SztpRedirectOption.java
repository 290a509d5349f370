package org.callhome.device.bootstrap;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DHCPv4 option 143, OPTION_V4_SZTP_REDIRECT (RFC 8572 §8.1): the bootstrap servers a DHCP server
 * points a factory-fresh device to.
 * <pre>
 *   one option instance; a list longer than 255 bytes is split over several instances, which
 *   the client concatenates in order (RFC 3396; RFC 8572 §8.1, erratum 6684):
 *   +------+-----+----------------------------------------+
 *   | 143  | len | len bytes of bootstrap-server-list     |
 *   +------+-----+----------------------------------------+
 *
 *   bootstrap-server-list (RFC 8572 §8.3), one or more entries:
 *   +------------------+----------------------------+------------------+----
 *   | uri-length       | URI, uri-length bytes      | uri-length       | ...
 *   | 2 bytes, network | "https://" host [":" port] |                  |
 *   | byte order       |                            |                  |
 *   +------------------+----------------------------+------------------+----
 *
 *   https://b.example:8443 (22 bytes) as a one-entry list:
 *   00 16 68 74 74 70 73 3a 2f 2f 62 2e 65 78 61 6d 70 6c 65 3a 38 34 34 33
 * </pre>
 * A URI is accepted when it is made of printable US-ASCII, parses (RFC 3986, as
 * {@link java.net.URI} reads it), has the scheme {@code https} and is of the form RFC 8572 §8.3
 * requires, {@code https://<ip-address-or-hostname>[:<port>]}: a host (name, IPv4 address or
 * bracketed IPv6 address), optionally a port 1..65535, and no user information, path, query or
 * fragment. The URIs keep the order the server gave, the order in which RFC 8572 §5.1 has the
 * device try them.
 *
 * <p>Limits: the concatenated list holds at most {@link #MAX_LIST_BYTES} bytes and
 * {@link #MAX_URIS} URIs. The total length is checked before the instances are concatenated, the
 * URI count before the next entry is read; both fail with {@link RedirectOptionTooLargeException}.
 * Anything else wrong is a {@link MalformedRedirectOptionException}. Both name the byte offset in
 * the concatenated list. A list we are asked to encode that breaks these rules is an
 * {@link IllegalArgumentException}: our bug, not the peer's.
 */
public final class SztpRedirectOption {

    /** The DHCPv4 option code, OPTION_V4_SZTP_REDIRECT. */
    public static final int OPTION_CODE = 143;

    /** Most bytes one DHCPv4 option instance carries; longer lists take several (RFC 3396). */
    public static final int MAX_INSTANCE_BYTES = 255;

    /** Most bytes of bootstrap-server-list accepted, over all instances. */
    public static final int MAX_LIST_BYTES = 1024;

    /** Most URIs accepted in one list. */
    public static final int MAX_URIS = 16;

    private static final int LENGTH_BYTES = 2;
    private static final int MAX_PORT = 65_535;

    private SztpRedirectOption() {
    }

    /** Decodes a bootstrap-server-list already concatenated from its option instances. */
    public static List<URI> decode(byte[] list) throws RedirectOptionException {
        return decode(List.of(list));
    }

    /**
     * Decodes the bootstrap-server-list carried by these option instances' payloads, in the
     * order they appeared in the DHCP message (RFC 3396 §7: concatenated, so an entry may
     * straddle two instances).
     */
    public static List<URI> decode(List<byte[]> instances) throws RedirectOptionException {
        long total = 0;
        for (byte[] instance : instances) {
            total += instance.length;
        }
        if (total > MAX_LIST_BYTES) {
            throw new RedirectOptionTooLargeException(MAX_LIST_BYTES, "bootstrap-server-list length (" + total
                    + " bytes) exceeds the allowed maximum (" + MAX_LIST_BYTES + ")");
        }
        if (total == 0) {
            throw new MalformedRedirectOptionException(0, "empty bootstrap-server-list: RFC 8572 §8.1 needs a URI");
        }
        byte[] list = new byte[(int) total];
        int filled = 0;
        for (byte[] instance : instances) {
            System.arraycopy(instance, 0, list, filled, instance.length);
            filled += instance.length;
        }
        return entries(list);
    }

    /**
     * Encodes a bootstrap-server-list, for a DHCP server or a test.
     *
     * @throws IllegalArgumentException when a URI is not of the accepted form or the list is
     *         empty or over a limit
     */
    public static byte[] encode(List<URI> uris) {
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("a bootstrap-server-list needs at least one URI");
        }
        if (uris.size() > MAX_URIS) {
            throw new IllegalArgumentException(
                    uris.size() + " URIs exceed the allowed maximum (" + MAX_URIS + ")");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (URI uri : uris) {
            String problem = formProblem(uri);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            byte[] bytes = uri.toASCIIString().getBytes(StandardCharsets.US_ASCII);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        if (out.size() > MAX_LIST_BYTES) {
            throw new IllegalArgumentException("bootstrap-server-list length (" + out.size()
                    + " bytes) exceeds the allowed maximum (" + MAX_LIST_BYTES + ")");
        }
        return out.toByteArray();
    }

    /**
     * Splits an encoded list into the payloads of consecutive option instances of at most
     * {@link #MAX_INSTANCE_BYTES} bytes each, as RFC 3396 §6 has a server send it.
     */
    public static List<byte[]> split(byte[] list) {
        List<byte[]> instances = new ArrayList<>();
        for (int start = 0; start < list.length; start += MAX_INSTANCE_BYTES) {
            int length = Math.min(MAX_INSTANCE_BYTES, list.length - start);
            byte[] instance = new byte[length];
            System.arraycopy(list, start, instance, 0, length);
            instances.add(instance);
        }
        return instances;
    }

    /**
     * Reads one bootstrap server URI written by hand (a command-line flag, a test), with the
     * rules a URI in the option must meet.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static URI parseUri(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' does not parse as a URI: " + e.getReason(), e);
        }
        String problem = formProblem(uri);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return uri;
    }

    private static List<URI> entries(byte[] list) throws RedirectOptionException {
        List<URI> uris = new ArrayList<>();
        int offset = 0;
        while (offset < list.length) {
            if (uris.size() == MAX_URIS) {
                throw new RedirectOptionTooLargeException(offset, "URI number " + (MAX_URIS + 1)
                        + " exceeds the allowed maximum (" + MAX_URIS + " URIs)");
            }
            int left = list.length - offset;
            if (left < LENGTH_BYTES) {
                throw new MalformedRedirectOptionException(offset,
                        "uri-length needs " + LENGTH_BYTES + " bytes, " + left + " left");
            }
            int length = (list[offset] & 0xff) << 8 | list[offset + 1] & 0xff;
            if (length == 0) {
                throw new MalformedRedirectOptionException(offset, "uri-length 0: an empty URI");
            }
            if (length > left - LENGTH_BYTES) {
                throw new MalformedRedirectOptionException(offset, "uri-length " + length
                        + " exceeds the " + (left - LENGTH_BYTES) + " bytes left");
            }
            uris.add(uri(list, offset + LENGTH_BYTES, length));
            offset += LENGTH_BYTES + length;
        }
        return List.copyOf(uris);
    }

    private static URI uri(byte[] list, int start, int length) throws MalformedRedirectOptionException {
        for (int i = start; i < start + length; i++) {
            if (list[i] < 0x21 || list[i] > 0x7e) {
                throw new MalformedRedirectOptionException(i, String.format(Locale.ROOT,
                        "byte 0x%02x in a URI is not printable US-ASCII", list[i] & 0xff));
            }
        }
        String text = new String(list, start, length, StandardCharsets.US_ASCII);
        try {
            return parseUri(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedRedirectOptionException(start, e.getMessage());
        }
    }

    /** Why the URI is not of RFC 8572 §8.3's form, or null when it is. */
    private static String formProblem(URI uri) {
        String quoted = "'" + uri.toASCIIString() + "'";
        if (uri.getScheme() == null) {
            return quoted + " has no scheme; RFC 8572 §8.3 requires https";
        }
        if (!uri.getScheme().equalsIgnoreCase("https")) {
            return quoted + " has the scheme " + uri.getScheme() + "; RFC 8572 §8.3 requires https";
        }
        if (uri.isOpaque() || uri.getHost() == null) {
            return quoted + " names no host; the form is https://host[:port]";
        }
        if (uri.getRawUserInfo() != null) {
            return quoted + " carries user information; the form is https://host[:port]";
        }
        if (uri.getPort() == 0 || uri.getPort() > MAX_PORT) {
            return quoted + " has port " + uri.getPort() + ", not 1.." + MAX_PORT;
        }
        if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return quoted + " has a path, query or fragment; the form is https://host[:port]";
        }
        return null;
    }
}
