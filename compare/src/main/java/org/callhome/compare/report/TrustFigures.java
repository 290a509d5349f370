package org.callhome.compare.report;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.callhome.compare.model.CostRuns;
import org.callhome.compare.model.Spread;
import org.callhome.compare.model.StrategyCosts;
import org.callhome.compare.model.TrustComparison;
import org.callhome.compare.model.TrustResults;

/**
 * The cost figures one strategy is compared on across trust models, those of
 * {@link TrustComparison#COST_FIGURES} in its order, each as the reports show it: medians across
 * the runs, latencies with the decimals every trust model's runs need.
 */
final class TrustFigures {

    /**
     * One compared figure.
     *
     * @param name   its name in {@link TrustComparison#COST_FIGURES}
     * @param label  the row label of the trust-model table, e.g. "Setup latency (p50)"
     * @param noun   the figure inside a sentence, e.g. "median setup latency"
     * @param figure how it is read and printed
     * @param unitOf the unit one run recorded it in: a ratio needs the same on both sides
     */
    record Compared(String name, String label, String noun, CostRows.Figure figure,
                    Function<StrategyCosts, String> unitOf) {

        /** The figure for {@code trust}'s runs, "-" when it has none. */
        String shown(Optional<CostRuns> runs) {
            return runs.map(figure::shown).orElse("-");
        }

        Spread spread(CostRuns runs) {
            return runs.spread(figure.value());
        }

        /** {@code trust} against {@code baseline}: the ratio of medians, "n/a" with two units, "-" without runs. */
        String ratio(Optional<CostRuns> trust, Optional<CostRuns> baseline) {
            if (trust.isEmpty() || baseline.isEmpty()) {
                return "-";
            }
            if (!sameUnit(trust.get(), baseline.get())) {
                return Numbers.NO_RATIO;
            }
            return Numbers.ratio(spread(trust.get()).median(), spread(baseline.get()).median());
        }

        boolean sameUnit(CostRuns one, CostRuns other) {
            return unitOf.apply(one.first()).equals(unitOf.apply(other.first()));
        }
    }

    private TrustFigures() {
    }

    /** The compared figures of {@code comparison}'s strategy; none when no trust model measured its costs. */
    static List<Compared> of(TrustComparison comparison) {
        List<CostRuns> runs = comparison.trustModels().stream().map(trust -> costs(trust, comparison))
                .flatMap(Optional::stream).toList();
        if (runs.isEmpty()) {
            return List.of();
        }
        StrategyCosts first = costs(comparison.baseline(), comparison).orElse(runs.get(0)).first();
        return List.of(
                measured("bytesToNetconf", MeasuredMetric.BYTES_TO_NETCONF, "bytes to NETCONF", first),
                measured("roundTrips", MeasuredMetric.ROUND_TRIPS, "round trips to NETCONF", first),
                latency("setup.p50Ms", LatencyMetric.SETUP, "median setup latency", runs),
                latency("handshake.p50Ms", LatencyMetric.HANDSHAKE, "median handshake latency", runs),
                measured("nmsCpuPerSession", MeasuredMetric.NMS_CPU, "NMS CPU per session", first),
                measured("deviceCpuPerSession", MeasuredMetric.DEVICE_CPU, "device CPU per session", first),
                measured("nmsHeapPerIdleSession", MeasuredMetric.NMS_HEAP, "NMS heap per idle session", first));
    }

    /** The cost runs of {@code comparison}'s strategy under {@code trust}, if it measured them. */
    static Optional<CostRuns> costs(TrustResults trust, TrustComparison comparison) {
        return Optional.ofNullable(trust.costs().get(comparison.strategy()));
    }

    private static Compared measured(String name, MeasuredMetric metric, String noun, StrategyCosts first) {
        CostRows.Figure figure = new CostRows.Figure(costs -> metric.of(costs).value(), metric::number,
                metric.of(first).unit());
        return new Compared(name, metric.title(), noun, figure, costs -> metric.of(costs).unit());
    }

    private static Compared latency(String name, LatencyMetric metric, String noun, List<CostRuns> runs) {
        double[] values = runs.stream().flatMap(each -> each.runs().stream())
                .mapToDouble(costs -> metric.of(costs).p50()).toArray();
        int decimals = Numbers.millisDecimals(values);
        CostRows.Figure figure = new CostRows.Figure(costs -> metric.of(costs).p50(),
                value -> Numbers.fixed(value, decimals), "ms");
        return new Compared(name, metric.title() + " (p50)", noun, figure, costs -> "ms");
    }
}
