package org.callhome.device.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.callhome.device.bootstrap.LeaseFileLexer.Kind;
import org.callhome.device.bootstrap.LeaseFileLexer.Token;

/**
 * The bootstrap servers that DHCPv4 option 143 named in an ISC dhclient lease file
 * ({@code dhclient.leases(5)}, e.g. {@code /var/lib/dhcp/dhclient.eth0.leases}).
 *
 * <p>What is accepted: a file of at most {@link #MAX_FILE_BYTES} bytes as dhclient writes it, a
 * log of {@code lease { ... }} blocks, newest last, with statements such as
 * <pre>
 * lease {
 *   interface "eth0";
 *   fixed-address 192.0.2.20;
 *   option unknown-143 0:16:68:74:74:70:73:3a:2f:2f:62:2e:65:78:61:6d:70:6c:65:3a:38:34:34:33;
 *   renew 2 2031/01/14 10:00:00;
 *   expire 2 2031/01/14 20:00:00;
 * }
 * </pre>
 * Option 143 is found under the name dhclient gives an option it has no declaration for,
 * {@value #UNKNOWN_OPTION_NAME}, or under a name declared in {@code dhclient.conf} (e.g.
 * {@code option sztp-redirect code 143 = string;} or {@code = text;}) when the caller passes that
 * name; its value is colon-separated hex bytes or a quoted string with dhclient's escapes (see
 * {@link LeaseOptionValue}, {@link LeaseFileLexer}), holding the bootstrap-server-list of
 * {@link SztpRedirectOption}: {@code https://host[:port]} URIs only. Other statements, other
 * options, comments, {@code default-duid} and DHCPv6 {@code lease6} blocks are skipped.
 *
 * <p>Which lease counts: the current one, the last block in the file whose {@code expire} (see
 * {@link LeaseExpiry}; a lease without one counts as unexpired) is after the given instant. Older
 * leases are never used instead, even when the current one has no option 143: they may come from
 * another network. The whole file is checked for syntax; only the current lease's option is
 * decoded.
 *
 * <p>Errors: a {@link LeaseFileException} naming the file and line for a file too big, not in
 * dhclient's syntax, or whose current lease carries an unusable option 143 (its cause the
 * {@link RedirectOptionException} with the byte offset); a {@link NoBootstrapServerException} when
 * the file holds no lease, only expired ones, or a current lease without option 143.
 */
public final class DhcpLeaseFile {

    /** Largest lease file read; dhclient rewrites its file every 20 leases, so real ones stay small. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    /** The name dhclient writes option 143 under when {@code dhclient.conf} declares no name for it. */
    public static final String UNKNOWN_OPTION_NAME = "unknown-" + SztpRedirectOption.OPTION_CODE;

    /** An option name as {@code dhclient.conf} declares one, optionally in an option space. */
    private static final Pattern OPTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*(\\.[A-Za-z0-9][A-Za-z0-9-]*)?");

    private record OptionStatement(String name, Token value) {
    }

    private record Lease(int line, Optional<Token> expireStart, List<Token> expire, List<OptionStatement> options) {
    }

    private final Path file;
    private final Set<String> optionNames;
    private final LeaseFileLexer lexer;

    private DhcpLeaseFile(Path file, Set<String> optionNames, String content) {
        this.file = file;
        this.optionNames = optionNames;
        this.lexer = new LeaseFileLexer(file, content);
    }

    /** The bootstrap servers of the current lease, option 143 looked up as {@value #UNKNOWN_OPTION_NAME} only. */
    public static List<URI> bootstrapServers(Path file, Instant now) throws LeaseFileException {
        return read(file, Set.of(UNKNOWN_OPTION_NAME), now);
    }

    /**
     * The bootstrap servers of the current lease, option 143 looked up as
     * {@value #UNKNOWN_OPTION_NAME} and as {@code declaredName}, the name {@code dhclient.conf}
     * gives code 143 (compared ignoring case, like dhclient's keywords).
     *
     * @throws IllegalArgumentException when {@code declaredName} is not an option name
     */
    public static List<URI> bootstrapServers(Path file, String declaredName, Instant now) throws LeaseFileException {
        if (!OPTION_NAME.matcher(declaredName).matches()) {
            throw new IllegalArgumentException("'" + declaredName + "' is not a DHCP option name");
        }
        return read(file, Set.of(UNKNOWN_OPTION_NAME, declaredName.toLowerCase(Locale.ROOT)), now);
    }

    private static List<URI> read(Path file, Set<String> optionNames, Instant now) throws LeaseFileException {
        DhcpLeaseFile leases = new DhcpLeaseFile(file, optionNames, content(file));
        return leases.current(leases.leases(), now);
    }

