package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callhome.compare.model.BootstrapResults;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.ZeroTouchResult;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The zero-touch bootstrap section of every report format, computed from the run's
 * {@link BootstrapResults}: per strategy and trust model whether the factory-fresh device ended
 * managed, how long it took, what the NMS conveyed and learned back; and each bootstrap security
 * scenario's verdict per strategy with the reason words the device and the NMS were observed to give.
 */
final class BootstrapSection {

    /** "refused, voucher-expired: ..." from the device, "bootstrap-error: voucher-expired" from the NMS. */
    private static final Pattern REASON = Pattern.compile("(?:refused, |bootstrap-error: )([a-z0-9]+(?:-[a-z0-9]+)*)");

    static final String WHY_ZERO_TOUCH = "Zero touch is how devices reach the NMS at scale: what it takes, what it "
            + "conveys and what the NMS must learn back decide what an operator has to do per device.";

    private final BootstrapResults bootstrap;
    private final List<CallHomeStrategy> strategies;

    private BootstrapSection(BootstrapResults bootstrap, List<CallHomeStrategy> strategies) {
        this.bootstrap = bootstrap;
        this.strategies = strategies;
    }

    /** The section, if the run executed the bootstrap dimension. */
    static Optional<BootstrapSection> of(ComparisonResults results) {
        return results.bootstrap().map(bootstrap -> {
            List<CallHomeStrategy> order = new ArrayList<>(results.strategies());
            bootstrap.zeroTouch().stream().map(ZeroTouchResult::strategy).filter(s -> !order.contains(s))
                    .forEach(order::add);
            bootstrap.security().stream().map(SecurityResult::strategy).filter(s -> !order.contains(s))
                    .forEach(order::add);
            List<CallHomeStrategy> present = order.stream().filter(strategy ->
                    bootstrap.zeroTouch().stream().anyMatch(result -> result.strategy() == strategy)
                            || bootstrap.security().stream().anyMatch(result -> result.strategy() == strategy))
                    .toList();
            return new BootstrapSection(bootstrap, present);
        });
    }

    /** What the section says before its parts. */
    String introduction() {
        List<String> models = bootstrap.zeroTouch().stream().map(result -> result.trust().title()).distinct()
                .toList();
        long scenarios = bootstrap.security().stream().map(SecurityResult::scenario).distinct().count();
        List<String> sentences = new ArrayList<>();
        List<String> trusts = bootstrap.zeroTouch().stream().map(ZeroTouchResult::conveyedTrust).distinct().toList();
        sentences.add("Per strategy, under " + String.join(", ", models) + " (the conveyed configuration trusts the NMS by "
                + String.join(", ", trusts) + ", as found in the conveyed files): a factory-fresh device, with its IDevID, its "
                + "manufacturer's CA and the bootstrap server's address only, bootstraps from the NMS (RFC 8572), "
                + "calls home and is managed" + (scenarios == 0 ? "." : "; then " + scenarios
                + " bootstrap security scenarios per strategy, under " + bootstrap.trust().title()
                + ": they attack the bootstrap artifacts, which the NMS's trust model does not change."));
        return String.join(" ", sentences);
    }

    /** The zero-touch runs by strategy in the section's order, then by trust model. */
    List<ZeroTouchResult> zeroTouch() {
        return bootstrap.zeroTouch().stream()
                .sorted(Comparator.comparingInt((ZeroTouchResult result) -> strategies.indexOf(result.strategy()))
                        .thenComparing(ZeroTouchResult::trust))
                .toList();
    }

    /** A zero-touch run's heading: "Factory-fresh device: reverse-ssh, under pinned keys". */
    static String title(ZeroTouchResult result) {
        return Headings.under(Headings.ZERO_TOUCH + ": " + result.strategy().wireName(), result.trust());
    }

    /** The overview table's headers: one row per strategy and trust model. */
    static List<String> overviewHeaders() {
        return List.of("Strategy", "Trust model", "Managed", "Served to managed", "Conveyed", "Trusts the NMS by");
    }

    /** One row per zero-touch run: whether it ended managed, in how long, and what was conveyed. */
    List<List<String>> overview() {
        return zeroTouch().stream().map(result -> List.of(result.strategy().wireName(), result.trust().wireName(),
                result.managed() ? "yes" : "no", millis(result.bootstrapToManagedMs()), conveyed(result),
                result.conveyedTrust())).toList();
    }

