package org.callhome.nms.trust;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.text.WireNamed;
import org.callhome.shared.text.WireNames;

/**
 * One trusted device, as the store keeps it and the API shows it.
 *
 * @param key         its SSH host key (reverse-ssh) or login key (device-ssh-client)
 * @param credentials what the NMS logs in with instead of its defaults (reverse-ssh), or null
 * @param notes       the operator's text, or null
 */
public record TrustedDevice(String id, CallHomeStrategy strategy, PublicKey key, String fingerprint,
                            NmsCredentials credentials, String notes, Instant trustedAt, Source source) {

    /** Where a trusted device came from, which decides what may change or drop it. */
    public enum Source implements WireNamed {
        /** Listed in the trust file of its strategy: follows that file. */
        TRUST_FILE("trust-file", "from a trust file"),
        /** Approved through the API: stays until it is revoked. */
        API("api", "approved through the API"),
        /**
         * Learnt at the end of a zero-touch bootstrap (RFC 8572 bootstrap-complete): the SSH host key a
         * reverse-ssh device reported, or the IDevID key a tls device proved with the report: stays until
         * it is revoked.
         */
        ZERO_TOUCH("zero-touch", "reported by zero-touch bootstrap");

        private final String wireName;
        private final String origin;

        Source(String wireName, String origin) {
            this.wireName = wireName;
            this.origin = origin;
        }

        @Override
        public String wireName() {
            return wireName;
        }

        /** How a message names where a device of this source came from. */
        String origin() {
            return origin;
        }

        static Source fromWireName(String name) {
            return WireNames.lookup(Source.class, name, "source");
        }
    }

    public TrustedDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(trustedAt, "trustedAt");
        Objects.requireNonNull(source, "source");
    }

    /** What the API and the file show: public key, fingerprint, credential names; never a private key. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("strategy", strategy.wireName())
                .put("publicKey", SshKeys.toOpenSsh(key))
                .put("fingerprint", fingerprint)
                .put("nmsUsername", credentials == null ? null : credentials.username())
                .put("nmsIdentityFile", credentials == null ? null
                        : credentials.identityPath().map(Path::toString).orElse(null))
                .put("notes", notes)
                .put("trustedAt", trustedAt.toString())
                .put("source", source.wireName());
    }
}
