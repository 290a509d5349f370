package org.callhome.shared.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.callhome.shared.text.DeviceIds;
import org.callhome.shared.text.PeerText;

/**
 * The device host keys the NMS trusts, pinned one per device: a known_hosts-format file whose host
 * field is a device id, {@code dev-17 ssh-ed25519 AAAA... [comment]}. RFC 8071 §3.1 wants the NMS
 * to identify a device by its key, never by its source address, so the mapping must be one-to-one
 * both ways: a device id listed twice or one key under two ids is an error naming both lines.
 *
 * <p>{@code #} comments and blank lines are skipped. What known_hosts can say but a pin cannot is
 * refused with its line number: hashed host names ({@code |1|...}), markers ({@code @cert-authority},
 * {@code @revoked}), host lists ({@code a,b}) and patterns ({@code *}, {@code ?}, {@code !}).
 * Immutable and safe to share between threads.
 */
public final class KnownDevices {

    /** What a line looks like, as errors quote it. */
    static final String LINE_FORM =
            "'<device-id> <key-type> <base64-key> [comment]', such as 'dev-17 ssh-ed25519 AAAA...'";

    private final Map<String, PublicKey> keysById;
    private final Map<String, String> idsByKey;

    private KnownDevices(Map<String, PublicKey> keysById, Map<String, String> idsByKey) {
        this.keysById = Collections.unmodifiableMap(keysById);
        this.idsByKey = idsByKey;
    }

    /** @throws IOException {@code "<file>:<line>: <what is wrong>"}, or naming the file if it cannot be read */
    public static KnownDevices load(Path file) throws IOException {
        Map<String, PublicKey> keysById = new LinkedHashMap<>();
        Map<String, String> idsByKey = new HashMap<>();
        Map<String, Integer> lineById = new HashMap<>();
        for (TrustFileLine line : TrustFileLine.read(file, LINE_FORM)) {
            String[] fields = line.text().split("\\s+", 2);
            String id = fields[0];
            // a public key line as ssh-keygen writes it (key data, an SSH string, starts with "AAAA"):
            // the device id is missing, and taking the key type for one would only confuse the next error
            if (fields.length == 2 && KeyBlobs.looksLikeKeyType(id) && fields[1].startsWith("AAAA")) {
                throw line.error("the line starts with the key type " + PeerText.quote(id)
                        + ", but a line must start with the device id: " + LINE_FORM);
            }
            String problem = problemWithId(id);
            if (problem != null) {
                throw line.error(problem);
            }
            if (fields.length < 2) {
                throw line.error("missing public key after device id " + PeerText.quote(id));
            }
            PublicKey key;
            try {
                key = SshKeys.parsePublicKey(fields[1]);
            } catch (IllegalArgumentException e) {
                throw line.error(e.getMessage(), e);
            }
            if (lineById.containsKey(id)) {
                throw line.error("device id '" + id + "' is already listed at line " + lineById.get(id));
            }
            String owner = idsByKey.putIfAbsent(KeyBlobs.identity(key), id);
            if (owner != null) {
                throw line.error("device '" + id + "' has the same key as device '" + owner + "' at line "
                        + lineById.get(owner) + "; each device needs its own key");
            }
            keysById.put(id, key);
            lineById.put(id, line.number());
        }
        return new KnownDevices(keysById, idsByKey);
    }

    /**
     * The devices of {@code devices}, in its iteration order.
     *
     * @throws IllegalArgumentException for an id that could not be written to the file, a key of an
     *     unsupported type, or one key under two ids
     */
    public static KnownDevices of(Map<String, PublicKey> devices) {
        Map<String, PublicKey> keysById = new LinkedHashMap<>();
        Map<String, String> idsByKey = new HashMap<>();
        devices.forEach((id, key) -> {
            Objects.requireNonNull(key, () -> "no key for device '" + id + "'");
            String problem = problemWithId(id);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            String owner = idsByKey.putIfAbsent(KeyBlobs.identity(key), id);
            if (owner != null) {
                throw new IllegalArgumentException("device '" + id + "' has the same key as device '" + owner
                        + "'; each device needs its own key");
            }
            keysById.put(id, key);
        });
        return new KnownDevices(keysById, idsByKey);
    }

    public Optional<PublicKey> keyOf(String deviceId) {
        return Optional.ofNullable(keysById.get(deviceId));
    }

    /** The device this key is pinned for, comparing key blobs (not Java objects). Empty for unsupported key types. */
    public Optional<String> deviceFor(PublicKey key) {
        try {
            return Optional.ofNullable(idsByKey.get(KeyBlobs.identity(key)));
        } catch (IllegalArgumentException unsupportedType) {
            return Optional.empty();
        }
    }

    /** Device id to key, in file order; unmodifiable. */
    public Map<String, PublicKey> asMap() {
        return keysById;
    }

    /** One {@code "<id> <type> <base64>\n"} line per device, in order; {@link #load} reads it back. */
    public String toFileText() {
        StringBuilder text = new StringBuilder();
        keysById.forEach((id, key) -> text.append(id).append(' ').append(SshKeys.toOpenSsh(key)).append('\n'));
        return text.toString();
    }

    /**
     * Why {@code id} cannot be a device id in the host field, or null if it can: what known_hosts could
     * say there but a pin cannot, named as such, then the one rule for device ids ({@link DeviceIds}),
     * which the API applies too.
     */
    public static String problemWithId(String id) {
        String problem = problemWithHostField(id);
        return problem != null ? problem : DeviceIds.problemWith(id);
    }

    /**
     * Why {@code id} cannot stand in a known_hosts host field as a name, or null if it can: a marker, a
     * hashed name, a list, a pattern, whitespace or a control character. Looser than {@link #problemWithId}:
     * it leaves the length and the characters of a name to whoever takes it as an id.
     */
    public static String problemWithHostField(String id) {
        if (id == null || id.isEmpty()) {
            return "empty device id";
        }
        if (id.startsWith("@")) {
            return "marker " + PeerText.shown(id)
                    + " is not supported: list each device's own key, without @cert-authority or @revoked";
        }
        if (id.startsWith("|")) {
            return "hashed host names (|1|...) are not supported: the first field must be the device id in clear";
        }
        if (id.contains(",")) {
            return PeerText.quote(id) + " lists several names: one device id per line";
        }
        if (id.chars().anyMatch(c -> c == '*' || c == '?' || c == '!')) {
            return PeerText.quote(id)
                    + " is a host pattern: patterns are not supported, the first field must be a device id";
        }
        if (id.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == '#')) {
            return "device id " + PeerText.quote(id) + " contains whitespace, a control character or '#'";
        }
        return null;
    }
}