    private static String content(Path file) throws LeaseFileException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw tooBig(file, "" + size);
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
        } catch (IOException e) {
            if (e instanceof LeaseFileException known) {
                throw known;
            }
            throw LeaseFileException.at(file, 0, "cannot be read: " + e, e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw tooBig(file, "at least " + bytes.length);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** @param size the file's length, or "at least" what was read when it grew while being read */
    private static LeaseFileException tooBig(Path file, String size) {
        return LeaseFileException.at(file, 0, "its length (" + size + " bytes) exceeds the allowed maximum ("
                + MAX_FILE_BYTES + ")");
    }

    private List<Lease> leases() throws LeaseFileException {
        List<Lease> leases = new ArrayList<>();
        for (Token token = lexer.next(); !token.is(Kind.END); token = lexer.next()) {
            if (token.isWord("lease")) {
                expect(Kind.OPEN, "'{' after 'lease'");
                leases.add(lease(token.line()));
            } else {
                skipStatement(token);
            }
        }
        return leases;
    }

    private Lease lease(int line) throws LeaseFileException {
        Optional<Token> expireStart = Optional.empty();
        List<Token> expire = List.of();
        List<OptionStatement> options = new ArrayList<>();
        for (Token token = lexer.next(); !token.is(Kind.CLOSE); token = lexer.next()) {
            if (token.is(Kind.END)) {
                throw LeaseFileException.at(file, line, "lease block not closed before the end of the file");
            }
            if (token.isWord("option")) {
                option(options);
            } else if (token.isWord("expire")) {
                expireStart = Optional.of(token);
                expire = untilSemicolon(token);
            } else {
                skipStatement(token);
            }
        }
        return new Lease(line, expireStart, expire, options);
    }

    private void option(List<OptionStatement> options) throws LeaseFileException {
        Token name = lexer.next();
        if (!name.is(Kind.WORD)) {
            throw LeaseFileException.at(file, name.line(), "an option name expected after 'option', not "
                    + name.describe());
        }
        List<Token> value = untilSemicolon(name);
        if (!optionNames.contains(name.text().toLowerCase(Locale.ROOT))) {
            return;
        }
        if (value.size() != 1 || !(value.get(0).is(Kind.WORD) || value.get(0).is(Kind.STRING))) {
            throw LeaseFileException.at(file, name.line(), "option " + name.text()
                    + " needs one value, colon-separated hex bytes or a quoted string, not " + value.size() + " tokens");
        }
        options.add(new OptionStatement(name.text(), value.get(0)));
    }

    private List<URI> current(List<Lease> leases, Instant now) throws LeaseFileException {
        if (leases.isEmpty()) {
            throw new NoBootstrapServerException(file, 0, "it holds no lease");
        }
        for (int i = leases.size() - 1; i >= 0; i--) {
            Lease lease = leases.get(i);
            Optional<Instant> expiry = expiry(lease);
            if (expiry.isEmpty() || expiry.get().isAfter(now)) {
                return servers(lease, expiry);
            }
        }
        Lease last = leases.get(leases.size() - 1);
        throw new NoBootstrapServerException(file, last.line(), "every lease has expired, the last one (line "
                + last.line() + ") at " + expiry(last).orElseThrow());
    }

    private Optional<Instant> expiry(Lease lease) throws LeaseFileException {
        if (lease.expireStart().isEmpty()) {
            return Optional.empty();
        }
        return LeaseExpiry.parse(file, lease.expireStart().get().line(), lease.expire());
    }

    private List<URI> servers(Lease lease, Optional<Instant> expiry) throws LeaseFileException {
        String current = "the current lease (line " + lease.line() + ", expires " + expiry.map(Instant::toString)
                .orElse("never") + ")";
        if (lease.options().isEmpty()) {
            throw new NoBootstrapServerException(file, lease.line(), current + " has no option "
                    + String.join(" or ", optionNames.stream().sorted().toList()));
        }
        if (lease.options().size() > 1) {
            throw LeaseFileException.at(file, lease.options().get(1).value().line(), current
                    + " carries option 143 twice (lines " + lease.options().get(0).value().line() + " and "
                    + lease.options().get(1).value().line() + ")");
        }
        OptionStatement option = lease.options().get(0);
        try {
            return SztpRedirectOption.decode(LeaseOptionValue.bytes(file, option.name(), option.value()));
        } catch (RedirectOptionException e) {
            throw LeaseFileException.at(file, option.value().line(), "option " + option.name() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Skips a statement that ends at its ';' or, when it opens a block, at that block's '}'. */
    private void skipStatement(Token first) throws LeaseFileException {
        int depth = 0;
        for (Token token = first; ; token = lexer.next()) {
            switch (token.kind()) {
                case SEMICOLON -> {
                    if (depth == 0) {
                        return;
                    }
                }
                case OPEN -> depth++;
                case CLOSE -> {
                    if (depth == 0) {
                        throw LeaseFileException.at(file, token.line(), "'}' closes no block");
                    }
                    if (--depth == 0) {
                        return;
                    }
                }
                case END -> throw LeaseFileException.at(file, first.line(), "statement starting with "
                        + first.describe() + " not ended before the end of the file");
                default -> {
                    // a word or string inside the statement
                }
            }
        }
    }

    /** The tokens after {@code first} up to its ';', which must come before any brace. */
    private List<Token> untilSemicolon(Token first) throws LeaseFileException {
        List<Token> tokens = new ArrayList<>();
        for (Token token = lexer.next(); !token.is(Kind.SEMICOLON); token = lexer.next()) {
            if (!token.is(Kind.WORD) && !token.is(Kind.STRING)) {
                throw LeaseFileException.at(file, token.line(), "';' expected after " + first.describe()
                        + ", not " + token.describe());
            }
            tokens.add(token);
        }
        return tokens;
    }

    private void expect(Kind kind, String what) throws LeaseFileException {
        Token token = lexer.next();
        if (!token.is(kind)) {
            throw LeaseFileException.at(file, token.line(), what + " expected, not " + token.describe());
        }
    }
}
