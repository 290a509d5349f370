package org.callhome.compare.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.ComparedStrategies;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.ConfigItem;
import org.callhome.compare.model.ConfigItem.Kind;
import org.callhome.compare.model.ConfigItem.Origin;
import org.callhome.compare.model.ConfigItem.Side;
import org.callhome.compare.model.TrustModel;
import org.callhome.device.DeviceAgent;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The configuration burden is read off the settings a testbed really hands the NMS and the
 * devices: pinned keys put one value per device on the NMS, certificates (OpenSSH or X.509) put
 * none there but the CA (and, only when the NMS is given one, the list of ids it expects).
 */
class ConfigInventoryTest {

    private static final InetSocketAddress NMS = new InetSocketAddress(Testbed.NMS_HOST, 4334);
    private static final int DEVICES = 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CallHomeStrategy.class)
    void pinnedKeysPutOneLearnedValuePerDeviceOnTheNms(CallHomeStrategy strategy) throws Exception {
        ConfigBurden burden = burden(strategy, TrustModel.PINNED, true);

        List<ConfigItem> perDevice = nms(burden).stream().filter(ConfigItem::perDevice).toList();
        assertEquals(1, perDevice.size(), burden.items().toString());
        assertEquals(Origin.LEARNED_FROM_DEVICE, perDevice.get(0).origin());
        assertFalse(perDevice.get(0).optional());
        assertEquals(strategy == CallHomeStrategy.DEVICE_SSH_CLIENT ? Kind.LOGIN_ACCOUNT : Kind.PINNED_KEY,
                perDevice.get(0).kind());
        assertTrue(burden.items().stream().noneMatch(item -> item.kind() == Kind.CA_KEY
                || item.kind() == Kind.LOGIN_CA), burden.items().toString());
        // TLS knows no key without a certificate: each side's own, signed by its own key, and nothing else
        assertEquals(strategy == CallHomeStrategy.TLS ? 2 : 0, burden.items().stream()
                .filter(item -> item.kind() == Kind.CERTIFICATE).count(), burden.items().toString());
    }

    /**
     * Pinned tls: the NMS holds each device's key approved through the API (it has no trust file),
     * and each device pins the NMS's own client certificate as the one its account admits.
     */
    @ParameterizedTest
    @EnumSource(value = TrustModel.class, names = {"PINNED", "X509"})
    void tlsIsReadOffItsOwnSettings(TrustModel trust) throws Exception {
        ConfigBurden burden = burden(CallHomeStrategy.TLS, trust, true);
        List<String> names = burden.items().stream().map(ConfigItem::name).toList();
        assertTrue(names.contains("device TLS certificate chain (PEM)"), names.toString());
        assertTrue(names.contains(trust == TrustModel.PINNED
                ? "pinned NMS client certificate (PEM account file, ee-certs)"
                : "NMS CA certificate trusted for the NMS's account (PEM account file)"), names.toString());
        assertEquals(trust == TrustModel.PINNED, names.contains("trusted device keys (approved through the API)"),
                names.toString());
        assertEquals(1, burden.secrets(Side.DEVICE), "the device's TLS key: " + burden.items());
        assertEquals(1, burden.nmsSecretValuesFor(1000), "the NMS's TLS client key: " + burden.items());
        assertTrue(names.stream().noneMatch(name -> name.contains("SSH") || name.contains("login")),
                "nothing of SSH: " + names);
    }

    @ParameterizedTest
    @MethodSource("certifiedRuns")
    void certificatesPutTheCaOnTheNmsAndNothingRequiredPerDevice(CallHomeStrategy strategy, TrustModel trust)
            throws Exception {
        // the NMS logs in (reverse-ssh) or gets a session by its client certificate (tls): a CA admits it
        boolean reverse = strategy != CallHomeStrategy.DEVICE_SSH_CLIENT;
        ConfigBurden burden = burden(strategy, trust, true);

        assertTrue(nms(burden).stream().noneMatch(item -> item.perDevice() && !item.optional()),
                "nothing the NMS needs per device: " + burden.items());
        assertTrue(nms(burden).stream().noneMatch(item -> item.origin() == Origin.LEARNED_FROM_DEVICE),
                "nothing learned from the devices: " + burden.items());
        ConfigItem ca = nms(burden).stream().filter(item -> item.name().contains("--device-ca")).findFirst()
                .orElseThrow();
        assertEquals(reverse ? Kind.CA_KEY : Kind.LOGIN_CA, ca.kind(), "in device-ssh-client the CA logs devices in");
        assertEquals(1, ca.values());
        ConfigItem ids = nms(burden).stream().filter(ConfigItem::optional).findFirst().orElseThrow();
        assertTrue(ids.perDevice());
        assertEquals(Kind.NAME, ids.kind());
        assertEquals(Origin.NMS_LOCAL, ids.origin(), "known before the devices call");
        assertEquals(DEVICES, ids.values());
        assertTrue(nms(burden).stream().anyMatch(item -> item.kind() == Kind.CERTIFICATE),
                "the NMS's own certificate: " + burden.items());

        List<ConfigItem> device = burden.items().stream().filter(item -> item.side() == Side.DEVICE).toList();
        ConfigItem certificate = device.stream().filter(item -> item.kind() == Kind.CERTIFICATE).findFirst()
                .orElseThrow();
        assertTrue(certificate.perDevice());
        assertFalse(certificate.secret());
        assertEquals(Origin.CONVEYED_TO_DEVICE, certificate.origin());
        assertTrue(device.stream().anyMatch(item -> item.kind() == (reverse ? Kind.LOGIN_CA : Kind.CA_KEY)
                && !item.perDevice()), "the device trusts the NMS CA, the same for every device: " + device);
    }

    @ParameterizedTest
    @MethodSource("certifiedRuns")
    void withoutExpectedIdsTheNmsHoldsNothingPerDevice(CallHomeStrategy strategy, TrustModel trust) throws Exception {
        ConfigBurden burden = burden(strategy, trust, false);

        assertTrue(nms(burden).stream().noneMatch(ConfigItem::perDevice), burden.items().toString());
        assertTrue(nms(burden).stream().noneMatch(ConfigItem::optional), burden.items().toString());
    }

    @ParameterizedTest
    // OpenSSH certificates exist in SSH only
    @EnumSource(value = CallHomeStrategy.class, names = {"REVERSE_SSH", "DEVICE_SSH_CLIENT"})
    void x509SettingsCountAsTheOpenSshOnesTheyStandFor(CallHomeStrategy strategy) throws Exception {
        ConfigBurden openSsh = burden(strategy, TrustModel.OPENSSH_CERT, true);
        ConfigBurden x509 = burden(strategy, TrustModel.X509, true);

        assertEquals(shape(openSsh), shape(x509), "each X.509 file counted as the OpenSSH one it replaces:\n"
                + openSsh.items() + "\n" + x509.items());
        assertEquals(openSsh.nmsValuesFor(1000), x509.nmsValuesFor(1000));
        List<String> pem = x509.items().stream().filter(item -> item.kind() == Kind.CERTIFICATE
                || item.kind() == Kind.CA_KEY || item.kind() == Kind.LOGIN_CA).map(ConfigItem::name).toList();
        assertEquals(4, pem.size(), pem.toString());
        assertTrue(pem.stream().allMatch(name -> name.contains("PEM")), "named as the PEM files they are: " + pem);
    }

    /** Every item but its name: side, kind, secrecy, per device, origin, count and optionality, in order. */
    private static List<String> shape(ConfigBurden burden) {
        return burden.items().stream().map(item -> item.side() + " " + item.kind() + " " + item.secret() + " "
                + item.perDevice() + " " + item.origin() + " " + item.values() + " " + item.optional()).toList();
    }

    static Stream<Arguments> certifiedRuns() {
        return ComparedStrategies.ALL.stream().flatMap(strategy -> Stream.of(TrustModel.OPENSSH_CERT,
                TrustModel.X509).filter(trust -> trust.appliesTo(strategy)).map(trust -> Arguments.of(strategy, trust)));
    }

    /** The burden of {@value #DEVICES} devices and an NMS set up by a testbed of {@code trust}. */
    private ConfigBurden burden(CallHomeStrategy strategy, TrustModel trust, boolean expectIds) throws Exception {
        try (Testbed testbed = new Testbed(dir.resolve(strategy.wireName() + "-" + trust.wireName()), trust,
                strategy)) {
            Testbed.NmsKeys keys = testbed.nmsKeys("nms");
            Map<String, PublicKey> trusted = new LinkedHashMap<>();
            List<DeviceAgent.Settings> devices = new ArrayList<>();
            for (int i = 1; i <= DEVICES; i++) {
                String id = "dev-" + i;
                trusted.put(id, testbed.devicePublicKey(id));
                DeviceSpec spec = testbed.deviceSpec(strategy, id, keys, NMS, Role.ADMIN);
                assertEquals(trust != TrustModel.PINNED || strategy == CallHomeStrategy.TLS,
                        spec.certificateFile().isPresent());
                devices.add(spec.settings());
            }
            Testbed.NmsSpec nms = new Testbed.NmsSpec("nms", strategy, keys, expectIds ? trusted : Map.of(), 0, false);
            // a tls NMS pins devices by approving their keys through the API, as the testbed does
            int approved = strategy == CallHomeStrategy.TLS && trust == TrustModel.PINNED ? trusted.size() : 0;
            return ConfigInventory.of(strategy, devices, testbed.nmsSettings(nms), approved);
        }
    }

    private static List<ConfigItem> nms(ConfigBurden burden) {
        return burden.items().stream().filter(item -> item.side() == Side.NMS).toList();
    }
}
