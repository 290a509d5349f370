package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.CostRuns;
import org.callhome.compare.model.RunInfo;
import org.callhome.compare.model.TrustComparison;
import org.callhome.compare.model.TrustResults;

/**
 * The table of one strategy across trust models: one column per trust model, then one ratio
 * column per trust model other than the baseline ("openssh-cert / pinned"); rows for what the
 * NMS and a device's enrolment need, then the cost figures of {@link TrustFigures}. Counts have
 * no ratio, as in the configuration tables; a trust model without a figure shows "-".
 */
final class TrustRows {

    /** What the NMS needs grows with the number of devices. */
    static final String GROWS = "O(N)";
    /** What the NMS needs stays the same whatever the number of devices. */
    static final String CONSTANT = "O(1)";

    private final RunInfo run;
    private final TrustComparison comparison;

    TrustRows(RunInfo run, TrustComparison comparison) {
        this.run = run;
        this.comparison = comparison;
    }

    /** The strategy's name over the labels, each trust model's name, then "{trust} / {baseline}" for each other one. */
    List<String> headers() {
        List<String> headers = new ArrayList<>();
        headers.add(comparison.strategy().wireName());
        comparison.trustModels().forEach(trust -> headers.add(trust.trust().wireName()));
        comparison.others().forEach(trust -> headers.add(ratioLabel(trust)));
        return headers;
    }

    /** E.g. "openssh-cert / pinned". */
    String ratioLabel(TrustResults trust) {
        return trust.trust().wireName() + " / " + comparison.baseline().trust().wireName();
    }

    List<Row> rows() {
        long devices = run.devices();
        long fleet = BurdenRows.FLEET;
        List<Row> rows = new ArrayList<>();
        rows.add(count("NMS values for " + Numbers.count(devices) + " devices",
                burden -> burden.nmsValuesFor(devices)));
        if (devices != fleet) {
            rows.add(count("NMS values for " + Numbers.count(fleet) + " devices",
                    burden -> burden.nmsValuesFor(fleet)));
        }
        rows.add(count("of which one per device (" + Numbers.count(fleet) + " devices)",
                burden -> burden.nmsPerDeviceValuesFor(fleet)));
        rows.add(config("NMS values grow with devices", burden -> burden.nmsGrowsWithDevices() ? GROWS : CONSTANT));
        rows.add(count("NMS optional values for " + Numbers.count(fleet) + " devices",
                burden -> burden.nmsOptionalValuesFor(fleet)));
        rows.add(count("Values the NMS learns from each device", ConfigBurden::nmsLearnedFromEachDevice));
        rows.add(count("Values bootstrap conveys to each device", burden -> burden.bootstrap().size()));
        rows.add(count("of which secret", ConfigBurden::bootstrapSecrets));
        for (TrustFigures.Compared figure : TrustFigures.of(comparison)) {
            List<String> cells = new ArrayList<>();
            comparison.trustModels().forEach(trust -> cells.add(figure.shown(costs(trust))));
            Optional<CostRuns> baseline = costs(comparison.baseline());
            comparison.others().forEach(trust -> cells.add(figure.ratio(costs(trust), baseline)));
            rows.add(new Row(figure.label(), cells));
        }
        return rows;
    }

    private Row count(String label, ToLongFunction<ConfigBurden> count) {
        return config(label, burden -> Numbers.count(count.applyAsLong(burden)));
    }

    /** A row of one cell per trust model, "-" where it has no burden, and no ratio. */
    private Row config(String label, Function<ConfigBurden, String> cell) {
        List<String> cells = new ArrayList<>();
        for (TrustResults trust : comparison.trustModels()) {
            ConfigBurden burden = trust.config().get(comparison.strategy());
            cells.add(burden == null ? "-" : cell.apply(burden));
        }
        comparison.others().forEach(trust -> cells.add(""));
        return new Row(label, cells);
    }

    private Optional<CostRuns> costs(TrustResults trust) {
        return TrustFigures.costs(trust, comparison);
    }
}
