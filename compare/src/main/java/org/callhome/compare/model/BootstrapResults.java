package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The bootstrap dimension (RFC 8572) of one run: a zero-touch bootstrap executed per strategy and
 * trust model (each {@link ZeroTouchResult} names its own), and the bootstrap security scenarios,
 * each a {@link SecurityResult} per strategy, under {@code trust}: the scenarios attack the SZTP
 * artifacts (vouchers, owner certificates, IDevIDs), which no trust model of the NMS's keys changes.
 */
public record BootstrapResults(TrustModel trust, List<ZeroTouchResult> zeroTouch, List<SecurityResult> security) {

    public BootstrapResults {
        Objects.requireNonNull(trust, "trust");
        zeroTouch = List.copyOf(zeroTouch);
        security = List.copyOf(security);
    }

    public JsonObject toJson() {
        JsonArray runs = new JsonArray();
        zeroTouch.forEach(result -> runs.add(result.toJson()));
        JsonArray scenarios = new JsonArray();
        security.forEach(result -> scenarios.add(result.toJson()));
        return new JsonObject().put("trust", trust.wireName()).put("zeroTouch", runs).put("security", scenarios);
    }
}
