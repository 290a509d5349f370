package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * How tls keeps a call-home connection's liveness in check, against RFC 8071 §7, which asks a TLS
 * call-home connection for TLS heartbeats (RFC 6520), as the run probed it: whether the device's
 * TLS server negotiated the heartbeat extension a client offered, what the device's configuration
 * reader says of a configuration asking for heartbeats, and what the run's connections use instead.
 *
 * @param protocol              the protocol of the probe's handshake (TLSv1.2: its ServerHello is in
 *                              clear, so its extensions can be read)
 * @param heartbeatNegotiated   whether the device's ServerHello carried the heartbeat extension (15)
 * @param serverHelloExtensions the extension types of the device's ServerHello, as numbers
 * @param configRefusal         device-client's refusal of a configuration asking for TLS keepalives,
 *                              as it printed it; empty when it accepted the configuration
 * @param instead               what the run's tls devices used: TCP keepalives with the call-home
 *                              keepalive settings, read off their settings
 * @param evidence              what was sent and observed, line by line
 */
public record LivenessResult(String protocol, boolean heartbeatNegotiated, List<Integer> serverHelloExtensions,
                             String configRefusal, String instead, List<String> evidence) {

    /** The extension type of heartbeat (RFC 6520 §2). */
    public static final int HEARTBEAT_EXTENSION = 15;

    public LivenessResult {
        Objects.requireNonNull(protocol, "protocol");
        serverHelloExtensions = List.copyOf(serverHelloExtensions);
        Objects.requireNonNull(configRefusal, "configRefusal");
        Objects.requireNonNull(instead, "instead");
        evidence = List.copyOf(evidence);
    }

    /** Whether tls deviates from RFC 8071 §7 here: no TLS heartbeat could be negotiated. */
    public boolean deviates() {
        return !heartbeatNegotiated;
    }

    public JsonObject toJson() {
        return new JsonObject().put("protocol", protocol).put("heartbeatNegotiated", heartbeatNegotiated)
                .put("serverHelloExtensions", new JsonArray(List.copyOf(serverHelloExtensions)))
                .put("configRefusal", configRefusal).put("instead", instead).put("deviates", deviates())
                .put("evidence", new JsonArray(List.copyOf(evidence)));
    }
}
