package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.ConfigItem;
import org.callhome.compare.model.CostRuns;
import org.callhome.compare.model.Spread;
import org.callhome.compare.model.TrustComparison;
import org.callhome.compare.model.TrustModel;
import org.callhome.compare.model.TrustResults;

/**
 * The findings on trust models, for each strategy that ran under several: what the NMS needs for
 * a fleet under each and whether it grows with the fleet (read off the items: one value per
 * device or not), what enrolling a device takes, and each cost figure of every trust model
 * against the baseline's by {@link CostComparison}'s rule.
 */
final class TrustFindings {

    private final List<TrustComparison> comparisons;

    private TrustFindings(List<TrustComparison> comparisons) {
        this.comparisons = List.copyOf(comparisons);
    }

    /** The group; {@code comparisons} holds at least one strategy. */
    static Finding.Group of(List<TrustComparison> comparisons) {
        return new TrustFindings(comparisons).group();
    }

    private Finding.Group group() {
        List<Finding> findings = new ArrayList<>();
        findings.add(nmsValues());
        findings.add(enrolment());
        findings.addAll(costs());
        List<String> lead = new ArrayList<>();
        lead.add("Each strategy under " + underWhich() + ": what the NMS needs, what enrolling a device takes, "
                + "and what a session costs under each, against " + and(baselines()) + ".");
        if (findings.size() > 2) {
            lead.add(CostComparison.RULE);
        }
        return new Finding.Group(Headings.FINDINGS_TRUST,
                lead, findings.stream().filter(finding -> !finding.lines().isEmpty()).toList());
    }

    /**
     * "pinned keys and OpenSSH certificates" when every strategy ran under the same trust models,
     * else which ran under which: "the trust models it ran under (reverse-ssh and device-ssh-client:
     * pinned keys, OpenSSH certificates and X.509 certificates; tls: pinned keys and X.509
     * certificates)".
     */
    private String underWhich() {
        Map<List<String>, List<String>> strategiesByTrust = new LinkedHashMap<>();
        for (TrustComparison comparison : comparisons) {
            List<String> titles = comparison.trustModels().stream().map(trust -> trust.trust().title()).toList();
            strategiesByTrust.computeIfAbsent(titles, each -> new ArrayList<>())
                    .add(comparison.strategy().wireName());
        }
        if (strategiesByTrust.size() == 1) {
            return and(strategiesByTrust.keySet().iterator().next());
        }
        List<String> groups = new ArrayList<>();
        strategiesByTrust.forEach((titles, strategies) -> groups.add(and(strategies) + ": " + and(titles)));
        return "the trust models it ran under (" + String.join("; ", groups) + ")";
    }

    /**
     * E.g. "reverse-ssh: the NMS holds 1,003 values for 1,000 devices with pinned keys, 1,000 of
     * them per device and learned from the devices; 5 with OpenSSH certificates, none per device,
     * plus 1,000 optional (expected device ids)", then whether that grows with the fleet.
     */
    private Finding nmsValues() {
        long fleet = BurdenRows.FLEET;
        List<String> lines = new ArrayList<>();
        for (TrustComparison comparison : comparisons) {
            List<String> parts = new ArrayList<>();
            Map<TrustModel, Boolean> grows = new LinkedHashMap<>();
            for (TrustResults trust : comparison.trustModels()) {
                ConfigBurden burden = trust.config().get(comparison.strategy());
                if (burden == null) {
                    continue;
                }
                grows.put(trust.trust(), burden.nmsGrowsWithDevices());
                long perDevice = burden.nmsPerDeviceValuesFor(fleet);
                long learned = burden.nmsLearnedFromEachDevice();
                StringBuilder part = new StringBuilder();
                part.append(parts.isEmpty() ? "the NMS holds " + Numbers.count(burden.nmsValuesFor(fleet))
                        + " values for " + Numbers.count(fleet) + " devices"
                        : Numbers.count(burden.nmsValuesFor(fleet)));
                part.append(" with ").append(trust.trust().title());
                if (perDevice == 0) {
                    part.append(", none per device");
                } else {
                    part.append(", ").append(Numbers.count(perDevice)).append(" of them per device");
                }
                if (learned > 0 && learned * fleet == perDevice) {
                    part.append(" and learned from the devices");
                } else if (learned > 0) {
                    part.append(", ").append(values(learned)).append(" learned from each device");
                }
                long optional = burden.nmsOptionalValuesFor(fleet);
                if (optional > 0) {
                    String names = burden.nmsOptional().stream().map(ConfigItem::name)
                            .collect(Collectors.joining(", "));
                    part.append(", plus ").append(Numbers.count(optional)).append(" optional (").append(names)
                            .append(")");
                }
                parts.add(part.toString());
            }
            if (parts.isEmpty()) {
                continue;
            }
            String strategy = comparison.strategy().wireName() + ": ";
            lines.add(strategy + String.join("; ", parts));
            lines.add(strategy + "what the NMS needs " + growth(grows));
        }
        return new Finding("NMS values for " + Numbers.count(fleet) + " devices, by trust model", lines,
                "Values held once per device have to be collected from every device and kept in step as devices "
                        + "come and go; values that stay the same are set up once, whatever the size of the fleet.");
    }

