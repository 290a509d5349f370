package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The bootstrap dimension (RFC 8572) of one run: a zero-touch bootstrap executed per strategy, and
 * the bootstrap security scenarios, each a {@link SecurityResult} per strategy, all under
 * {@code trust} (the keys the conveyed configuration pins are the NMS's).
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
