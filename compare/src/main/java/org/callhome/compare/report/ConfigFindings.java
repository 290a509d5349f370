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
        if (columns.strategies().size() == 2) {
            ConfigBurden first = burdenOf(columns.strategies().get(0));
            ConfigBurden second = burdenOf(columns.strategies().get(1));
            long firstLogins = first.nmsLoginsFor(BurdenRows.FLEET);
            long secondLogins = second.nmsLoginsFor(BurdenRows.FLEET);
            String count = first.nmsValuesFor(BurdenRows.FLEET) == second.nmsValuesFor(BurdenRows.FLEET)
                    ? "same count" : "different counts";
            if (firstLogins == secondLogins) {
                lines.add(count + "; values granting a login on the NMS: " + Numbers.count(firstLogins) + " for both");
            } else {
                lines.add(count + ", different risk: values granting a login on the NMS: "
                        + first.strategy().wireName() + " " + Numbers.count(firstLogins) + ", "
                        + second.strategy().wireName() + " " + Numbers.count(secondLogins));
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

    /** With two strategies, a line saying which needs more, and how many. */
    private void compare(List<String> lines, ToLongFunction<ConfigBurden> count) {
        if (columns.strategies().size() != 2) {
            return;
        }
        CallHomeStrategy first = columns.strategies().get(0);
        CallHomeStrategy second = columns.strategies().get(1);
        long firstCount = count.applyAsLong(burdenOf(first));
        long secondCount = count.applyAsLong(burdenOf(second));
        if (firstCount == secondCount) {
            lines.add("the same number for both");
            return;
        }
        boolean secondMore = secondCount > firstCount;
        String more = Numbers.count(Math.abs(secondCount - firstCount));
        lines.add((secondMore ? second : first).wireName() + " needs " + more + " more than "
                + (secondMore ? first : second).wireName());
    }

    private ConfigBurden burdenOf(CallHomeStrategy strategy) {
        return trust.config().get(strategy);
    }
}
