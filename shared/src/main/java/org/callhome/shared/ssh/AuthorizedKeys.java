package org.callhome.shared.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The user keys a server accepts (the device in reverse-ssh: the NMS's key; the NMS in
 * device-ssh-client: the devices' keys), read from an OpenSSH authorized_keys file: one public key
 * per line, {@code [options] <type> <base64> [comment]}; {@code #} comments and blank lines skipped.
 *
 * <p>Options such as {@code from="10.0.0.0/8",no-pty} are accepted so existing files load, but
 * <b>not enforced</b>: the key alone decides. The one refused option is {@code cert-authority},
 * because it changes what the key means (a CA for user certificates, not a user key) and treating
 * it as a plain key would let the CA key log in. A key listed twice counts once. Immutable.
 */
public final class AuthorizedKeys {

    private static final List<String> KEY_TYPE_PREFIXES = List.of("ssh-", "ecdsa-", "sk-", "rsa-", "x509v3-");

    private final Map<String, PublicKey> keysByIdentity;

    private AuthorizedKeys(Map<String, PublicKey> keysByIdentity) {
        this.keysByIdentity = keysByIdentity;
    }

    /** @throws IOException {@code "<file>:<line>: <what is wrong>"}, or naming the file if it cannot be read */
    public static AuthorizedKeys load(Path file) throws IOException {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (TrustFileLine line : TrustFileLine.read(file)) {
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
            if (text.isEmpty()) {
                throw line.error("missing public key after the options");
            }
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
        String first = text.split("\\s", 2)[0];
        return !first.contains("=") && !first.contains("\"") && KEY_TYPE_PREFIXES.stream().anyMatch(first::startsWith);
    }

    /** Index of the first unquoted blank; inside double quotes {@code \"} is an escaped quote (as OpenSSH reads it). */
    private static int endOfOptions(TrustFileLine line) throws IOException {
        String text = line.text();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                return i;
            }
        }
        throw line.error(quoted ? "unterminated quote in the options" : "missing public key after the options");
    }

    private static void checkOptions(TrustFileLine line, String options) throws IOException {
        for (String option : options.split(",")) {
            if (option.strip().equalsIgnoreCase("cert-authority")) {
                throw line.error("option cert-authority is not supported: list the user keys themselves");
            }
        }
    }
}