    /** One strategy's zero-touch run as facts. */
    static List<Fact> facts(ZeroTouchResult result) {
        return List.of(new Fact("Managed", managed(result)),
                new Fact("Bootstrap data served to managed", millis(result.bootstrapToManagedMs())),
                new Fact("Device started to managed", millis(result.startToManagedMs())),
                new Fact("Conveyed configuration", conveyed(result)),
                new Fact("Conveyed trust in the NMS", result.conveyedTrust()),
                new Fact("Names of the conveyed leaves", result.conveyed().isEmpty() ? "none" : String.join(", ",
                        result.conveyed())),
                new Fact("NMS learned back", result.learnedBack()));
    }

    static String managed(ZeroTouchResult result) {
        return result.managed() ? "yes, with no operator step" : "no";
    }

    static String conveyed(ZeroTouchResult result) {
        return Numbers.count(result.conveyedItems()) + " items, " + Numbers.count(result.conveyedBytes())
                + " bytes, " + Numbers.count(result.conveyedSecrets()) + " secrets";
    }

    private static String millis(long ms) {
        return ms < 0 ? "not reached" : Numbers.count(ms) + " ms";
    }

    /** The verdict table's headers: the scenario, then one column per strategy. */
    List<String> headers() {
        List<String> headers = new ArrayList<>();
        headers.add(Headings.SCENARIO);
        strategies.forEach(strategy -> headers.add(strategy.wireName()));
        return headers;
    }

    /** One row per bootstrap security scenario: its title, then each strategy's verdict and reason words. */
    List<List<String>> verdicts() {
        List<List<String>> rows = new ArrayList<>();
        scenarios().forEach((title, results) -> {
            List<String> row = new ArrayList<>();
            row.add(title);
            for (CallHomeStrategy strategy : strategies) {
                row.add(results.stream().filter(result -> result.strategy() == strategy).findFirst()
                        .map(BootstrapSection::verdict).orElse("-"));
            }
            rows.add(row);
        });
        return rows;
    }

    /** The scenarios by title, in the order they ran, each with its results. */
    Map<String, List<SecurityResult>> scenarios() {
        Map<String, List<SecurityResult>> byTitle = new LinkedHashMap<>();
        bootstrap.security().forEach(result ->
                byTitle.computeIfAbsent(result.title(), title -> new ArrayList<>()).add(result));
        byTitle.values().forEach(results -> results.sort(
                Comparator.comparingInt((SecurityResult result) -> strategies.indexOf(result.strategy()))));
        return byTitle;
    }

    /** The short verdict, with the reason words observed in the evidence that it does not already name. */
    static String verdict(SecurityResult result) {
        String verdict = result.shortVerdict();
        List<String> words = reasons(result).stream().filter(word -> !verdict.contains(word)).toList();
        return words.isEmpty() ? verdict : verdict + " (" + String.join(", ", words) + ")";
    }

    /** The reason words the device and the NMS gave, as observed, each once. */
    static List<String> reasons(SecurityResult result) {
        Set<String> words = new LinkedHashSet<>();
        for (String line : result.evidence()) {
            Matcher matcher = REASON.matcher(line);
            while (matcher.find()) {
                words.add(matcher.group(1));
            }
        }
        return List.copyOf(words);
    }

    /** The findings group: zero touch per strategy, then each scenario's verdicts. */
    Finding.Group findings() {
        List<ZeroTouchResult> runs = zeroTouch();
        List<Finding> findings = new ArrayList<>();
        if (!runs.isEmpty()) {
            findings.add(new Finding("Managed with no operator step", runs.stream().map(result ->
                    run(result) + ": " + managed(result) + (result.bootstrapToManagedMs() < 0 ? ""
                            : ", " + millis(result.bootstrapToManagedMs()) + " from bootstrap data served")).toList(),
                    WHY_ZERO_TOUCH));
            findings.add(new Finding("Conveyed configuration", runs.stream().map(result ->
                    run(result) + ": " + conveyed(result)).toList(),
                    "Whatever the bootstrap server conveys, the holder of the device's IDevID can fetch too."));
            findings.add(new Finding("What the NMS learned back", runs.stream().map(result ->
                    run(result) + ": " + result.learnedBack()).toList(),
                    "What the NMS must learn from each device is per-device state it has to keep and trust."));
        }
        scenarios().forEach((title, results) -> findings.add(new Finding(title, results.stream()
                .map(result -> result.strategy().wireName() + ": " + verdict(result)).toList(),
                results.get(0).matters())));
        return new Finding.Group(Headings.BOOTSTRAP, List.of(), findings);
    }

    /** "reverse-ssh, pinned": a zero-touch run in a finding's line. */
    private static String run(ZeroTouchResult result) {
        return result.strategy().wireName() + ", " + result.trust().wireName();
    }
}
