package org.callhome.compare.model;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Objects;

/**
 * One configuration parameter a side needed in the run, as recorded where the run created it and
 * handed it to the component that used it.
 *
 * @param name   what it is, e.g. "NMS host key (pinned)"
 * @param kind   what sort of value it is, and what holding it grants
 * @param secret whether disclosing it lets someone impersonate its holder (a private key)
 * @param perDevice whether each device needs its own value (on the NMS: one entry per device)
 * @param origin where the value comes from
 * @param values how many values of it the side held in this run (per-device items on the NMS: N)
 * @param optional whether the side works without it: a value that narrows what it accepts, such as
 *                 the NMS's list of expected device ids (RFC 8071 C6: without it, any identity a
 *                 trusted CA vouches for is accepted); the counts of what a side needs leave it out
 */
public record ConfigItem(Side side, String name, Kind kind, boolean secret, boolean perDevice, Origin origin,
                         int values, boolean optional) {

    /** The side holding the parameter. */
    public enum Side {
        DEVICE("device"), NMS("nms");

        private final String wireName;

        Side(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** Where a parameter's value comes from. */
    public enum Origin {
        /** Made by the device itself (a key pair generated on first start). */
        GENERATED_ON_DEVICE("generated on the device"),
        /** Must reach the device from outside: what a zero-touch bootstrap would have to convey. */
        CONVEYED_TO_DEVICE("conveyed to the device"),
        /** Set up on the NMS by its operator. */
        NMS_LOCAL("set up on the NMS"),
        /** Must reach the NMS from each device (a device's public key). */
        LEARNED_FROM_DEVICE("learned from the device");

        private final String text;

        Origin(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * What sort of value a parameter is. Equal counts of values can carry different risks: a
     * pinned public key only lets its holder recognise a peer, while a login account lets the
     * holder of the matching private key in.
     */
    public enum Kind {
        ADDRESS("address", "addresses", false),
        NAME("name", "names", false),
        SETTINGS("settings", "settings", false),
        PRIVATE_KEY("private key", "private keys", false),
        /**
         * The holder's own certificate (an OpenSSH host or user certificate, or an X.509 chain in
         * PEM): a CA's signature over its public key and names, shown to peers; it grants the holder
         * nothing.
         */
        CERTIFICATE("certificate", "certificates", false),
        /** A peer's public key kept to recognise it (known_hosts, a pinned host key). */
        PINNED_KEY("pinned public key (grants nothing)", "pinned public keys (grant nothing)", false),
        /**
         * A certificate authority's public key kept to recognise every peer it certifies
         * ({@code @cert-authority} in known_hosts, the NMS's device CA; for X.509 the CA's PEM
         * certificate, which carries that key): one value stands for a whole fleet, and, like a
         * pinned key, lets no one in.
         */
        CA_KEY("CA public key (vouches for many)", "CA public keys (vouch for many)", false),
        /** An account whose key logs in to the side holding it (authorized_keys, an SSH account). */
        LOGIN_ACCOUNT("login account (grants a login)", "login accounts (grant a login)", true),
        /**
         * A certificate authority trusted for logins ({@code cert-authority} in authorized_keys or a
         * PEM CA certificate in a device's account file, an NMS's device CA for device logins): like a login account, but for every key it certifies,
         * so one value grants as many logins as the CA signs.
         */
        LOGIN_CA("login CA (grants a login to every key it certifies)",
                "login CAs (grant a login to every key they certify)", true);

        private final String text;
        private final String plural;
        private final boolean grantsLogin;

        Kind(String text, String plural, boolean grantsLogin) {
            this.text = text;
            this.plural = plural;
            this.grantsLogin = grantsLogin;
        }

        public String text() {
            return text;
        }

        /** The text for {@code count} values, e.g. "1,000 login accounts (grant a login)". */
        public String count(long count) {
            return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? text : plural);
        }

        /** Whether the holder of the matching private key can log in to the side that holds this value. */
        public boolean grantsLogin() {
            return grantsLogin;
        }
    }

    public ConfigItem {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(origin, "origin");
    }

    /** A parameter the side cannot work without. */
    public ConfigItem(Side side, String name, Kind kind, boolean secret, boolean perDevice, Origin origin,
                      int values) {
        this(side, name, kind, secret, perDevice, origin, values, false);
    }

    public JsonObject toJson() {
        return new JsonObject().put("side", side.wireName()).put("name", name).put("kind", kind.name())
                .put("kindText", kind.text()).put("secret", secret)
                .put("perDevice", perDevice).put("origin", origin.name()).put("originText", origin.text())
                .put("values", values).put("optional", optional);
    }
}
