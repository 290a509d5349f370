package org.callhome.nms.bootstrap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The devices the bootstrap server knows: those that asked for bootstrapping data and what they
 * reported, and the per-device strategy overrides set through the API ({@code /api/bootstrap}).
 * Bounded: at most {@link #MAX_DEVICES} devices, the last {@link #MAX_REPORTS} reports of each.
 * Thread-safe: each device is an immutable record replaced atomically, written from the bootstrap
 * server's event loop and the API's.
 */
public final class BootstrapDevices {

    public static final int MAX_DEVICES = 10_000;
    public static final int MAX_REPORTS = 20;

    /** One report, as received. */
    record Report(Instant at, String progressType, Optional<String> message) {
        JsonObject toJson() {
            return new JsonObject().put("at", at.toString()).put("progressType", progressType)
                    .put("message", message.orElse(null));
        }
    }

    /** One device, as last seen. */
    record Device(String serial, Optional<CallHomeStrategy> strategy, Optional<Instant> askedAt,
                  Optional<JsonObject> asked, Optional<String> outcome, List<Report> reports) {
        static Device of(String serial) {
            return new Device(serial, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of());
        }
    }

    private final CallHomeStrategy defaultStrategy;
    private final Predicate<CallHomeStrategy> served;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();

    /** @param served whether the NMS serves a strategy, so that devices may be given it */
    public BootstrapDevices(CallHomeStrategy defaultStrategy, Predicate<CallHomeStrategy> served) {
        this.defaultStrategy = Objects.requireNonNull(defaultStrategy, "defaultStrategy");
        this.served = Objects.requireNonNull(served, "served");
        if (!served.test(defaultStrategy)) {
            throw new IllegalArgumentException("the default bootstrap strategy " + defaultStrategy.wireName()
                    + " is not served");
        }
    }

    public CallHomeStrategy defaultStrategy() {
        return defaultStrategy;
    }

    /** The strategy device {@code serial} is bootstrapped for: its override, else the default. */
    public CallHomeStrategy strategyOf(String serial) {
        Device device = devices.get(serial);
        return device == null ? defaultStrategy : device.strategy().orElse(defaultStrategy);
    }

    /**
     * Gives {@code serial} its own strategy.
     *
     * @return the device as the API shows it
     * @throws IllegalArgumentException for a serial number the bootstrap server would never see, a
     *                                  strategy the NMS does not serve, or too many devices
     */
    public JsonObject override(String serial, CallHomeStrategy strategy) {
        if (serial == null || !serial.matches(IdevidCheck.SERIAL_PATTERN)) {
            throw new IllegalArgumentException("a serial number is 1 to 64 characters: letters, digits and ._- ,"
                    + " starting with a letter or digit");
        }
        if (!served.test(strategy)) {
            throw new IllegalArgumentException("the NMS does not serve " + strategy.wireName()
                    + " (see --mode)");
        }
        return toJson(update(serial, device -> new Device(serial, Optional.of(strategy), device.askedAt(),
                device.asked(), device.outcome(), device.reports())));
    }

    /** Records a request for bootstrapping data and how it was answered. */
    void asked(String serial, BootstrapInput input, String outcome, Instant now) {
        JsonObject asked = new JsonObject().put("hwModel", input.hwModel().orElse(null))
                .put("osName", input.osName().orElse(null)).put("osVersion", input.osVersion().orElse(null))
                .put("nonce", input.nonce().isPresent()).put("signedDataPreferred", input.signedDataPreferred());
        update(serial, device -> new Device(serial, device.strategy(), Optional.of(now), Optional.of(asked),
                Optional.of(outcome), device.reports()));
    }

    /** Records a progress report, keeping the last {@link #MAX_REPORTS}. */
    void reported(String serial, ProgressReport report, Instant now) {
        update(serial, device -> {
            List<Report> reports = new ArrayList<>(device.reports());
            reports.add(new Report(now, report.progressType(), report.message()));
            while (reports.size() > MAX_REPORTS) {
                reports.remove(0);
            }
            return new Device(serial, device.strategy(), device.askedAt(), device.asked(), device.outcome(),
                    List.copyOf(reports));
        });
    }

    /** Whether {@code serial} can be recorded: it is known, or there is room for one more. */
    boolean hasRoomFor(String serial) {
        return devices.containsKey(serial) || devices.size() < MAX_DEVICES;
    }

    private Device update(String serial, UnaryOperator<Device> change) {
        if (!hasRoomFor(serial)) {
            throw new IllegalArgumentException("the bootstrap server keeps at most " + MAX_DEVICES + " devices");
        }
        return devices.compute(serial, (key, device) -> change.apply(device == null ? Device.of(serial) : device));
    }

    /** {@code GET /api/bootstrap}: the default strategy and every device, by serial number. */
    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        new TreeMap<>(devices).values().forEach(device -> list.add(toJson(device)));
        return new JsonObject().put("defaultStrategy", defaultStrategy.wireName()).put("devices", list);
    }

    private JsonObject toJson(Device device) {
        JsonArray reports = new JsonArray();
        device.reports().forEach(report -> reports.add(report.toJson()));
        return new JsonObject().put("serial", device.serial())
                .put("strategy", device.strategy().orElse(defaultStrategy).wireName())
                .put("strategyOverridden", device.strategy().isPresent())
                .put("askedAt", device.askedAt().map(Instant::toString).orElse(null))
                .put("asked", device.asked().orElse(null))
                .put("outcome", device.outcome().orElse(null))
                .put("reports", reports);
    }
}
