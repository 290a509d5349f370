package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The bootstrap dimension (RFC 8572) of one run: a zero-touch bootstrap executed per strategy and
 * trust model (each {@link ZeroTouchResult} names its own), and the bootstrap security scenarios,
 * each a {@link SecurityResult} per strategy, under {@code trust}: the scenarios attack the SZTP
 * artifacts (vouchers, owner certificates, IDevIDs), which no trust model of the NMS's keys changes.
 * The dimension runs for the strategies of {@link #STRATEGIES} only ({@link #whyNot} says why).
 */
public record BootstrapResults(TrustModel trust, List<ZeroTouchResult> zeroTouch, List<SecurityResult> security) {

    /**
     * The strategies a zero-touch bootstrap runs for: the bootstrap server conveys SSH call-home
     * configurations only, and nms-server refuses {@code --bootstrap-strategy tls}.
     */
    public static final List<CallHomeStrategy> STRATEGIES = List.of(CallHomeStrategy.REVERSE_SSH,
            CallHomeStrategy.DEVICE_SSH_CLIENT);

    public BootstrapResults {
        Objects.requireNonNull(trust, "trust");
        zeroTouch = List.copyOf(zeroTouch);
        security = List.copyOf(security);
    }

    /** Whether the bootstrap dimension runs for {@code strategy}. */
    public static boolean appliesTo(CallHomeStrategy strategy) {
        return STRATEGIES.contains(strategy);
    }

    /** Why the bootstrap dimension does not run for {@code strategy}, for a report; empty when it does. */
    public static String whyNot(CallHomeStrategy strategy) {
        return appliesTo(strategy) ? "" : "zero-touch bootstrap conveys SSH call-home configurations only "
                + "(nms-server refuses --bootstrap-strategy " + strategy.wireName() + "); "
                + strategy.wireName() + " is not built for it yet";
    }

    public JsonObject toJson() {
        JsonArray runs = new JsonArray();
        zeroTouch.forEach(result -> runs.add(result.toJson()));
        JsonArray scenarios = new JsonArray();
        security.forEach(result -> scenarios.add(result.toJson()));
        return new JsonObject().put("trust", trust.wireName()).put("zeroTouch", runs).put("security", scenarios);
    }
}
