package org.callhome.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.shared.testing.Yanglint;
import org.callhome.shared.x509.CertToName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tls tree: what the writer writes, the reader reads back to equal settings, and yanglint
 * accepts with {@link TlsCallHomeYang}'s modules and features.
 */
class TlsCallHomeJsonTest {

    @Test
    void aNonTrivialConfigurationRoundTrips() throws Exception {
        DeviceTlsCallHomeConfig config = TlsConfigSamples.nonTrivial();
        String json = TlsCallHomeJson.write(config);

        assertEquals(config, TlsCallHomeJson.parse(json, "written.json"));
        assertEquals(json, TlsCallHomeJson.write(TlsCallHomeJson.parse(json, "written.json")));
    }

    @Test
    void theSimpleRuleIsWrittenAsTheProjectsCertToNameIdentityAndReadBackAsNoMappings() throws Exception {
        DeviceTlsCallHomeConfig config = TlsConfigSamples.simple();
        String json = TlsCallHomeJson.write(config);

        assertTrue(json.contains("\"map-type\": \"callhome-device-tls:serial-number-or-common-name\""), json);
        DeviceTlsCallHomeConfig read = TlsCallHomeJson.parse(json, "simple.json");
        assertEquals(CertToName.NONE, read.device().clientIdentityMappings());
        assertEquals(config, read);
    }

    @Test
    void keepalivesAreWrittenAsTcpKeepalivesAndNeverAsTlsHeartbeats() {
        String json = TlsCallHomeJson.write(TlsConfigSamples.nonTrivial());

        assertTrue(json.contains("\"idle-time\": 15,\n"), json);
        assertTrue(json.contains("\"max-probes\": 4,\n"), json);
        assertTrue(json.contains("\"probe-interval\": 15\n"), json);
        assertFalse(json.contains("peer-allowed-to-send") || json.contains("test-peer-aliveness"), json);
    }

    @Test
    void theVersionsTheDeviceOffersAreStated() {
        String json = TlsCallHomeJson.write(TlsConfigSamples.simple());

        assertTrue(json.contains("\"min\": \"ietf-tls-common:tls12\""), json);
        assertTrue(json.contains("\"max\": \"ietf-tls-common:tls13\""), json);
    }

    @Test
    void withoutPortKeepalivesOrVersionsTheModelsDefaultsApply() throws Exception {
        String json = TlsCallHomeJson.write(TlsConfigSamples.simple())
                .replace("\"remote-port\": 4335,", "")
                .replaceAll("(?s),\\s*\"keepalives\": \\{[^}]*}", "")
                .replaceAll("(?s),\\s*\"hello-params\": \\{[^}]*}\\s*}", "");
        assertFalse(json.contains("remote-port") || json.contains("keepalives") || json.contains("hello-params"),
                json);

        DeviceTlsCallHomeConfig read = TlsCallHomeJson.parse(json, "defaults.json");
        assertEquals(Endpoint.DEFAULT_TLS_PORT, read.clients().get(0).endpoints().get(0).port());
        assertEquals(Keepalives.DEFAULT, read.clients().get(0).keepalives());
    }

    @Test
    void aKeepaliveTimeTheModelCannotExpressIsRefusedWhenWriting() {
        DeviceTlsCallHomeConfig config = TlsConfigSamples.simple();
        CallHomeSettings nms = config.clients().get(0).withKeepalives(new Keepalives(Duration.ofMillis(300), 3));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsCallHomeJson.write(new DeviceTlsCallHomeConfig(List.of(nms), config.device())));
        assertTrue(e.getMessage().contains("keepalive max-wait"), e.getMessage());
    }

    @Test
    void aDeviceWithoutItsChainIsNoTlsConfiguration() {
        DeviceTlsCallHomeConfig config = TlsConfigSamples.simple();
        DeviceSshSettings noChain = config.device().withCertificates(Optional.empty(), Optional.empty());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeviceTlsCallHomeConfig(config.clients(), noChain));
        assertTrue(e.getMessage().contains("certificate chain"), e.getMessage());
    }

    @Test
    void writtenTreesAreValidForYanglint(@TempDir Path dir) throws Exception {
        Yanglint.requireAvailable();
        for (DeviceTlsCallHomeConfig config : List.of(TlsConfigSamples.simple(), TlsConfigSamples.nonTrivial())) {
            Path file = Files.writeString(dir.resolve("tls.json"), TlsCallHomeJson.write(config));
            Yanglint.assertValid(command(file));
        }
    }

    /** The tree of the other transport is refused by yanglint with tls's features, as by the reader. */
    @Test
    void theSshExampleIsNoTlsConfiguration() throws Exception {
        Yanglint.requireAvailable();
        Yanglint.Result result = Yanglint.run(command(RepositoryFiles.example()));
        assertTrue(result.exitCode() != 0, result.output());

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> TlsCallHomeJson.read(RepositoryFiles.example()));
        assertTrue(e.problem().contains("with --mode tls every endpoint is 'tls'"), e.getMessage());
    }

    static List<String> command(Path file) {
        return TlsCallHomeYang.yanglintCommand(RepositoryFiles.ietfYang(), RepositoryFiles.projectYang(), file);
    }
}
