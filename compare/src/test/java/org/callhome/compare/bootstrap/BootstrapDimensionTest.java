package org.callhome.compare.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.callhome.compare.model.ComparedStrategies;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.TrustModel;
import org.callhome.compare.model.ZeroTouchResult;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bootstrap dimension executed for real: a device process bootstraps and is managed; the attacks are refused. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BootstrapDimensionTest {

    @TempDir
    Path dir;

    /** Each bootstrapped strategy under each trust model that applies to it: tls has no OpenSSH certificates. */
    static Stream<Arguments> strategiesAndTrustModels() {
        return ComparedStrategies.ALL.stream().flatMap(strategy -> Stream.of(TrustModel.values())
                .filter(trust -> trust.appliesTo(strategy)).map(trust -> Arguments.of(strategy, trust)));
    }

    static List<CallHomeStrategy> bootstrapped() {
        return ComparedStrategies.ALL;
    }

    /**
     * Under every trust model: with certificates the NMS presents them and the device, conveyed the
     * NMS's CA and nothing else of it, accepts them. In tls under pinned keys the NMS's self-signed
     * certificate is conveyed and pinned; the NMS trusts the device by the IDevID key its report came with.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("strategiesAndTrustModels")
    void aFactoryFreshDeviceIsManagedAndTheConveyedConfigurationHoldsNoSecret(CallHomeStrategy strategy,
                                                                              TrustModel trust) throws Exception {
        ZeroTouchResult result = new ZeroTouchScenario(dir).run(strategy, trust);

        assertTrue(result.managed(), String.join("\n", result.evidence()));
        assertTrue(result.bootstrapToManagedMs() > 0 && result.bootstrapToManagedMs() <= result.startToManagedMs(),
                result.toJson().encodePrettily());
        assertTrue(result.conveyedItems() > 3 && result.conveyedBytes() > 100, result.toJson().encodePrettily());
        assertEquals(0, result.conveyedSecrets(), result.toJson().encodePrettily());
        String expected = switch (strategy) {
            case REVERSE_SSH -> "1 SSH host key from bootstrap-complete, trusted as the device's key";
            case DEVICE_SSH_CLIENT -> "nothing";
            case TLS -> "the IDevID key the report was authenticated with, trusted as the device's key";
        };
        assertTrue(result.learnedBack().startsWith(expected), result.learnedBack());
        String trustLeaf = strategy == CallHomeStrategy.TLS ? "ca-certificates-file"
                : trust == TrustModel.PINNED && strategy == CallHomeStrategy.DEVICE_SSH_CLIENT
                ? "host-key-file" : strategy == CallHomeStrategy.DEVICE_SSH_CLIENT ? "known-hosts-file"
                : "authorized-keys-file";
        assertTrue(result.conveyed().stream().anyMatch(name -> name.endsWith(trustLeaf)), result.conveyed().toString());
        assertEquals(trust, result.trust());
        String pinned = strategy == CallHomeStrategy.TLS ? "NMS certificate (pinned)" : "NMS public key";
        assertEquals(trust == TrustModel.X509 ? "X.509 CA certificate" : trust == TrustModel.OPENSSH_CERT
                ? "OpenSSH CA key" : pinned, result.conveyedTrust());
    }

    @ParameterizedTest
    @MethodSource("bootstrapped")
    void devicesRefuseRogueForeignAndExpiredVouchersWithTheirReasons(CallHomeStrategy strategy) throws Exception {
        List<SecurityResult> results = new BootstrapAttacks(dir).run(strategy);

        Map<String, SecurityResult> byId = results.stream()
                .collect(Collectors.toMap(SecurityResult::scenario, result -> result));
        assertEquals(List.of(BootstrapAttacks.ROGUE, BootstrapAttacks.OTHER_SERIAL, BootstrapAttacks.EXPIRED,
                BootstrapAttacks.STOLEN), results.stream().map(SecurityResult::scenario).toList());
        results.forEach(result -> assertEquals(SecurityResult.Verdict.HOLDS, result.verdict(),
                result.scenario() + ": " + String.join("\n", result.evidence())));
        String rogue = String.join("\n", byId.get(BootstrapAttacks.ROGUE).evidence());
        assertTrue(rogue.contains("refused, owner-not-pinned") && rogue.contains("refused, voucher-signature"), rogue);
        assertTrue(rogue.contains("bootstrap-error: owner-not-pinned"), rogue);
        assertTrue(String.join("\n", byId.get(BootstrapAttacks.OTHER_SERIAL).evidence())
                .contains("bootstrap-error: voucher-serial-mismatch"));
        assertTrue(String.join("\n", byId.get(BootstrapAttacks.EXPIRED).evidence())
                .contains("bootstrap-error: voucher-expired"));
        assertTrue(byId.get(BootstrapAttacks.STOLEN).summary().equals("got the configuration, no secret"),
                byId.get(BootstrapAttacks.STOLEN).finding());
    }
}
