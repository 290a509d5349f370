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
 * recorded as it set the devices and the NMS up (never from a table typed in). Every count of what
 * a side needs counts its required items only; the {@linkplain ConfigItem#optional optional} ones,
 * which a side works without, are counted apart.
 */
public record ConfigBurden(CallHomeStrategy strategy, int devices, List<ConfigItem> items) {

    public ConfigBurden {
        items = List.copyOf(items);
    }

    /** Distinct parameters a side needs (per device, for the device side). */
    public long parameters(Side side) {
        return count(item -> required(item, side));
    }

    /** Distinct parameters a side may be given but works without. */
    public long optionalParameters(Side side) {
        return count(item -> item.side() == side && item.optional());
    }

    public long secrets(Side side) {
        return count(item -> required(item, side) && item.secret());
    }

    /** Parameters whose value must differ per device. */
    public long uniquePerDevice(Side side) {
        return count(item -> required(item, side) && item.perDevice());
    }

    /** Values the NMS needs for {@code n} devices: its shared items once, its per-device items n times. */
    public long nmsValuesFor(long n) {
        return valuesFor(n, item -> required(item, Side.NMS));
    }

    /** Of {@link #nmsValuesFor}, the values that are one per device: what grows with the fleet. */
    public long nmsPerDeviceValuesFor(long n) {
        return valuesFor(n, item -> required(item, Side.NMS) && item.perDevice());
    }

    /** Whether what the NMS needs grows with the number of devices (O(N)), rather than staying the same (O(1)). */
    public boolean nmsGrowsWithDevices() {
        return uniquePerDevice(Side.NMS) > 0;
    }

    /** Optional values the NMS may hold for {@code n} devices, e.g. a list of expected device ids. */
    public long nmsOptionalValuesFor(long n) {
        return valuesFor(n, item -> item.side() == Side.NMS && item.optional());
    }

    /** The optional items of the NMS. */
    public List<ConfigItem> nmsOptional() {
        return items.stream().filter(item -> item.side() == Side.NMS && item.optional()).toList();
    }

    /** Values the NMS needs from each device (a device's public key): what enrolling a device has to carry to it. */
    public long nmsLearnedFromEachDevice() {
        return count(item -> required(item, Side.NMS) && item.origin() == Origin.LEARNED_FROM_DEVICE);
    }

    /**
     * The values the NMS needs for {@code n} devices by kind, in the order of {@link Kind}; kinds
     * it holds none of are left out.
     */
    public Map<Kind, Long> nmsValuesByKind(long n) {
        Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
        items.stream().filter(item -> required(item, Side.NMS))
                .forEach(item -> byKind.merge(item.kind(), item.perDevice() ? n : 1, Long::sum));
        return byKind;
    }

    /** Values the NMS needs for {@code n} devices that let their holder (or whoever they certify) log in to it. */
    public long nmsLoginsFor(long n) {
        return nmsValuesByKind(n).entrySet().stream().filter(entry -> entry.getKey().grantsLogin())
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Secret values the NMS needs for {@code n} devices. */
    public long nmsSecretValuesFor(long n) {
        return valuesFor(n, item -> required(item, Side.NMS) && item.secret());
    }

    /** What a zero-touch bootstrap has to convey to each device. */
    public List<ConfigItem> bootstrap() {
        return items.stream().filter(item -> !item.optional() && item.origin() == Origin.CONVEYED_TO_DEVICE).toList();
    }

    public long bootstrapSecrets() {
        return bootstrap().stream().filter(ConfigItem::secret).count();
    }

    private static boolean required(ConfigItem item, Side side) {
        return item.side() == side && !item.optional();
    }

    private long count(Predicate<ConfigItem> condition) {
        return items.stream().filter(condition).count();
    }

    private long valuesFor(long n, Predicate<ConfigItem> condition) {
        return items.stream().filter(condition).mapToLong(item -> item.perDevice() ? n : 1).sum();
    }

    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        items.forEach(item -> array.add(item.toJson()));
        return new JsonObject().put("strategy", strategy.wireName()).put("devices", devices).put("items", array)
                .put("deviceParameters", parameters(Side.DEVICE)).put("deviceSecrets", secrets(Side.DEVICE))
                .put("deviceUniquePerDevice", uniquePerDevice(Side.DEVICE))
                .put("deviceOptionalParameters", optionalParameters(Side.DEVICE))
                .put("nmsParameters", parameters(Side.NMS)).put("nmsSecrets", secrets(Side.NMS))
                .put("nmsUniquePerDevice", uniquePerDevice(Side.NMS))
                .put("nmsOptionalParameters", optionalParameters(Side.NMS))
                .put("nmsValuesForDevices", nmsValuesFor(devices))
                .put("nmsValuesFor1000", nmsValuesFor(1000))
                .put("nmsPerDeviceValuesFor1000", nmsPerDeviceValuesFor(1000))
                .put("nmsGrowsWithDevices", nmsGrowsWithDevices())
                .put("nmsOptionalValuesForDevices", nmsOptionalValuesFor(devices))
                .put("nmsOptionalValuesFor1000", nmsOptionalValuesFor(1000))
                .put("nmsLearnedFromEachDevice", nmsLearnedFromEachDevice())
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
