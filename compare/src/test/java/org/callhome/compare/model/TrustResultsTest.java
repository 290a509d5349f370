package org.callhome.compare.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.callhome.compare.model.ConfigItem.Kind;
import org.callhome.compare.model.ConfigItem.Origin;
import org.callhome.compare.model.ConfigItem.Side;
import org.callhome.shared.cli.BuildInfo;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;

/**
 * The model of the trust-model dimension: what a burden counts of required and optional items,
 * and how the results of several trust models are ordered, looked up and compared.
 */
class TrustResultsTest {

    private static final CallHomeStrategy RS = CallHomeStrategy.REVERSE_SSH;
    private static final CallHomeStrategy DSC = CallHomeStrategy.DEVICE_SSH_CLIENT;

    private static final ConfigBurden CERTIFICATES = new ConfigBurden(RS, 4, List.of(
            new ConfigItem(Side.DEVICE, "host certificate", Kind.CERTIFICATE, false, true,
                    Origin.CONVEYED_TO_DEVICE, 1),
            new ConfigItem(Side.NMS, "device CA", Kind.CA_KEY, false, false, Origin.NMS_LOCAL, 1),
            new ConfigItem(Side.NMS, "NMS login key", Kind.PRIVATE_KEY, true, false, Origin.NMS_LOCAL, 1),
            new ConfigItem(Side.NMS, "expected device ids", Kind.NAME, false, true, Origin.NMS_LOCAL, 4, true)));

    private static final ConfigBurden PINNED_KEYS = new ConfigBurden(RS, 4, List.of(
            new ConfigItem(Side.NMS, "NMS login key", Kind.PRIVATE_KEY, true, false, Origin.NMS_LOCAL, 1),
            new ConfigItem(Side.NMS, "known devices", Kind.PINNED_KEY, false, true, Origin.LEARNED_FROM_DEVICE, 4)));

    @Test
    void theOldConstructorMakesARequiredItem() {
        ConfigItem item = new ConfigItem(Side.NMS, "listen address", Kind.ADDRESS, false, false, Origin.NMS_LOCAL, 1);

        assertFalse(item.optional());
        assertFalse(item.toJson().getBoolean("optional"));
    }

    @Test
    void whatTheNmsNeedsCountsRequiredItemsAndOptionalOnesApart() {
        assertEquals(2, CERTIFICATES.nmsValuesFor(1000));
        assertEquals(0, CERTIFICATES.nmsPerDeviceValuesFor(1000));
        assertFalse(CERTIFICATES.nmsGrowsWithDevices());
        assertEquals(1000, CERTIFICATES.nmsOptionalValuesFor(1000));
        assertEquals(List.of("expected device ids"), CERTIFICATES.nmsOptional().stream().map(ConfigItem::name).toList());
        assertEquals(Map.of(Kind.CA_KEY, 1L, Kind.PRIVATE_KEY, 1L), CERTIFICATES.nmsValuesByKind(1000));
        assertEquals(2, CERTIFICATES.parameters(Side.NMS));
        assertEquals(1, CERTIFICATES.optionalParameters(Side.NMS));
        assertEquals(0, CERTIFICATES.uniquePerDevice(Side.NMS));
        assertEquals(0, CERTIFICATES.nmsLearnedFromEachDevice());
        assertEquals(1, CERTIFICATES.bootstrap().size());

        assertEquals(1001, PINNED_KEYS.nmsValuesFor(1000));
        assertEquals(1000, PINNED_KEYS.nmsPerDeviceValuesFor(1000));
        assertTrue(PINNED_KEYS.nmsGrowsWithDevices());
        assertEquals(1, PINNED_KEYS.nmsLearnedFromEachDevice());
        assertEquals(0, PINNED_KEYS.nmsOptionalValuesFor(1000));
    }

    @Test
    void aLoginCaGrantsLoginsAndACaKeyDoesNot() {
        assertTrue(Kind.LOGIN_CA.grantsLogin());
        assertTrue(Kind.LOGIN_ACCOUNT.grantsLogin());
        assertFalse(Kind.CA_KEY.grantsLogin());
        assertFalse(Kind.CERTIFICATE.grantsLogin());
        ConfigBurden loginCa = new ConfigBurden(DSC, 4, List.of(
                new ConfigItem(Side.NMS, "device CA for logins", Kind.LOGIN_CA, false, false, Origin.NMS_LOCAL, 1)));
        assertEquals(1, loginCa.nmsLoginsFor(1000));
        assertEquals(0, CERTIFICATES.nmsLoginsFor(1000));
        assertEquals("2 CA public keys (vouch for many)", Kind.CA_KEY.count(2));
    }

    @Test
    void resultsFollowTheRunsOrderOfTrustModelsAndAreLookedUpByTrustModel() {
        TrustResults certificates = trust(TrustModel.OPENSSH_CERT, CERTIFICATES);
        TrustResults pinned = trust(TrustModel.PINNED, PINNED_KEYS);

        ComparisonResults results = new ComparisonResults(run(List.of(TrustModel.PINNED, TrustModel.OPENSSH_CERT)),
                List.of(certificates, pinned));

        assertEquals(List.of(pinned, certificates), results.trustModels());
        assertEquals(certificates, results.trust(TrustModel.OPENSSH_CERT).orElseThrow());
        ComparisonResults pinnedOnly = new ComparisonResults(run(List.of(TrustModel.PINNED)), List.of(pinned));
        assertTrue(pinnedOnly.trust(TrustModel.OPENSSH_CERT).isEmpty());
        assertTrue(pinnedOnly.trustComparisons().isEmpty());
        assertTrue(pinnedOnly.toJson().getJsonObject("trustComparison").isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> new ComparisonResults(run(List.of(TrustModel.PINNED)), List.of(pinned, pinned)));
    }

    @Test
    void aStrategyIsComparedAcrossTrustModelsAgainstPinnedKeys() {
        ComparisonResults results = new ComparisonResults(run(List.of(TrustModel.OPENSSH_CERT, TrustModel.PINNED)),
                List.of(trust(TrustModel.PINNED, PINNED_KEYS), trust(TrustModel.OPENSSH_CERT, CERTIFICATES)));

        List<TrustComparison> comparisons = results.trustComparisons();

        assertEquals(1, comparisons.size(), "reverse-ssh alone has results under both");
        TrustComparison comparison = comparisons.get(0);
        assertEquals(RS, comparison.strategy());
        assertEquals(TrustModel.PINNED, comparison.baseline().trust(), "pinned keys, wherever the run lists them");
        assertEquals(List.of(TrustModel.OPENSSH_CERT), comparison.others().stream().map(TrustResults::trust).toList());
        assertTrue(comparison.toJson().getJsonObject("costs").isEmpty(), "no cost run, no cost ratio");
        assertEquals(2, comparison.toJson().getJsonObject("configuration").getJsonObject("openssh-cert")
                .getLong("nmsValuesFor1000"));
        assertThrows(IllegalArgumentException.class,
                () -> new TrustComparison(RS, List.of(trust(TrustModel.PINNED, PINNED_KEYS))));
    }

    private static TrustResults trust(TrustModel trust, ConfigBurden burden) {
        return new TrustResults(trust, Map.of(burden.strategy(), burden), List.of(), Map.of(), Map.of());
    }

    private static RunInfo run(List<TrustModel> trustModels) {
        return new RunInfo(new BuildInfo("1.0", "abc", false), "2025-01-01T00:00:00Z", 1, 1, 4, true, 1,
                List.of(RS, DSC), trustModels, List.of(List.of(RS, DSC)), "17", "Linux", 2, "MINA", Map.of());
    }
}
