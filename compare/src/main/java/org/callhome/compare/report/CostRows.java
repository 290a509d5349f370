package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.callhome.compare.model.CostRuns;
import org.callhome.compare.model.Latency;
import org.callhome.compare.model.Spread;
import org.callhome.compare.model.StrategyCosts;
import org.callhome.compare.model.TrustResults;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The rows of one trust model's cost tables and the methods shown beside them, for the columns of
 * {@link Columns#forCosts}. With one cost run a cell is that run's figure; with several
 * (--repeat) it is the median across the runs followed by their range, "median (min-max)", and
 * each ratio column is the ratio of the medians.
 */
final class CostRows {

    /** A statistic of a latency distribution, as labelled in the tables. */
    record Statistic(String label, ToDoubleFunction<Latency> value) {
    }

    /**
     * One number of a cost run as shown: how to read it, how to print it, and its unit (empty
     * where the row's label carries it).
     */
    record Figure(ToDoubleFunction<StrategyCosts> value, DoubleFunction<String> number, String unit) {

        /**
         * The figure across {@code runs}: "12.5 ms", or "12.5 ms (11.9-14.0)" for several runs that
         * did not all measure the same.
         */
        String shown(CostRuns runs) {
            Spread spread = runs.spread(value);
            if (spread.min() == spread.max()) {
                return withUnit(spread.median());
            }
            return withUnit(spread.median()) + " (" + number.apply(spread.min()) + "-" + number.apply(spread.max())
                    + ")";
        }

        /** One value with the unit, e.g. "12.5 ms". */
        String withUnit(double value) {
            return number.apply(value) + (unit.isEmpty() ? "" : " " + unit);
        }
    }

    static final Statistic P50 = new Statistic("p50 (ms)", Latency::p50);
    static final Statistic P90 = new Statistic("p90 (ms)", Latency::p90);
    static final Statistic P99 = new Statistic("p99 (ms)", Latency::p99);
    static final Statistic MAX = new Statistic("max (ms)", Latency::max);
    static final Statistic MEAN = new Statistic("mean (ms)", Latency::mean);
    static final List<Statistic> PERCENTILES = List.of(P50, P90, P99);
    /** The label of the one row of a single figure. */
    static final String VALUE = "value";

    private final TrustResults trust;
    private final Columns columns;

    CostRows(TrustResults trust, Columns columns) {
        this.trust = trust;
        this.columns = columns;
    }

    /** Sample count, p50, p90, p99, max and mean of one distribution. */
    List<Row> latency(LatencyMetric metric) {
        List<Row> rows = new ArrayList<>();
        Figure samples = new Figure(costs -> metric.of(costs).count(), value -> Numbers.fixed(value, 0), "");
        rows.add(new Row("samples", cells(samples), columns.ratios().stream().map(ratio -> "").toList()));
        for (Statistic statistic : List.of(P50, P90, P99, MAX, MEAN)) {
            rows.add(latency(metric, statistic, statistic.label()));
        }
        return rows;
    }

    /** One statistic of one distribution, under {@code label}. */
    Row latency(LatencyMetric metric, Statistic statistic, String label) {
        Figure figure = latencyFigure(metric, statistic, "");
        return new Row(label, cells(figure), columns.ratios().stream().map(ratio -> ratio(figure, ratio)).toList());
    }

    /** The value with its unit, under {@code label}. */
    Row measured(MeasuredMetric metric, String label) {
        Figure figure = measuredFigure(metric);
        List<String> ratios = new ArrayList<>();
        for (Columns.Ratio ratio : columns.ratios()) {
            String numerator = metric.of(runsOf(ratio.numerator()).first()).unit();
            String denominator = metric.of(runsOf(ratio.denominator()).first()).unit();
            ratios.add(numerator.equals(denominator) ? ratio(figure, ratio) : Numbers.NO_RATIO);
        }
        return new Row(label, cells(figure), ratios);
    }

    /**
     * A statistic of a distribution in milliseconds, with the decimals every shown strategy's
     * runs need (see {@link Numbers#millisDecimals}).
     */
    Figure latencyFigure(LatencyMetric metric, Statistic statistic, String unit) {
        ToDoubleFunction<StrategyCosts> value = costs -> statistic.value().applyAsDouble(metric.of(costs));
        double[] values = columns.strategies().stream().flatMap(strategy -> runsOf(strategy).runs().stream())
                .mapToDouble(value).toArray();
        int decimals = Numbers.millisDecimals(values);
        return new Figure(value, number -> Numbers.fixed(number, decimals), unit);
    }

    /** A single figure with the unit the first run of the first strategy recorded. */
    Figure measuredFigure(MeasuredMetric metric) {
        String unit = metric.of(runsOf(columns.strategies().get(0)).first()).unit();
        return new Figure(costs -> metric.of(costs).value(), metric::number, unit);
    }

    /** The figure's spread for {@code strategy}. */
    Spread spread(Figure figure, CallHomeStrategy strategy) {
        return runsOf(strategy).spread(figure.value());
    }

    List<Fact> methods(LatencyMetric metric) {
        return methods(costs -> metric.of(costs).method());
    }

    List<Fact> methods(MeasuredMetric metric) {
        return methods(costs -> metric.of(costs).method());
    }

    /**
     * How a figure was obtained: one fact labelled "Method" when every strategy used the same
     * method, else one per strategy labelled "Method (strategy)". Every run of a strategy uses
     * the same method, so its first run's is shown.
     */
    private List<Fact> methods(Function<StrategyCosts, String> method) {
        List<Fact> facts = new ArrayList<>();
        for (CallHomeStrategy strategy : columns.strategies()) {
            facts.add(new Fact("Method (" + strategy.wireName() + ")", method.apply(runsOf(strategy).first())));
        }
        if (facts.stream().map(Fact::value).distinct().count() == 1) {
            return List.of(new Fact("Method", facts.get(0).value()));
        }
        return facts;
    }

    /** With several cost runs, how to read the cells; nothing with one. */
    List<Fact> runsNote() {
        int runs = columns.strategies().stream().mapToInt(strategy -> runsOf(strategy).count()).max().orElse(1);
        if (runs == 1) {
            return List.of();
        }
        return List.of(new Fact("Runs", runs + " per strategy (--repeat); each cell is the median of the runs, "
                + "then (min-max) across them; ratios are of the medians"));
    }

    private List<String> cells(Figure figure) {
        return columns.strategies().stream().map(strategy -> figure.shown(runsOf(strategy))).toList();
    }

    private String ratio(Figure figure, Columns.Ratio ratio) {
        return Numbers.ratio(spread(figure, ratio.numerator()).median(), spread(figure, ratio.denominator()).median());
    }

    private CostRuns runsOf(CallHomeStrategy strategy) {
        return trust.costs().get(strategy);
    }
}
