package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.ConfigItem;
import org.callhome.compare.model.ConfigItem.Kind;
import org.callhome.compare.model.ConfigItem.Side;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.TrustResults;

/** The configuration-burden tables of one trust model, for the columns of {@link Columns#forConfig}. */
final class BurdenRows {

    /** Headers of {@link #item} rows. */
    static final List<String> ITEM_HEADERS = List.of("Side", "Parameter", "Kind", "Secret", "Per device", "Origin");

    /** The fleet size the reports show the NMS's values for, beside the run's own device count. */
    static final long FLEET = 1_000;

    /** The device counts at which the reports show the NMS's configuration values growing. */
    static final List<Long> GROWTH_DEVICES = List.of(1L, 10L, 100L, 1_000L, 10_000L);

    private final RunInfo run;
    private final TrustResults trust;
    private final Columns columns;

    BurdenRows(RunInfo run, TrustResults trust, Columns columns) {
        this.run = run;
        this.trust = trust;
        this.columns = columns;
    }

    /** The counts ConfigBurden derives, one row each; optional values are counted apart. */
    List<Row> summary() {
        long devices = run.devices();
        return List.of(
                row("Device parameters", burden -> burden.parameters(Side.DEVICE)),
                row("Device secret parameters", burden -> burden.secrets(Side.DEVICE)),
                row("Device public parameters", burden -> publicParameters(burden, Side.DEVICE)),
                row("Device parameters unique per device", burden -> burden.uniquePerDevice(Side.DEVICE)),
                row("NMS parameters", burden -> burden.parameters(Side.NMS)),
                row("NMS secret parameters", burden -> burden.secrets(Side.NMS)),
                row("NMS public parameters", burden -> publicParameters(burden, Side.NMS)),
                row("NMS parameters unique per device", burden -> burden.uniquePerDevice(Side.NMS)),
                row("NMS values for " + Numbers.count(devices) + " devices", burden -> burden.nmsValuesFor(devices)),
                row("NMS values for 1,000 devices", burden -> burden.nmsValuesFor(1_000)),
                row("NMS secret values for 1,000 devices", burden -> burden.nmsSecretValuesFor(1_000)),
                row("NMS optional values for 1,000 devices", burden -> burden.nmsOptionalValuesFor(1_000)),
                row("NMS values learned from each device", ConfigBurden::nmsLearnedFromEachDevice),
                row("Zero-touch bootstrap items per device", burden -> burden.bootstrap().size()),
                row("Zero-touch bootstrap secrets per device", ConfigBurden::bootstrapSecrets));
    }

    /**
     * The NMS's values for {@code n} devices by kind, one row per kind any strategy holds, in the
     * order of {@link Kind}: equal totals of different kinds (pinned keys, login accounts) stay apart.
     */
    List<Row> byKind(long n) {
        List<Row> rows = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            boolean held = columns.strategies().stream()
                    .anyMatch(strategy -> trust.config().get(strategy).nmsValuesByKind(n).containsKey(kind));
            if (held) {
                rows.add(row(kind.text(), burden -> burden.nmsValuesByKind(n).getOrDefault(kind, 0L)));
            }
        }
        return rows;
    }

    /** The header of a {@link #byKind} table's first column, e.g. "Kind (1,000 devices)". */
    static String byKindHeader(long n) {
        return Headings.KIND + " (" + Numbers.count(n) + (n == 1 ? " device)" : " devices)");
    }

    /** The device counts of the {@link #byKind} tables: the run's, then a fleet of 1,000. */
    List<Long> byKindDevices() {
        long devices = run.devices();
        return devices == FLEET ? List.of(devices) : List.of(devices, FLEET);
    }

    /** NMS configuration values at each of {@link #GROWTH_DEVICES}, labelled with the number of devices. */
    List<Row> growth() {
        return GROWTH_DEVICES.stream().map(n -> row(Numbers.count(n), burden -> burden.nmsValuesFor(n))).toList();
    }

    /** One item as the cells under {@link #ITEM_HEADERS}; an optional one says so after its name. */
    static List<String> item(ConfigItem item) {
        return List.of(item.side().wireName(), item.name() + (item.optional() ? " (optional)" : ""),
                item.kind().text(), Numbers.yesNo(item.secret()),
                Numbers.yesNo(item.perDevice()), item.origin().text());
    }

    /** What a zero-touch bootstrap has to convey to each device, and how much of it is secret. */
    static Fact bootstrap(ConfigBurden burden) {
        List<String> names = burden.bootstrap().stream().map(ConfigItem::name).toList();
        String label = "Zero-touch bootstrap conveys (" + burden.strategy().wireName() + ")";
        if (names.isEmpty()) {
            return new Fact(label, "nothing");
        }
        return new Fact(label, String.join("; ", names) + " (" + burden.bootstrapSecrets() + " of "
                + names.size() + " secret)");
    }

    private static long publicParameters(ConfigBurden burden, Side side) {
        return burden.parameters(side) - burden.secrets(side);
    }

    private Row row(String label, ToLongFunction<ConfigBurden> count) {
        return new Row(label, columns.strategies().stream()
                .map(strategy -> Numbers.count(count.applyAsLong(trust.config().get(strategy)))).toList());
    }
}
