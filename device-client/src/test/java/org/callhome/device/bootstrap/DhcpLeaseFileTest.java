package org.callhome.device.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lease files as ISC dhclient 4.4 writes them ({@code write_client_lease}: two-space indent, the
 * options in {@code pretty_print_option}'s forms, {@code renew}/{@code rebind}/{@code expire} by
 * {@code print_time}).
 */
class DhcpLeaseFileTest {

    private static final URI SERVER = URI.create("https://b.example:8443");
    private static final String SERVER_HEX =
            "0:16:68:74:74:70:73:3a:2f:2f:62:2e:65:78:61:6d:70:6c:65:3a:38:34:34:33";
    /** During the lease of {@link #lease}: it renews at 10:00 and expires at 20:00. */
    private static final Instant NOW = Instant.parse("2031-01-14T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void readsTheServersOfAnUnknownOption143() throws Exception {
        Path file = write(lease("option unknown-143 " + SERVER_HEX + ";", "2 2031/01/14 20:00:00"));
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(file, NOW));
    }

    @Test
    void readsSeveralServersInTheirOrder() throws Exception {
        List<URI> servers = List.of(SERVER, URI.create("https://192.0.2.9"), URI.create("https://[2001:db8::9]:1"));
        Path file = write(lease("option unknown-143 " + dhclientHex(SztpRedirectOption.encode(servers)) + ";",
                "2 2031/01/14 20:00:00"));
        assertEquals(servers, DhcpLeaseFile.bootstrapServers(file, NOW));
    }

    @Test
    void readsADeclaredTextOptionAsDhclientQuotesIt() throws Exception {
        // option sztp-redirect code 143 = text; dhclient writes bytes that are not printable as \ooo
        Path file = write(lease("option sztp-redirect \"\\000\\026https://b.example:8443\";", "2 2031/01/14 20:00:00"));
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(file, "sztp-redirect", NOW));
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(file, "SZTP-Redirect", NOW));
    }

    @Test
    void readsADeclaredStringOptionAsHexAndOneInAnOptionSpace() throws Exception {
        // option sztp-redirect code 143 = string; the uri-length's zero byte makes dhclient write hex
        Path file = write(lease("option sztp-redirect " + SERVER_HEX + ";", "2 2031/01/14 20:00:00"));
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(file, "sztp-redirect", NOW));
        Path spaced = write(lease("option sztp.redirect " + SERVER_HEX + ";", "2 2031/01/14 20:00:00"));
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(spaced, "sztp.redirect", NOW));
    }

    @Test
    void decodesEveryEscapeDhclientWrites() throws Exception {
        byte[] list = SztpRedirectOption.encode(List.of(SERVER));
        Path file = write(lease("option domain-name \"a\\\"b\\'c\\$d\\`e\\\\f\\|g\\&h\\001\";\n  option sztp-redirect "
                + dhclientText(list) + ";", "2 2031/01/14 20:00:00"));
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(file, "sztp-redirect", NOW));
    }

    @Test
    void aNameNotDeclaredByTheCallerIsNotOption143() {
        Path file = write(lease("option sztp-redirect " + SERVER_HEX + ";", "2 2031/01/14 20:00:00"));
        NoBootstrapServerException e = assertThrows(NoBootstrapServerException.class,
                () -> DhcpLeaseFile.bootstrapServers(file, NOW));
        assertEquals("no bootstrap server in " + file + ": the current lease (line 1, expires 2031-01-14T20:00:00Z)"
                + " has no option unknown-143", e.getMessage());
        assertEquals(1, e.line());
    }

    @Test
    void usesTheLastLeaseNotAnOlderOne() throws Exception {
        URI older = URI.create("https://older.example");
        Path file = write(lease("option unknown-143 " + dhclientHex(SztpRedirectOption.encode(List.of(older))) + ";",
                "2 2031/01/14 19:00:00")
                + lease("option unknown-143 " + SERVER_HEX + ";", "2 2031/01/14 20:00:00"));
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(file, NOW));
    }

    @Test
    void aCurrentLeaseWithoutOption143IsNoServerEvenWhenAnOlderOneHadIt() {
        String withOption = lease("option unknown-143 " + SERVER_HEX + ";", "2 2031/01/14 19:00:00");
        Path file = write(withOption + lease("", "2 2031/01/14 20:00:00"));
        NoBootstrapServerException e = assertThrows(NoBootstrapServerException.class,
                () -> DhcpLeaseFile.bootstrapServers(file, "sztp-redirect", NOW));
        int line = lineCount(withOption) + 1;
        assertEquals(line, e.line());
        assertTrue(e.getMessage().endsWith(": the current lease (line " + line
                + ", expires 2031-01-14T20:00:00Z) has no option sztp-redirect or unknown-143"), e.getMessage());
    }

    @Test
    void skipsAnExpiredLastLeaseForTheLastUnexpiredOne() throws Exception {
        String current = lease("option unknown-143 " + SERVER_HEX + ";", "2 2031/01/14 20:00:00");
        String expired = lease("option unknown-143 " + dhclientHex(SztpRedirectOption.encode(
                List.of(URI.create("https://elsewhere.example")))) + ";", "1 2031/01/13 20:00:00");
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(write(current + expired), NOW));
    }

    @Test
    void aLeaseExpiringNowHasExpired() {
        Path file = write(lease("option unknown-143 " + SERVER_HEX + ";", "2 2031/01/14 12:00:00"));
        NoBootstrapServerException e = assertThrows(NoBootstrapServerException.class,
                () -> DhcpLeaseFile.bootstrapServers(file, NOW));
        assertTrue(e.getMessage().endsWith(": every lease has expired, the last one (line 1) at 2031-01-14T12:00:00Z"),
                e.getMessage());
    }

    @Test
    void readsLocalTimeFormatEpochsAndNever() throws Exception {
        // db-time-format local: "epoch SECONDS; # comment"
        Path epoch = write(lease("option unknown-143 " + SERVER_HEX + ";",
                "epoch " + Instant.parse("2031-01-14T20:00:00Z").getEpochSecond() + "; # Tue Jan 14 21:00:00 2031"));
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(epoch, NOW));
        Path stale = write(lease("option unknown-143 " + SERVER_HEX + ";", "epoch 1000;"));
        assertThrows(NoBootstrapServerException.class, () -> DhcpLeaseFile.bootstrapServers(stale, NOW));
        Path never = write(lease("option unknown-143 " + SERVER_HEX + ";", "never"));
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(never, Instant.parse("2999-01-01T00:00:00Z")));
    }

    @Test
    void skipsDuidsLease6BlocksAndComments() throws Exception {
        String text = """
                # a comment; with { braces } and "quotes
                default-duid "\\000\\001\\000\\001\\0368\\262\\234RT\\000\\022\\064V";
                lease6 {
                  interface "eth0";
                  ia-na 1a:2b:3c:4d {
                    starts 1926417600;
                    renew 300;
                    rebind 480;
                    iaaddr 2001:db8::20 {
                      starts 1926417600;
                      preferred-life 600;
                      max-life 900;
                    }
                  }
                  option dhcp6.client-id 0:1:0:1:1e:38:b2:9c:52:54:0:12:34:56;
                }
                """ + lease("option unknown-143 " + SERVER_HEX + "; # the SZTP redirect", "2 2031/01/14 20:00:00");
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(write(text), NOW));
    }

    @Test
    void statementsMayBreakAnywhereBetweenTokens() throws Exception {
        String text = "lease{interface \"eth0\";option\n unknown-143\n\t" + SERVER_HEX
                + "\n;expire\n2\n2031/01/14\n20:00:00\n;}";
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(write(text), NOW));
    }

    @Test
    void aFileWithoutLeasesNamesNoServer() {
        Path file = write("default-duid \"\\000\\001\";\n");
        NoBootstrapServerException e = assertThrows(NoBootstrapServerException.class,
                () -> DhcpLeaseFile.bootstrapServers(file, NOW));
        assertEquals("no bootstrap server in " + file + ": it holds no lease", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void aMalformedOptionNamesTheFileTheLineAndTheByteOffset() {
        byte[] list = SztpRedirectOption.encode(List.of(SERVER));
        byte[] truncated = SztpRedirectOptionTest.concat(list, new byte[] {0});
        Path file = write(lease("option unknown-143 " + dhclientHex(truncated) + ";", "2 2031/01/14 20:00:00"));
        LeaseFileException e = assertThrows(LeaseFileException.class, () -> DhcpLeaseFile.bootstrapServers(file, NOW));
        assertEquals(file + " line 5: option unknown-143: option 143 at byte offset 24: uri-length needs 2 bytes, 1 left",
                e.getMessage());
        assertEquals(5, e.line());
        assertInstanceOf(MalformedRedirectOptionException.class, e.getCause());
    }

    @Test
    void anHttpServerInTheLeaseIsRefused() {
        byte[] uri = "http://b.example".getBytes(StandardCharsets.US_ASCII);
        byte[] list = SztpRedirectOptionTest.concat(new byte[] {0, (byte) uri.length}, uri);
        Path file = write(lease("option unknown-143 " + dhclientHex(list) + ";", "2 2031/01/14 20:00:00"));
        LeaseFileException e = assertThrows(LeaseFileException.class, () -> DhcpLeaseFile.bootstrapServers(file, NOW));
        assertTrue(e.getMessage().contains("'http://b.example' has the scheme http; RFC 8572 §8.3 requires https"),
                e.getMessage());
    }

    @Test
    void anOptionOverTheListLimitIsRefusedBeforeDecoding() throws Exception {
        byte[] atLimit = SztpRedirectOptionTest.listOfLength(SztpRedirectOption.MAX_LIST_BYTES);
        Path ok = write(lease("option unknown-143 " + dhclientHex(atLimit) + ";", "2 2031/01/14 20:00:00"));
        LeaseFileException e = assertThrows(LeaseFileException.class, () -> DhcpLeaseFile.bootstrapServers(
                write(lease("option unknown-143 " + dhclientHex(atLimit) + ":0;", "2 2031/01/14 20:00:00")), NOW));
        assertInstanceOf(RedirectOptionTooLargeException.class, e.getCause());
        assertTrue(e.getMessage().contains("(1025 bytes) exceeds the allowed maximum (1024)"), e.getMessage());
        assertEquals(1, DhcpLeaseFile.bootstrapServers(ok, NOW).size());
    }

    @Test
    void syntaxErrorsNameTheFileAndLine() {
        assertSyntaxError("option unknown-143 0:16:zz;", 5, "option unknown-143: byte 2 'zz' is not one or two hex digits");
        assertSyntaxError("option unknown-143 0::16;", 5, "byte 1 '' is not one or two hex digits");
        assertSyntaxError("option unknown-143 0:16 0:17;", 5, "needs one value");
        assertSyntaxError("option unknown-143 \"\\q\";", 5, "escape \\q in a quoted string is not one dhclient writes");
        assertSyntaxError("option unknown-143 \"\\400\";", 5, "escape \\4 in a quoted string");
        assertSyntaxError("option unknown-143 " + SERVER_HEX + ";\n  option unknown-143 " + SERVER_HEX + ";", 6,
                "carries option 143 twice (lines 5 and 6)");
        assertSyntaxError("option unknown-143 " + SERVER_HEX + " {", 5, "';' expected after 'unknown-143', not '{'");
        assertSyntaxError("option {", 5, "an option name expected after 'option', not '{'");

        Path badDate = write(lease("", "2 2031/02/30 20:00:00"));
        LeaseFileException e = assertThrows(LeaseFileException.class,
                () -> DhcpLeaseFile.bootstrapServers(badDate, NOW));
        assertEquals(badDate + " line 7: expire '2' '2031/02/30' '20:00:00' is none of 'W YYYY/MM/DD HH:MM:SS' (UTC),"
                + " 'epoch SECONDS' and 'never'", e.getMessage());

        Path unclosed = write("lease {\n  interface \"eth0\";\n");
        e = assertThrows(LeaseFileException.class, () -> DhcpLeaseFile.bootstrapServers(unclosed, NOW));
        assertEquals(unclosed + " line 1: lease block not closed before the end of the file", e.getMessage());

        Path openString = write("lease {\n  interface \"eth0;\n}\n");
        e = assertThrows(LeaseFileException.class, () -> DhcpLeaseFile.bootstrapServers(openString, NOW));
        assertEquals(openString + " line 2: quoted string not closed before the end of the file", e.getMessage());

        Path stray = write("}\n");
        e = assertThrows(LeaseFileException.class, () -> DhcpLeaseFile.bootstrapServers(stray, NOW));
        assertEquals(stray + " line 1: '}' closes no block", e.getMessage());

        Path noBrace = write("lease\n;\n");
        e = assertThrows(LeaseFileException.class, () -> DhcpLeaseFile.bootstrapServers(noBrace, NOW));
        assertEquals(noBrace + " line 2: '{' after 'lease' expected, not ';'", e.getMessage());
    }

    @Test
    void readsAFileOfExactlyTheMaximumSizeAndRefusesOneByteMore() throws Exception {
        String lease = lease("option unknown-143 " + SERVER_HEX + ";", "2 2031/01/14 20:00:00");
        int padding = DhcpLeaseFile.MAX_FILE_BYTES - lease.length() - 2;
        Path atLimit = write("#" + "x".repeat(padding) + "\n" + lease);
        assertEquals(DhcpLeaseFile.MAX_FILE_BYTES, Files.size(atLimit));
        assertEquals(List.of(SERVER), DhcpLeaseFile.bootstrapServers(atLimit, NOW));

        Path over = write("#" + "x".repeat(padding + 1) + "\n" + lease);
        LeaseFileException e = assertThrows(LeaseFileException.class, () -> DhcpLeaseFile.bootstrapServers(over, NOW));
        assertEquals(over + ": its length (1048577 bytes) exceeds the allowed maximum (1048576)", e.getMessage());
    }

    @Test
    void aMissingFileIsALeaseFileError() {
        Path missing = dir.resolve("dhclient.eth9.leases");
        LeaseFileException e = assertThrows(LeaseFileException.class,
                () -> DhcpLeaseFile.bootstrapServers(missing, NOW));
        assertTrue(e.getMessage().startsWith(missing + ": cannot be read: "), e.getMessage());
    }

    @Test
    void refusesADeclaredNameThatIsNoOptionName() {
        Path file = write(lease("", "never"));
        assertThrows(IllegalArgumentException.class, () -> DhcpLeaseFile.bootstrapServers(file, "a b", NOW));
        assertThrows(IllegalArgumentException.class, () -> DhcpLeaseFile.bootstrapServers(file, "", NOW));
        assertThrows(IllegalArgumentException.class, () -> DhcpLeaseFile.bootstrapServers(file, "x;y", NOW));
    }

    private void assertSyntaxError(String statements, int line, String problem) {
        Path file = write(lease(statements, "2 2031/01/14 20:00:00"));
        LeaseFileException e = assertThrows(LeaseFileException.class, () -> DhcpLeaseFile.bootstrapServers(file, NOW));
        assertTrue(e.getMessage().startsWith(file + " line " + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(line, e.line());
    }

    /**
     * One lease as dhclient writes it; {@code statements} start on line 5 of the block, and
     * {@code expire} follows them two lines later (line 7 when they take one line).
     */
    private static String lease(String statements, String expire) {
        return "lease {\n"
                + "  interface \"eth0\";\n"
                + "  fixed-address 192.0.2.20;\n"
                + "  option subnet-mask 255.255.255.0;\n"
                + (statements.isEmpty() ? "  option routers 192.0.2.1;" : "  " + statements) + "\n"
                + "  renew 2 2031/01/14 10:00:00;\n"
                + "  expire " + expire + (expire.endsWith(";") || expire.contains("; #") ? "" : ";") + "\n"
                + "}\n";
    }

    private Path write(String text) {
        try {
            Path file = Files.createTempFile(dir, "dhclient.", ".leases");
            Files.writeString(file, text, StandardCharsets.ISO_8859_1);
            return file;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int lineCount(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }

    /** dhclient's hex form: each byte as {@code %x}, joined by colons. */
    private static String dhclientHex(byte[] bytes) {
        StringJoiner hex = new StringJoiner(":");
        for (byte b : bytes) {
            hex.add(Integer.toHexString(b & 0xff));
        }
        return hex.toString();
    }

    /** dhclient's quoted form ({@code pretty_escape}): \ooo for bytes not printable, \ before "'$`\|&. */
    private static String dhclientText(byte[] bytes) {
        StringBuilder text = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x20 || c > 0x7e) {
                text.append(String.format("\\%03o", c));
            } else {
                text.append("\"'$`\\|&".indexOf(c) >= 0 ? "\\" : "").append((char) c);
            }
        }
        return text.append('"').toString();
    }
}
