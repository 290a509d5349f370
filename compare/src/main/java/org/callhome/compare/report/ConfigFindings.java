package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.ConfigItem;
import org.callhome.compare.model.ConfigItem.Kind;
import org.callhome.compare.model.ConfigItem.Side;
import org.callhome.compare.model.TrustResults;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The configuration findings under one trust model, from the burden each strategy's run
 * recorded: what every device needs, what a zero-touch bootstrap carries, and what the NMS holds
 * for a fleet, broken down by kind so that equal counts of different risk do not read alike.
 */
final class ConfigFindings {

    private final TrustResults trust;
    private final Columns columns;

    private ConfigFindings(TrustResults trust, Columns columns) {
        this.trust = trust;
        this.columns = columns;
    }

    static Finding.Group of(TrustResults trust, Columns columns) {
        ConfigFindings findings = new ConfigFindings(trust, columns);
        return new Finding.Group(Headings.under(Headings.FINDINGS_CONFIGURATION, trust.trust()), List.of(), List.of(
                findings.deviceParameters(), findings.bootstrap(), findings.nmsValues()));
    }

    private Finding deviceParameters() {
        List<String> lines = perStrategy(burden -> Numbers.count(burden.parameters(Side.DEVICE)) + " ("
                + Numbers.count(burden.secrets(Side.DEVICE)) + " secret, "
                + Numbers.count(burden.uniquePerDevice(Side.DEVICE)) + " unique per device)");
        compare(lines, burden -> burden.parameters(Side.DEVICE));
        return new Finding("Parameters on each device", lines,
                "Each one has to be set on every device, by hand or by a zero-touch bootstrap.");
    }

    private Finding bootstrap() {
        List<String> lines = perStrategy(burden -> Numbers.count(burden.bootstrap().size()) + " items, "
                + Numbers.count(burden.bootstrapSecrets()) + " of them secret");
        compare(lines, burden -> burden.bootstrap().size());
        return new Finding("What a zero-touch bootstrap conveys to each device", lines,
                "Bootstrap data is signed and travels through untrusted hands; a secret in it would have to be "
                        + "encrypted to each device.");
    }

    private Finding nmsValues() {
        List<String> lines = perStrategy(burden -> Numbers.count(burden.nmsValuesFor(BurdenRows.FLEET)) + " = "
                + byKind(burden.nmsValuesByKind(BurdenRows.FLEET)) + optional(burden));
        List<CallHomeStrategy> strategies = columns.strategies();
        if (strategies.size() >= 2) {
            List<ConfigBurden> burdens = strategies.stream().map(this::burdenOf).toList();
            String count = burdens.stream().map(burden -> burden.nmsValuesFor(BurdenRows.FLEET)).distinct().count() == 1
                    ? "same count" : "different counts";
            List<Long> logins = burdens.stream().map(burden -> burden.nmsLoginsFor(BurdenRows.FLEET)).toList();
            if (logins.stream().distinct().count() == 1) {
                lines.add(count + "; values granting a login on the NMS: " + Numbers.count(logins.get(0)) + " for "
                        + Numbers.all(strategies.size()));
            } else {
                List<String> each = new ArrayList<>();
                for (int i = 0; i < strategies.size(); i++) {
                    each.add(strategies.get(i).wireName() + " " + Numbers.count(logins.get(i)));
                }
                lines.add(count + ", different risk: values granting a login on the NMS: " + String.join(", ", each));
            }
        }
        return new Finding("NMS values for " + Numbers.count(BurdenRows.FLEET) + " devices", lines,
                "A pinned public key or a CA key only lets the NMS recognise devices; a login account lets whoever "
                        + "holds that device's key into the NMS, a login CA every key it certifies, and each has to "
                        + "be provisioned, audited and revoked.");
    }

    /** ", plus 1,000 optional (expected device ids)", or nothing when the NMS has no optional value. */
    private static String optional(ConfigBurden burden) {
        long values = burden.nmsOptionalValuesFor(BurdenRows.FLEET);
        if (values == 0) {
            return "";
        }
        return ", plus " + Numbers.count(values) + " optional ("
                + String.join(", ", burden.nmsOptional().stream().map(ConfigItem::name).toList()) + ")";
    }

    /** "1,000 pinned public keys (grant nothing), 1 address, ...", largest first. */
    static String byKind(Map<Kind, Long> values) {
        List<String> parts = new ArrayList<>();
        values.entrySet().stream().sorted(Map.Entry.<Kind, Long>comparingByValue().reversed())
                .forEach(entry -> parts.add(entry.getKey().count(entry.getValue())));
        return String.join(", ", parts);
    }

    /** One line per strategy: its name, then {@code text} of its burden. */
    private List<String> perStrategy(Function<ConfigBurden, String> text) {
        List<String> lines = new ArrayList<>();
        for (CallHomeStrategy strategy : columns.strategies()) {
            lines.add(strategy.wireName() + ": " + text.apply(burdenOf(strategy)));
        }
        return lines;
    }

    /**
     * With several strategies, how their counts compare: "the same number for both" (or all three)
     * when they agree, else for each strategy after the first a line saying which of it and the
     * first needs more, and how many.
     */
    private void compare(List<String> lines, ToLongFunction<ConfigBurden> count) {
        List<CallHomeStrategy> strategies = columns.strategies();
        if (strategies.size() < 2) {
            return;
        }
        if (strategies.stream().map(strategy -> count.applyAsLong(burdenOf(strategy))).distinct().count() == 1) {
            lines.add("the same number for " + Numbers.all(strategies.size()));
            return;
        }
        CallHomeStrategy first = strategies.get(0);
        long firstCount = count.applyAsLong(burdenOf(first));
        for (CallHomeStrategy other : strategies.subList(1, strategies.size())) {
            long otherCount = count.applyAsLong(burdenOf(other));
            if (otherCount == firstCount) {
                lines.add(other.wireName() + " needs the same number as " + first.wireName());
                continue;
            }
            boolean otherMore = otherCount > firstCount;
            lines.add((otherMore ? other : first).wireName() + " needs " + Numbers.count(Math.abs(otherCount - firstCount))
                    + " more than " + (otherMore ? first : other).wireName());
        }
    }

    private ConfigBurden burdenOf(CallHomeStrategy strategy) {
        return trust.config().get(strategy);
    }
}
