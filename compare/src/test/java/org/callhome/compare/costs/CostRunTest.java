package org.callhome.compare.costs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.ConfigItem;
import org.callhome.compare.model.ConfigItem.Side;
import org.callhome.compare.model.StrategyCosts;
import org.callhome.compare.model.TrustModel;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One small cost run per strategy with real parts (the NMS here, the devices in a child JVM):
 * every number is there and consistent with the others, and the configuration burden is read
 * off the settings the run used.
 */
class CostRunTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    // the SSH strategies, whose figures these are (tls: the test below)
    @EnumSource(value = CallHomeStrategy.class, names = {"REVERSE_SSH", "DEVICE_SSH_CLIENT"})
    void aSmallRunMeasuresEveryCostAndReadsTheConfigurationItUsed(CallHomeStrategy strategy) throws Exception {
        CostRun.Outcome outcome;
        try (Testbed testbed = new Testbed(dir)) {
            outcome = new CostRun(strategy, new CostRun.Options(3, 10, 2), testbed, step -> { }).run();
        }
        StrategyCosts costs = outcome.costs();
        assertEquals(3, costs.setup().count());
        assertEquals(3, costs.handshake().count());
        assertTrue(costs.handshake().p50() > 0);
        assertTrue(costs.setup().max() >= costs.handshake().p50(), "setup includes the handshake");
        assertEquals(10, costs.rpc().count());
        assertTrue(costs.bytesToNetconf().value() > 1000, "an SSH handshake is over a kilobyte");
        assertTrue(costs.roundTrips().value() >= 2, "at least version exchange and key exchange");
        assertTrue(costs.deviceCpuPerSession().value() > 0);
        assertTrue(costs.nmsCpuPerSession().value() > 0);
        assertTrue(costs.recovery().value() > 0);
        assertTrue(costs.nmsCryptoFloor().value() > 0);
        assertTrue(costs.nmsCryptoFloor().method().contains(outcome.algorithms().keyExchange()),
                "the floor of the negotiated key exchange: " + costs.nmsCryptoFloor().method());
        assertEquals(costs.nmsCpuPerSession().value() / costs.nmsCryptoFloor().value(),
                costs.nmsCpuToFloor().value(), 1e-9);
        assertFalse(outcome.algorithms().keyExchange().isEmpty());

        ConfigBurden config = outcome.config();
        assertEquals(3, config.devices());
        assertEquals(1, config.secrets(Side.DEVICE), "the device's own private key: " + config.items());
        ConfigItem deviceKey = config.items().stream().filter(item -> item.side() == Side.DEVICE && item.secret())
                .findFirst().orElseThrow();
        assertTrue(deviceKey.perDevice());
        assertEquals(ConfigItem.Origin.GENERATED_ON_DEVICE, deviceKey.origin());
        assertEquals(0, config.bootstrapSecrets(), "nothing secret has to be conveyed to a device");
        assertEquals(1, config.nmsSecretValuesFor(1000), "one NMS private key, whatever N");
        assertEquals(1000 + config.parameters(Side.NMS) - 1, config.nmsValuesFor(1000),
                "one per-device list on the NMS, the rest shared");
        boolean loginName = config.items().stream().anyMatch(item -> item.name().startsWith("login name"));
        assertEquals(strategy == CallHomeStrategy.DEVICE_SSH_CLIENT, loginName);
        ConfigItem perDevice = config.items().stream().filter(item -> item.side() == Side.NMS && item.perDevice())
                .findFirst().orElseThrow();
        boolean deviceLogsIn = strategy == CallHomeStrategy.DEVICE_SSH_CLIENT;
        assertEquals(deviceLogsIn ? ConfigItem.Kind.LOGIN_ACCOUNT : ConfigItem.Kind.PINNED_KEY, perDevice.kind(),
                "what the NMS holds per device: " + config.items());
        assertEquals(deviceLogsIn ? 1000 : 0, config.nmsLoginsFor(1000));
        assertEquals(ConfigItem.Kind.PRIVATE_KEY, deviceKey.kind());
    }

    /**
     * tls under both trust models that apply to it: each device is known by its key the NMS
     * approved (pinned) or by the device CA's certificate (x509), and the figures are TLS's.
     */
    @ParameterizedTest
    @EnumSource(value = TrustModel.class, names = {"PINNED", "X509"})
    void aTlsRunMeasuresEveryCostUnderEachTrustModelThatAppliesToIt(TrustModel trust) throws Exception {
        CostRun.Outcome outcome;
        try (Testbed testbed = new Testbed(dir, trust, CallHomeStrategy.TLS)) {
            outcome = new CostRun(CallHomeStrategy.TLS, new CostRun.Options(3, 5, 1), testbed, step -> { }).run();
        }
        StrategyCosts costs = outcome.costs();
        assertEquals(3, costs.setup().count());
        assertEquals(5, costs.rpc().count());
        assertTrue(outcome.algorithms().keyExchange().startsWith("TLSv1."), outcome.algorithms().toString());
        assertEquals("EC P-256", outcome.algorithms().hostKey());
        assertTrue(costs.bytesToNetconf().value() > 500, "certificates both ways: " + costs.bytesToNetconf());
        assertTrue(costs.roundTrips().value() >= 1);
        assertTrue(costs.nmsCpuPerSession().value() > 0);
        assertTrue(costs.deviceCpuPerSession().value() > 0);
        assertTrue(costs.recovery().value() > 0);
        assertTrue(costs.nmsCryptoFloor().method().contains("x25519"), costs.nmsCryptoFloor().method());
        assertTrue(costs.nmsCryptoFloor().value() > 0);
    }

    @ParameterizedTest
    // OpenSSH certificates exist in SSH only
    @EnumSource(value = CallHomeStrategy.class, names = {"REVERSE_SSH", "DEVICE_SSH_CLIENT"})
    void aCertificateRunConnectsEveryDeviceWithNothingPinnedPerDevice(CallHomeStrategy strategy) throws Exception {
        CostRun.Outcome outcome;
        try (Testbed testbed = new Testbed(dir, TrustModel.OPENSSH_CERT)) {
            outcome = new CostRun(strategy, new CostRun.Options(3, 5, 1), testbed, step -> { }).run();
        }
        assertEquals(3, outcome.costs().setup().count());
        assertTrue(outcome.costs().bytesToNetconf().value() > 1000);
        // the key the server proves itself with: a device host certificate, or the NMS's host certificate
        assertTrue(outcome.algorithms().hostKey().endsWith("-cert-v01@openssh.com"), outcome.algorithms().hostKey());
        ConfigBurden config = outcome.config();
        assertTrue(config.items().stream().noneMatch(item -> item.side() == Side.NMS && item.perDevice()
                && !item.optional()), "nothing the NMS needs per device: " + config.items());
        assertEquals(0, config.nmsLoginsFor(1000) - (strategy == CallHomeStrategy.DEVICE_SSH_CLIENT ? 1 : 0),
                "in device-ssh-client one login CA, not an account per device: " + config.items());
    }
}