    /**
     * "grows with the number of devices (O(N)) with pinned keys, and stays the same (O(1)) with
     * OpenSSH certificates", or one clause for all when they agree.
     */
    private static String growth(Map<TrustModel, Boolean> grows) {
        if (grows.values().stream().distinct().count() == 1) {
            return growthClause(grows.values().iterator().next()) + " with "
                    + and(grows.keySet().stream().map(TrustModel::title).toList()) + " alike";
        }
        List<String> clauses = new ArrayList<>();
        grows.forEach((trust, grow) -> clauses.add(growthClause(grow) + " with " + trust.title()));
        return and(clauses);
    }

    private static String growthClause(boolean grows) {
        return grows ? "grows with the number of devices (" + TrustRows.GROWS + ")"
                : "stays the same whatever the number of devices (" + TrustRows.CONSTANT + ")";
    }

    /**
     * E.g. "reverse-ssh: with pinned keys the NMS learns 1 value from each device and bootstrap
     * conveys 3 items to it (none secret); with OpenSSH certificates ...".
     */
    private Finding enrolment() {
        List<String> lines = new ArrayList<>();
        for (TrustComparison comparison : comparisons) {
            List<String> parts = new ArrayList<>();
            for (TrustResults trust : comparison.trustModels()) {
                ConfigBurden burden = trust.config().get(comparison.strategy());
                if (burden == null) {
                    continue;
                }
                long learned = burden.nmsLearnedFromEachDevice();
                int conveyed = burden.bootstrap().size();
                long secrets = burden.bootstrapSecrets();
                parts.add("with " + trust.trust().title() + " the NMS learns "
                        + (learned == 0 ? "nothing" : values(learned)) + " from each device and bootstrap conveys "
                        + Numbers.count(conveyed) + (conveyed == 1 ? " item" : " items") + " to it ("
                        + (secrets == 0 ? "none" : Numbers.count(secrets)) + " secret)");
            }
            if (!parts.isEmpty()) {
                lines.add(comparison.strategy().wireName() + ": " + String.join("; ", parts));
            }
        }
        return new Finding("Enrolling a device, by trust model", lines,
                "What the NMS must learn from each device is a step of every enrolment; what bootstrap conveys "
                        + "has to reach each device before it can call home.");
    }

    /** One finding per trust model compared against a baseline: each cost figure, per strategy. */
    private List<Finding> costs() {
        Map<String, List<String>> bySubject = new LinkedHashMap<>();
        for (TrustComparison comparison : comparisons) {
            TrustResults baseline = comparison.baseline();
            Optional<CostRuns> bottom = TrustFigures.costs(baseline, comparison);
            List<TrustFigures.Compared> figures = TrustFigures.of(comparison);
            for (TrustResults other : comparison.others()) {
                Optional<CostRuns> top = TrustFigures.costs(other, comparison);
                if (top.isEmpty() || bottom.isEmpty()) {
                    continue;
                }
                List<String> parts = new ArrayList<>();
                for (TrustFigures.Compared figure : figures) {
                    parts.add(compare(figure, other.trust(), top.get(), bottom.get()));
                }
                bySubject.computeIfAbsent("Costs with " + other.trust().title() + " against "
                        + baseline.trust().title(), subject -> new ArrayList<>())
                        .add(comparison.strategy().wireName() + ": " + String.join(", ", parts));
            }
        }
        List<Finding> findings = new ArrayList<>();
        bySubject.forEach((subject, lines) -> findings.add(new Finding(subject, lines,
                "A trust model's cost is paid at every connection: by each device, and by the NMS for the whole "
                        + "fleet whenever it reconnects at once.")));
        return findings;
    }

    /**
     * E.g. "1.08x the bytes to NETCONF (3,310 vs 3,070 bytes; about the same)", "the same round
     * trips to NETCONF (7.0 vs 7.0 round trips)", with the runs' ranges when there are several.
     */
    private static String compare(TrustFigures.Compared compared, TrustModel trust, CostRuns top, CostRuns bottom) {
        CostRows.Figure figure = compared.figure();
        Spread numerator = compared.spread(top);
        Spread denominator = compared.spread(bottom);
        String figures = figure.number().apply(numerator.median()) + " vs " + figure.withUnit(denominator.median());
        if (numerator.runs() > 1 || denominator.runs() > 1) {
            figures += ", runs " + range(figure, numerator) + " vs " + range(figure, denominator);
        }
        if (!compared.sameUnit(top, bottom)) {
            return compared.noun() + " in other units (" + figure.withUnit(numerator.median()) + " vs "
                    + figure.withUnit(denominator.median()) + ")";
        }
        if (numerator.median() == denominator.median()) {
            return "the same " + compared.noun() + " (" + figures + ")";
        }
        CostComparison comparison = new CostComparison(numerator, denominator);
        String text = comparison.outcome() == CostComparison.Outcome.ABOUT_THE_SAME ? comparison.brief()
                : trust.wireName() + " " + comparison.brief();
        if (!comparison.hasRatio()) {
            return compared.noun() + " " + figures + " (" + text + ")";
        }
        return Numbers.ratio(numerator.median(), denominator.median()) + "x the " + compared.noun() + " ("
                + figures + "; " + text + ")";
    }

    private static String range(CostRows.Figure figure, Spread spread) {
        return figure.number().apply(spread.min()) + "-" + figure.number().apply(spread.max());
    }

    private List<String> baselines() {
        return comparisons.stream().map(comparison -> comparison.baseline().trust().title()).distinct().toList();
    }

    /** "1 value", "2 values". */
    private static String values(long count) {
        return Numbers.count(count) + (count == 1 ? " value" : " values");
    }

    /** "a", "a and b", "a, b and c". */
    private static String and(List<String> parts) {
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
