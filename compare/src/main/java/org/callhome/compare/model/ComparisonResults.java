package org.callhome.compare.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * Everything one run of the comparison produced: the run, and what each trust model produced, in
 * the order of {@link RunInfo#trustModels} (a trust model the run does not list comes after, so
 * that nothing recorded is dropped), the bootstrap dimension when it ran, and tls's liveness probe
 * when the run compared tls, and each strategy's device moved to another NMS ({@link MoveResult}),
 * empty when the run did not move any. {@link #toJson} is results.json.
 */
public record ComparisonResults(RunInfo run, List<TrustResults> trustModels, Optional<BootstrapResults> bootstrap,
                                Optional<LivenessResult> liveness, List<MoveResult> move) {

    /** The {@code format} of results.json; its number changes whenever a key moves. */
    public static final String FORMAT = "callhome-compare/2";

    public ComparisonResults {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(liveness, "liveness");
        move = List.copyOf(move);
        Set<TrustModel> seen = EnumSet.noneOf(TrustModel.class);
        for (TrustResults trust : trustModels) {
            if (!seen.add(trust.trust())) {
                throw new IllegalArgumentException("two results for trust model " + trust.trust().wireName());
            }
        }
        List<TrustModel> order = run.trustModels();
        trustModels = trustModels.stream().sorted(Comparator.comparingInt((TrustResults trust) ->
                        order.contains(trust.trust()) ? order.indexOf(trust.trust()) : order.size())
                .thenComparing(TrustResults::trust)).toList();
    }

    /** A run without the bootstrap dimension. */
    public ComparisonResults(RunInfo run, List<TrustResults> trustModels) {
        this(run, trustModels, Optional.empty());
    }

    /** A run without tls's liveness probe. */
    public ComparisonResults(RunInfo run, List<TrustResults> trustModels, Optional<BootstrapResults> bootstrap) {
        this(run, trustModels, bootstrap, Optional.empty());
    }

    /** A run that moved no device to another NMS. */
    public ComparisonResults(RunInfo run, List<TrustResults> trustModels, Optional<BootstrapResults> bootstrap,
                             Optional<LivenessResult> liveness) {
        this(run, trustModels, bootstrap, liveness, List.of());
    }

    /** What {@code trust} produced, if the run has results for it. */
    public Optional<TrustResults> trust(TrustModel trust) {
        return trustModels.stream().filter(results -> results.trust() == trust).findFirst();
    }

    /** The run's strategies in its order, then any other strategy any trust model has results for. */
    public List<CallHomeStrategy> strategies() {
        List<CallHomeStrategy> order = new ArrayList<>(run.strategies());
        for (TrustResults trust : trustModels) {
            trust.strategies(order).stream().filter(strategy -> !order.contains(strategy)).forEach(order::add);
        }
        return order;
    }

    /**
     * Each strategy that at least two trust models configured or measured, with those trust
     * models, in the order of {@link #strategies}; empty when the run had one trust model.
     */
    public List<TrustComparison> trustComparisons() {
        List<TrustComparison> comparisons = new ArrayList<>();
        for (CallHomeStrategy strategy : strategies()) {
            List<TrustResults> measured = trustModels.stream().filter(trust -> trust.measured(strategy)).toList();
            if (measured.size() >= 2) {
                comparisons.add(new TrustComparison(strategy, measured));
            }
        }
        return comparisons;
    }

    public JsonObject toJson() {
        List<CallHomeStrategy> order = strategies();
        JsonObject trustJson = new JsonObject();
        trustModels.forEach(trust -> trustJson.put(trust.trust().wireName(), trust.toJson(order)));
        JsonObject comparisonJson = new JsonObject();
        trustComparisons().forEach(comparison ->
                comparisonJson.put(comparison.strategy().wireName(), comparison.toJson()));
        JsonObject json = new JsonObject().put("format", FORMAT).put("run", run.toJson())
                .put("trustModels", trustJson).put("trustComparison", comparisonJson);
        // an added member: readers of callhome-compare/2 that do not know it are unaffected
        bootstrap.ifPresent(results -> json.put("bootstrap", results.toJson()));
        liveness.ifPresent(result -> json.put("tlsLiveness", result.toJson()));
        if (!move.isEmpty()) {
            json.put("move", new JsonArray(move.stream().map(MoveResult::toJson).toList()));
        }
        return json;
    }
}
