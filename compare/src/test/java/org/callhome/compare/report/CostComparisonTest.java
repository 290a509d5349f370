package org.callhome.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.CostRuns;
import org.callhome.compare.model.Measured;
import org.callhome.compare.model.Spread;
import org.callhome.compare.model.StrategyCosts;
import org.callhome.compare.model.TrustModel;
import org.callhome.compare.model.TrustResults;
import org.junit.jupiter.api.Test;

/**
 * The rule that decides whether two strategies differ on a cost figure, at its limits, and the
 * ratio columns it is applied to: device-ssh-client and tls, each against reverse-ssh.
 */
class CostComparisonTest {

    @Test
    void tenPercentApartIsAboutTheSameAndJustOverItIsNot() {
        assertEquals(CostComparison.Outcome.ABOUT_THE_SAME, compare(110, 100).outcome());
        assertEquals("about the same (within 10%)", compare(110, 100).describe("b"));
        assertEquals(CostComparison.Outcome.HIGHER, compare(110.5, 100).outcome());
        assertEquals("b 10.5% higher", compare(110.5, 100).describe("b"));
        assertEquals(CostComparison.Outcome.ABOUT_THE_SAME, compare(90, 100).outcome());
        assertEquals("b 11% lower", compare(89, 100).describe("b"));
    }

    @Test
    void overlappingRangesOfSeveralRunsAreAboutTheSame() {
        Spread numerator = Spread.of(List.of(60.0, 80.0, 130.0));
        Spread denominator = Spread.of(List.of(100.0, 110.0, 120.0));

        CostComparison comparison = new CostComparison(numerator, denominator);

        assertEquals(CostComparison.Outcome.ABOUT_THE_SAME, comparison.outcome());
        assertEquals("about the same (the ranges of their runs overlap)", comparison.describe("b"));
        CostComparison apart = new CostComparison(Spread.of(List.of(60.0, 80.0, 99.0)), denominator);
        assertEquals("b 27% lower", apart.describe("b"));
    }

    @Test
    void aZeroDenominatorHasNoRatioButStillADirection() {
        CostComparison comparison = compare(5, 0);

        assertEquals(false, comparison.hasRatio());
        assertEquals("b higher", comparison.describe("b"));
        assertEquals("the same", compare(0, 0).describe("b"));
    }

    @Test
    void spreadTakesTheMiddleOfAnEvenCountAndRefusesNone() {
        assertEquals(new Spread(1, 2.5, 4, 4), Spread.of(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(new Spread(7, 7, 7, 1), Spread.of(List.of(7.0)));
        assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of()));
    }

    @Test
    void aRatioColumnNeedsTheCostsOfBothItsStrategies() {
        assertEquals(List.of(Columns.DEVICE_SSH_CLIENT_RATIO, Columns.TLS_RATIO), ratios(ComparisonFixture.threeStrategies(),
                TrustModel.PINNED));
        assertEquals(List.of(Columns.DEVICE_SSH_CLIENT_RATIO), ratios(ComparisonFixture.threeStrategies(),
                TrustModel.OPENSSH_CERT), "tls has no costs under OpenSSH certificates");
        assertEquals(List.of(Columns.TLS_RATIO), ratios(ComparisonFixture.strategies(ComparisonFixture.RS,
                ComparisonFixture.TLS), TrustModel.X509));
        assertEquals(List.of(), ratios(ComparisonFixture.strategies(ComparisonFixture.DSC, ComparisonFixture.TLS),
                TrustModel.PINNED), "nothing to divide by without reverse-ssh");
        assertEquals("tls / reverse-ssh", Columns.TLS_RATIO.label());
    }

    @Test
    void eachRatioCellDividesItsOwnPairAndNoneDividesFiguresOfTwoUnits() {
        ComparisonResults results = ComparisonFixture.threeStrategies();
        TrustResults pinned = results.trust(TrustModel.PINNED).orElseThrow();
        CostRows rows = new CostRows(pinned, Columns.forCosts(results.run(), pinned));

        assertEquals(List.of("1.25", "0.75"), rows.measured(MeasuredMetric.BYTES_TO_NETCONF, "value").ratios());
        assertEquals(List.of("", ""), rows.latency(LatencyMetric.SETUP).get(0).ratios(), "sample counts");
        TrustResults changed = new TrustResults(pinned.trust(), pinned.config(), pinned.security(),
                Map.of(ComparisonFixture.RS, pinned.costs().get(ComparisonFixture.RS),
                        ComparisonFixture.DSC, pinned.costs().get(ComparisonFixture.DSC),
                        ComparisonFixture.TLS, inKilobytes(pinned.costs().get(ComparisonFixture.TLS))),
                pinned.algorithms());
        CostRows mixed = new CostRows(changed, Columns.forCosts(results.run(), changed));
        assertEquals(List.of("1.25", Numbers.NO_RATIO), mixed.measured(MeasuredMetric.BYTES_TO_NETCONF, "value")
                .ratios());
    }

    private static List<Columns.Ratio> ratios(ComparisonResults results, TrustModel trust) {
        return Columns.forCosts(results.run(), results.trust(trust).orElseThrow()).ratios();
    }

    /** {@code runs} with the bytes to NETCONF counted in kilobytes. */
    private static CostRuns inKilobytes(CostRuns runs) {
        return new CostRuns(runs.strategy(), runs.runs().stream().map(run -> new StrategyCosts(run.strategy(),
                run.devices(), run.setup(), run.handshake(), new Measured(run.bytesToNetconf().value() / 1000, "kB",
                run.bytesToNetconf().method()), run.roundTrips(), run.deviceCpuPerSession(), run.nmsCpuPerSession(),
                run.nmsHeapPerIdleSession(), run.rpc(), run.recovery(), run.nmsCryptoFloor(), run.nmsCpuToFloor()))
                .toList());
    }

    private static CostComparison compare(double numerator, double denominator) {
        return new CostComparison(Spread.of(List.of(numerator)), Spread.of(List.of(denominator)));
    }
}
