package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.callhome.compare.model.ConfigItem.Kind;
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

    /**
     * The values the NMS holds for {@code n} devices by kind, in the order of {@link Kind}; kinds
     * it holds none of are left out.
     */
    public Map<Kind, Long> nmsValuesByKind(long n) {
        Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
        items.stream().filter(item -> item.side() == Side.NMS)
                .forEach(item -> byKind.merge(item.kind(), item.perDevice() ? n : 1, Long::sum));
        return byKind;
    }

    /** Values on the NMS for {@code n} devices that let their holder log in to the NMS. */
    public long nmsLoginsFor(long n) {
        return nmsValuesByKind(n).entrySet().stream().filter(entry -> entry.getKey().grantsLogin())
                .mapToLong(Map.Entry::getValue).sum();
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
                .put("nmsValuesByKindForDevices", byKindJson(devices))
                .put("nmsValuesByKindFor1000", byKindJson(1000))
                .put("nmsLoginsFor1000", nmsLoginsFor(1000))
                .put("bootstrapItems", bootstrap().size()).put("bootstrapSecrets", bootstrapSecrets());
    }

    private JsonObject byKindJson(long n) {
        JsonObject json = new JsonObject();
        nmsValuesByKind(n).forEach((kind, count) -> json.put(kind.name(), count));
        return json;
    }
}
