package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;
import org.callhome.compare.model.ConfigItem.Origin;
import org.callhome.compare.model.ConfigItem.Side;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The configuration one strategy needed in the run, on both sides, from the items the run
 * recorded as it set the devices and the NMS up (never from a table typed in).
 */
public record ConfigBurden(CallHomeStrategy strategy, int devices, List<ConfigItem> items) {

    public ConfigBurden {
        items = List.copyOf(items);
    }

    /** Distinct parameters a side needs (per device, for the device side). */
    public long parameters(Side side) {
        return count(item -> item.side() == side);
    }

    public long secrets(Side side) {
        return count(item -> item.side() == side && item.secret());
    }

    /** Parameters whose value must differ per device. */
    public long uniquePerDevice(Side side) {
        return count(item -> item.side() == side && item.perDevice());
    }

    /** Values the NMS holds for {@code n} devices: its shared items once, its per-device items n times. */
    public long nmsValuesFor(long n) {
        return items.stream().filter(item -> item.side() == Side.NMS)
                .mapToLong(item -> item.perDevice() ? n : 1).sum();
    }

    /** Secret values the NMS holds for {@code n} devices. */
    public long nmsSecretValuesFor(long n) {
        return items.stream().filter(item -> item.side() == Side.NMS && item.secret())
                .mapToLong(item -> item.perDevice() ? n : 1).sum();
    }

    /** What a zero-touch bootstrap has to convey to each device. */
    public List<ConfigItem> bootstrap() {
        return items.stream().filter(item -> item.origin() == Origin.CONVEYED_TO_DEVICE).toList();
    }

    public long bootstrapSecrets() {
        return bootstrap().stream().filter(ConfigItem::secret).count();
    }

    private long count(Predicate<ConfigItem> condition) {
        return items.stream().filter(condition).count();
    }

    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        items.forEach(item -> array.add(item.toJson()));
        return new JsonObject().put("strategy", strategy.wireName()).put("devices", devices).put("items", array)
                .put("deviceParameters", parameters(Side.DEVICE)).put("deviceSecrets", secrets(Side.DEVICE))
                .put("deviceUniquePerDevice", uniquePerDevice(Side.DEVICE))
                .put("nmsParameters", parameters(Side.NMS)).put("nmsSecrets", secrets(Side.NMS))
                .put("nmsUniquePerDevice", uniquePerDevice(Side.NMS))
                .put("nmsValuesForDevices", nmsValuesFor(devices))
                .put("nmsValuesFor1000", nmsValuesFor(1000))
                .put("nmsSecretValuesFor1000", nmsSecretValuesFor(1000))
                .put("bootstrapItems", bootstrap().size()).put("bootstrapSecrets", bootstrapSecrets());
    }
}
