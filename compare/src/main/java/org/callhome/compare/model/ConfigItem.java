package org.callhome.compare.model;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One configuration parameter a side needed in the run, as recorded where the run created it and
 * handed it to the component that used it.
 *
 * @param name   what it is, e.g. "NMS host key (pinned)"
 * @param secret whether disclosing it lets someone impersonate its holder (a private key)
 * @param perDevice whether each device needs its own value (on the NMS: one entry per device)
 * @param origin where the value comes from
 * @param values how many values of it the side held in this run (per-device items on the NMS: N)
 */
public record ConfigItem(Side side, String name, boolean secret, boolean perDevice, Origin origin, int values) {

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

    public ConfigItem {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
    }

    public JsonObject toJson() {
        return new JsonObject().put("side", side.wireName()).put("name", name).put("secret", secret)
                .put("perDevice", perDevice).put("origin", origin.name()).put("originText", origin.text())
                .put("values", values);
    }
}
