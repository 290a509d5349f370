package org.callhome.shared.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.callhome.shared.text.PeerText;

/**
 * The user keys a server accepts (the device in reverse-ssh: the NMS's key; the NMS in
 * device-ssh-client: the devices' keys), read from an OpenSSH authorized_keys file: one public key
 * per line, {@code [options] <type> <base64> [comment]}; {@code #} comments and blank lines skipped.
 *
 * <p>Options such as {@code from="10.0.0.0/8",no-pty} are accepted so existing files load, but
 * <b>not enforced</b>: the key alone decides. The exception is {@code cert-authority}, which changes
 * what the key means: a CA whose user certificates may log in, never a user key itself. Such a line
 * is kept apart ({@link #certAuthorities()}, never in {@link #keys()} or {@link #contains}), with its
 * {@code principals="a,b"} option if it has one; {@code principals} on a line without
 * {@code cert-authority} is refused, as it could only be a mistake. A word that is neither an option
 * sshd knows nor a key type is refused, as sshd refuses it: it is usually a known_hosts line given
 * by mistake. A key listed twice counts once. Immutable.
 */
public final class AuthorizedKeys {

    /** What a line looks like, as errors quote it. */
    static final String LINE_FORM =
            "'[options] <key-type> <base64-key> [comment]', such as 'ssh-ed25519 AAAA... nms@example'";

    /** The options sshd(8) knows (AUTHORIZED_KEYS FILE FORMAT), in lower case; sshd refuses any other. */
    private static final String CERT_AUTHORITY = "cert-authority";
    private static final String PRINCIPALS = "principals";

    private static final Set<String> OPTIONS = Set.of("agent-forwarding", "cert-authority", "command", "environment",
            "expiry-time", "from", "no-agent-forwarding", "no-port-forwarding", "no-pty", "no-user-rc",
            "no-x11-forwarding", "no-touch-required", "permitlisten", "permitopen", "port-forwarding", "principals",
            "pty", "restrict", "tunnel", "user-rc", "verify-required", "x11-forwarding");

    /**
     * A {@code cert-authority} line: user certificates signed by {@code key} may log in. As sshd
     * reads it, such a certificate must name one of {@code principals}, or the login name itself
     * when the line has no {@code principals} option ({@code principals} empty).
     *
     * @param where {@code <file>:<line>}, for logs
     */
    public record CertAuthority(PublicKey key, List<String> principals, String where) {
        public CertAuthority {
            Objects.requireNonNull(key, "key");
            principals = List.copyOf(principals);
            Objects.requireNonNull(where, "where");
        }
    }

    private final Map<String, PublicKey> keysByIdentity;
    private final List<CertAuthority> certAuthorities;

    private AuthorizedKeys(Map<String, PublicKey> keysByIdentity, List<CertAuthority> certAuthorities) {
        this.keysByIdentity = keysByIdentity;
        this.certAuthorities = List.copyOf(certAuthorities);
    }

    /** @throws IOException {@code "<file>:<line>: <what is wrong>"}, or naming the file if it cannot be read */
    public static AuthorizedKeys load(Path file) throws IOException {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        List<CertAuthority> authorities = new ArrayList<>();
        for (TrustFileLine line : TrustFileLine.read(file, LINE_FORM)) {
            parseLine(line, keys, authorities);
        }
        return new AuthorizedKeys(keys, authorities);
    }

    /** @throws IllegalArgumentException for a key of an unsupported type */
    public static AuthorizedKeys of(List<PublicKey> keys) {
        Map<String, PublicKey> byIdentity = new LinkedHashMap<>();
        for (PublicKey key : keys) {
            byIdentity.putIfAbsent(KeyBlobs.identity(Objects.requireNonNull(key, "null key")), key);
        }
        return new AuthorizedKeys(byIdentity, List.of());
    }

    /** Whether this key is listed, comparing key blobs (not Java objects). False for unsupported key types. */
    public boolean contains(PublicKey key) {
        try {
            return keysByIdentity.containsKey(KeyBlobs.identity(key));
        } catch (IllegalArgumentException unsupportedType) {
            return false;
        }
    }

