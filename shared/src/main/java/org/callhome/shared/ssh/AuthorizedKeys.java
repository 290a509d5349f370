package org.callhome.shared.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
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
 * <b>not enforced</b>: the key alone decides. The one refused option is {@code cert-authority},
 * because it changes what the key means (a CA for user certificates, not a user key) and treating
 * it as a plain key would let the CA key log in. A word that is neither an option sshd knows nor a
 * key type is refused, as sshd refuses it: it is usually a known_hosts line given by mistake. A key
 * listed twice counts once. Immutable.
 */
public final class AuthorizedKeys {

    /** What a line looks like, as errors quote it. */
    static final String LINE_FORM =
            "'[options] <key-type> <base64-key> [comment]', such as 'ssh-ed25519 AAAA... nms@example'";

    /** The options sshd(8) knows (AUTHORIZED_KEYS FILE FORMAT), in lower case; sshd refuses any other. */
    private static final Set<String> OPTIONS = Set.of("agent-forwarding", "cert-authority", "command", "environment",
            "expiry-time", "from", "no-agent-forwarding", "no-port-forwarding", "no-pty", "no-user-rc",
            "no-x11-forwarding", "no-touch-required", "permitlisten", "permitopen", "port-forwarding", "principals",
            "pty", "restrict", "tunnel", "user-rc", "verify-required", "x11-forwarding");

    private final Map<String, PublicKey> keysByIdentity;

    private AuthorizedKeys(Map<String, PublicKey> keysByIdentity) {
        this.keysByIdentity = keysByIdentity;
    }

    /** @throws IOException {@code "<file>:<line>: <what is wrong>"}, or naming the file if it cannot be read */
    public static AuthorizedKeys load(Path file) throws IOException {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (TrustFileLine line : TrustFileLine.read(file, LINE_FORM)) {
            PublicKey key = parseLine(line);
            keys.putIfAbsent(KeyBlobs.identity(key), key);
        }
        return new AuthorizedKeys(keys);
    }

    /** @throws IllegalArgumentException for a key of an unsupported type */
    public static AuthorizedKeys of(List<PublicKey> keys) {
        Map<String, PublicKey> byIdentity = new LinkedHashMap<>();
        for (PublicKey key : keys) {
            byIdentity.putIfAbsent(KeyBlobs.identity(Objects.requireNonNull(key, "null key")), key);
        }
        return new AuthorizedKeys(byIdentity);
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

    private static PublicKey parseLine(TrustFileLine line) throws IOException {
        String text = line.text();
        if (!startsWithKeyType(text)) {
            int end = endOfOptions(line);
            checkOptions(line, text.substring(0, end));
            text = text.substring(end).strip();
        }
        try {
            return SshKeys.parsePublicKey(text);
        } catch (IllegalArgumentException e) {
            throw line.error(e.getMessage(), e);
        }
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

    private static void checkOptions(TrustFileLine line, String options) throws IOException {
        for (String option : splitAtUnquotedCommas(options)) {
            String name = option.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (name.equals("cert-authority")) {
                throw line.error("option cert-authority is not supported: list the user keys themselves");
            }
            if (!OPTIONS.contains(name)) {
                throw line.error(PeerText.quote(option) + " is neither a key type nor an authorized_keys "
                        + "option; a line must be " + LINE_FORM);
            }
        }
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
