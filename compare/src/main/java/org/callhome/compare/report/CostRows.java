package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.Latency;
import org.callhome.compare.model.Measured;
import org.callhome.compare.model.StrategyCosts;
import org.callhome.shared.strategy.CallHomeStrategy;

/** The rows of the cost tables and the methods shown beside them, for the columns of {@link Columns#forCosts}. */
final class CostRows {

    /** A statistic of a latency distribution, as labelled in the tables. */
    record Statistic(String label, ToDoubleFunction<Latency> value) {
    }

    static final Statistic P50 = new Statistic("p50 (ms)", Latency::p50);
    static final Statistic P90 = new Statistic("p90 (ms)", Latency::p90);
    static final Statistic P99 = new Statistic("p99 (ms)", Latency::p99);
    static final Statistic MAX = new Statistic("max (ms)", Latency::max);
    static final Statistic MEAN = new Statistic("mean (ms)", Latency::mean);
    static final List<Statistic> PERCENTILES = List.of(P50, P90, P99);
    /** The label of the one row of a single figure. */
    static final String VALUE = "value";

    private final ComparisonResults results;
    private final Columns columns;

    CostRows(ComparisonResults results, Columns columns) {
        this.results = results;
        this.columns = columns;
    }

    /** Sample count, p50, p90, p99, max and mean of one distribution. */
    List<Row> latency(LatencyMetric metric) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("samples", cells(costs -> Numbers.count(metric.of(costs).count())), ""));
        for (Statistic statistic : List.of(P50, P90, P99, MAX, MEAN)) {
            rows.add(latency(metric, statistic, statistic.label()));
        }
        return rows;
    }

    /** One statistic of one distribution, under {@code label}. */
    Row latency(LatencyMetric metric, Statistic statistic, String label) {
        ToDoubleFunction<StrategyCosts> value = costs -> statistic.value().applyAsDouble(metric.of(costs));
        double[] values = columns.strategies().stream()
                .mapToDouble(strategy -> value.applyAsDouble(results.costs().get(strategy))).toArray();
        int decimals = Numbers.millisDecimals(values);
        return new Row(label, cells(costs -> Numbers.fixed(value.applyAsDouble(costs), decimals)), ratio(value));
    }

    /** The value with its unit, under {@code label}. */
    Row measured(MeasuredMetric metric, String label) {
        String ratio = "";
        if (columns.ratio()) {
            Measured numerator = metric.of(results.costs().get(Columns.RATIO_NUMERATOR));
            Measured denominator = metric.of(results.costs().get(Columns.RATIO_DENOMINATOR));
            ratio = numerator.unit().equals(denominator.unit())
                    ? Numbers.ratio(numerator.value(), denominator.value()) : Numbers.NO_RATIO;
        }
        return new Row(label, cells(costs -> metric.format(metric.of(costs))), ratio);
    }

    List<Fact> methods(LatencyMetric metric) {
        return methods(costs -> metric.of(costs).method());
    }

    List<Fact> methods(MeasuredMetric metric) {
        return methods(costs -> metric.of(costs).method());
    }

    /**
     * How a figure was obtained: one fact labelled "Method" when every strategy used the same
     * method, else one per strategy labelled "Method (strategy)".
     */
    private List<Fact> methods(Function<StrategyCosts, String> method) {
        List<Fact> facts = new ArrayList<>();
        for (CallHomeStrategy strategy : columns.strategies()) {
            facts.add(new Fact("Method (" + strategy.wireName() + ")", method.apply(results.costs().get(strategy))));
        }
        if (facts.stream().map(Fact::value).distinct().count() == 1) {
            return List.of(new Fact("Method", facts.get(0).value()));
        }
        return facts;
    }

    private List<String> cells(Function<StrategyCosts, String> cell) {
        return columns.strategies().stream().map(strategy -> cell.apply(results.costs().get(strategy))).toList();
    }

    private String ratio(ToDoubleFunction<StrategyCosts> value) {
        if (!columns.ratio()) {
            return "";
        }
        return Numbers.ratio(value.applyAsDouble(results.costs().get(Columns.RATIO_NUMERATOR)),
                value.applyAsDouble(results.costs().get(Columns.RATIO_DENOMINATOR)));
    }
}