    /** The keys in file order, each once; unmodifiable. */
    public List<PublicKey> keys() {
        return Collections.unmodifiableList(new ArrayList<>(keysByIdentity.values()));
    }

    /** The {@code cert-authority} lines, in file order. */
    public List<CertAuthority> certAuthorities() {
        return certAuthorities;
    }

    private static void parseLine(TrustFileLine line, Map<String, PublicKey> keys, List<CertAuthority> authorities)
            throws IOException {
        String text = line.text();
        Map<String, String> options = Map.of();
        if (!startsWithKeyType(text)) {
            int end = endOfOptions(line);
            options = checkOptions(line, text.substring(0, end));
            text = text.substring(end).strip();
        }
        PublicKey key;
        try {
            key = SshKeys.parsePublicKey(text);
        } catch (IllegalArgumentException e) {
            throw line.error(e.getMessage(), e);
        }
        if (options.containsKey(CERT_AUTHORITY)) {
            List<String> principals = options.containsKey(PRINCIPALS)
                    ? principals(line, options.get(PRINCIPALS)) : List.of();
            authorities.add(new CertAuthority(key, principals, line.file() + ":" + line.number()));
        } else if (options.containsKey(PRINCIPALS)) {
            throw line.error("option principals applies to cert-authority lines only: add cert-authority to trust "
                    + "this key as a CA, or remove principals to list it as a user key");
        } else {
            keys.putIfAbsent(KeyBlobs.identity(key), key);
        }
    }

    /** The names of {@code principals="a,b"}, none empty; {@code value} is null for a bare {@code principals}. */
    private static List<String> principals(TrustFileLine line, String value) throws IOException {
        if (value == null || value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            throw line.error("option principals needs a quoted list, such as principals=\"nms,nms-backup\"");
        }
        List<String> names = new ArrayList<>();
        for (String name : value.substring(1, value.length() - 1).replace("\\\"", "\"").split(",", -1)) {
            if (name.isBlank()) {
                throw line.error("option principals has an empty name in " + PeerText.quote(value));
            }
            names.add(name.strip());
        }
        return names;
    }

    /**
     * Whether the first word is a key type (ours or another, e.g. {@code ssh-dss}) rather than
     * options, so an unsupported type is reported as such: option names never start like key types.
     */
    private static boolean startsWithKeyType(String text) {
        return KeyBlobs.looksLikeKeyType(text.split("\\s", 2)[0]);
    }

    private static int endOfOptions(TrustFileLine line) throws IOException {
        int end = indexOfUnquoted(line.text(), 0, " \t");
        if (end < 0) {
            throw line.error("unterminated quote in the options");
        }
        if (end == line.text().length()) {
            throw line.error("missing public key after the options");
        }
        return end;
    }

    /** The options by lower-case name, each with its value as written (null for a flag). */
    private static Map<String, String> checkOptions(TrustFileLine line, String options) throws IOException {
        Map<String, String> byName = new HashMap<>();
        for (String option : splitAtUnquotedCommas(options)) {
            String[] parts = option.split("=", 2);
            String name = parts[0].toLowerCase(Locale.ROOT);
            if (!OPTIONS.contains(name)) {
                throw line.error(PeerText.quote(option) + " is neither a key type nor an authorized_keys "
                        + "option; a line must be " + LINE_FORM);
            }
            byName.put(name, parts.length > 1 ? parts[1] : null);
        }
        return byName;
    }

    /** {@code from="a,b",no-pty} has two options: commas inside double quotes belong to the value. */
    private static List<String> splitAtUnquotedCommas(String options) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int comma = indexOfUnquoted(options, 0, ","); comma >= 0 && comma < options.length();
                comma = indexOfUnquoted(options, start, ",")) {
            parts.add(options.substring(start, comma));
            start = comma + 1;
        }
        parts.add(options.substring(start));
        return parts;
    }

    /**
     * Index of the first of {@code stops} outside double quotes, from {@code from} on; the text's
     * length if there is none; -1 if a quote is still open at the end. Inside quotes {@code \"} is
     * an escaped quote, as OpenSSH reads it.
     */
    private static int indexOfUnquoted(String text, int from, String stops) {
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && stops.indexOf(c) >= 0) {
                return i;
            }
        }
        return quoted ? -1 : text.length();
    }
}
