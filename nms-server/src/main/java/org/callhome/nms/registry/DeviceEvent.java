package org.callhome.nms.registry;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One change the registry publishes, as the event stream sends it: its kind and a JSON body,
 * numbered from 1 in the order published (the stream's {@code id:}), so that a client holding
 * recent events can tell which streamed ones it already has.
 */
public record DeviceEvent(long sequence, Kind kind, JsonObject data) {

    /**
     * What happened. The wire name is the stream's {@code event:} line and the body's {@code type};
     * the dashboard ({@code webroot/app.js}) has a case for each.
     */
    public enum Kind {
        /** A device was trusted through the API; {@code data.device} is its entry now. */
        APPROVED("approved"),
        /** A device's trust was withdrawn and its entry forgotten. */
        REVOKED("revoked"),
        /** A key was refused: unknown, not the device's, or its device already connected. */
        REJECTED("rejected"),
        /** A known device failed the SSH login or the NETCONF hello. */
        AUTH_FAILED("auth-failed"),
        /** A device's NETCONF session is up. */
        CONNECTED("connected"),
        /** A device's NETCONF session ended. */
        DISCONNECTED("disconnected"),
        /** An RPC sent through the API finished; it changes no device. */
        RPC("rpc"),
        /**
         * A device asked the zero-touch bootstrap server for its bootstrapping data, or reported its
         * progress (RFC 8572); {@code data} has its {@code serial}, {@code progressType} and {@code message}.
         */
        BOOTSTRAP_PROGRESS("bootstrap-progress");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public DeviceEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(data, "data");
    }

    /** The wire name of its kind, as the stream's {@code event:} line says it. */
    public String type() {
        return kind.wireName();
    }
}
