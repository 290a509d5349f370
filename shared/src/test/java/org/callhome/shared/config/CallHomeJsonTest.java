package org.callhome.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.shared.x509.CertToName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallHomeJsonTest {

    @Test
    void readsTheExampleDeviceConfiguration() throws IOException {
        DeviceCallHomeConfig config = CallHomeJson.read(RepositoryFiles.example());

        assertEquals(1, config.clients().size());
        CallHomeSettings nms = config.clients().get(0);
        assertEquals(List.of(new Endpoint("nms-primary", "nms1.example.net", 4334),
                new Endpoint("nms-backup", "nms2.example.net", 4334)), nms.endpoints());
        assertEquals(new ConnectionType.Persistent(), nms.connectionType());
        assertEquals(new ReconnectStrategy(StartWith.FIRST_LISTED, Duration.ofSeconds(10), 3), nms.reconnect());
        assertEquals(Keepalives.DEFAULT, nms.keepalives());
        assertEquals(0.2, nms.jitterFraction());
        assertEquals(new DeviceSshSettings(Path.of("/etc/callhome/ssh_host_ed25519_key"), List.of(
                new Account("netops", Role.ADMIN, Optional.of(Path.of("/etc/callhome/users/netops.authorized_keys"))),
                new Account("monitor", Role.READ_ONLY,
                        Optional.of(Path.of("/etc/callhome/users/monitor.authorized_keys"))))), config.ssh());
    }

    @Test
    void exampleWrittenBackReadsAgainToEqualSettings(@TempDir Path dir) throws IOException {
        DeviceCallHomeConfig config = CallHomeJson.read(RepositoryFiles.example());
        Path copy = Files.writeString(dir.resolve("copy.json"), CallHomeJson.write(config));
        assertEquals(config, CallHomeJson.read(copy));
    }

    @Test
    void nonTrivialConfigurationSurvivesWriteAndRead(@TempDir Path dir) throws IOException {
        DeviceCallHomeConfig config = ConfigSamples.nonTrivial();
        String json = CallHomeJson.write(config);
        assertEquals(config, CallHomeJson.read(Files.writeString(dir.resolve("device.json"), json)));
        assertEquals(json, CallHomeJson.write(CallHomeJson.parse(json, "again")));
    }

    @Test
    void hostCertificateAndRevocationListSitBesideTheKeyFileAndTheUsers() throws IOException {
        JsonNode ssh = new ObjectMapper().readTree(CallHomeJson.write(ConfigSamples.nonTrivial()))
                .at("/ietf-netconf-server:netconf-server/call-home/netconf-client/0/endpoints/endpoint/0/ssh"
                        + "/ssh-server-parameters");
        assertEquals("/var/lib/callhome/host_ecdsa_key-cert.pub", ssh.at("/server-identity/host-key/0/public-key")
                .path("callhome-device-ssh:host-certificate-file").asText());
        assertEquals("/var/lib/callhome/nms.krl", ssh.at("/client-authentication")
                .path("callhome-device-ssh:revoked-keys-file").asText());
    }

    @Test
    void clientIdentityMappingsSitInEveryEndpointsNetconfServerParameters() throws IOException {
        JsonNode endpoints = new ObjectMapper().readTree(CallHomeJson.write(ConfigSamples.nonTrivial()))
                .at("/ietf-netconf-server:netconf-server/call-home/netconf-client/0/endpoints/endpoint");
        for (JsonNode endpoint : endpoints) {
            JsonNode mappings = endpoint.at("/ssh/netconf-server-parameters/client-identity-mappings");
            assertEquals(true, mappings.path("mapping-required").asBoolean(false), mappings.toString());
            JsonNode first = mappings.at("/cert-to-name/0");
            assertEquals(10, first.path("id").asInt());
            assertEquals(ConfigSamples.fingerprint(4, 0xAB, 32), first.path("fingerprint").asText());
            assertEquals("ietf-x509-cert-to-name:specified", first.path("map-type").asText());
            assertEquals("netops", first.path("name").asText());
            JsonNode last = mappings.at("/cert-to-name/5");
            assertEquals(4294967295L, last.path("id").asLong(), "uint32 as a JSON number");
            assertTrue(last.path("fingerprint").isMissingNode(), last.toString());
            assertEquals("ietf-x509-cert-to-name:common-name", last.path("map-type").asText());
        }
    }

    @Test
    void withoutMappingsNoNetconfServerParametersAreWritten() {
        DeviceCallHomeConfig config = ConfigSamples.nonTrivial();
        DeviceCallHomeConfig plain = new DeviceCallHomeConfig(config.clients(),
                config.ssh().withClientIdentityMappings(CertToName.NONE));

        assertFalse(CallHomeJson.write(plain).contains("netconf-server-parameters"));
    }

    @Test
    void mappingRequiredAloneSurvivesWriteAndRead() throws IOException {
        DeviceCallHomeConfig config = ConfigSamples.nonTrivial();
        DeviceCallHomeConfig required = new DeviceCallHomeConfig(config.clients(),
                config.ssh().withClientIdentityMappings(new CertToName(List.of(), true)));

        String json = CallHomeJson.write(required);

        assertTrue(json.contains("\"client-identity-mappings\": {\n"), json);
        assertEquals(required, CallHomeJson.parse(json, "required"));
    }

    @Test
    void writesTheEncodingsOfRfc7951() {
        String json = CallHomeJson.write(ConfigSamples.nonTrivial());
        assertTrue(json.contains("\"remote-port\": 14334"), "uint16 as a JSON number");
        assertTrue(json.contains("\"period\": 1440"), "period in minutes");
        assertTrue(json.contains("\"anchor-time\": \"2026-01-01T00:15:00Z\""), json);
        assertTrue(json.contains("\"callhome-device-ssh:jitter-fraction\": \"0.35\""), "decimal64 as a string");
        assertTrue(json.contains("\"callhome-device-ssh:jitter-fraction\": \"0\""), json);
        assertTrue(json.contains("\"persistent\": {}"), "presence container");
        assertTrue(json.contains("\"remote-address\": \"2001:db8::10\""), "IPv6 without brackets");
        assertTrue(json.endsWith("}\n"));
    }

    @Test
    void leftOutOptionalNodesTakeTheModelsDefaults() throws IOException {
        String json = """
                {"ietf-netconf-server:netconf-server": {"call-home": {"netconf-client": [{
                  "name": "nms",
                  "endpoints": {"endpoint": [{"name": "only", "ssh": {
                    "tcp-client-parameters": {"remote-address": "nms.example.net"},
                    "ssh-server-parameters": {
                      "server-identity": {"host-key": [{"name": "k",
                          "public-key": {"callhome-device-ssh:private-key-file": "/k"}}]},
                      "client-authentication": {"users": {"user": [{"name": "ops"}]}}}}}]},
                  "connection-type": {"periodic": {}}}]}}}
                """;
        DeviceCallHomeConfig config = CallHomeJson.parse(json, "minimal");
        CallHomeSettings nms = config.clients().get(0);
        assertEquals(CallHomeSettings.defaults("nms", List.of(new Endpoint("only", "nms.example.net", 4334)))
                .withConnectionType(ConnectionType.Periodic.DEFAULT), nms);
        assertEquals(List.of(new Account("ops", Role.READ_ONLY, Optional.empty())), config.ssh().accounts());
    }

    @Test
    void writeRefusesWhatTheModelCannotSayExactly() {
        DeviceCallHomeConfig config = ConfigSamples.nonTrivial();
        CallHomeSettings periodic = config.clients().get(0);
        ConnectionType.Periodic type = (ConnectionType.Periodic) periodic.connectionType();
        assertWriteRefused(config, periodic.withReconnect(new ReconnectStrategy(StartWith.FIRST_LISTED,
                Duration.ofMillis(300), 3)),
                "NMS 'inventory': reconnect max-wait PT0.3S is not a whole number of seconds");
        assertWriteRefused(config, periodic.withConnectionType(type.withPeriod(Duration.ofSeconds(90))),
                "NMS 'inventory': period PT1M30S is not a whole number of minutes");
        assertWriteRefused(config, periodic.withConnectionType(type.withIdleTimeout(Duration.ofMillis(1500))),
                "NMS 'inventory': idle-timeout PT1.5S is not a whole number of seconds");
        assertWriteRefused(config,
                periodic.withConnectionType(type.withAnchorTime(Instant.parse("2026-01-01T00:15:30Z"))),
                "NMS 'inventory': anchor-time 2026-01-01T00:15:30Z is not on a whole minute");
        assertWriteRefused(config, periodic.withKeepalives(new Keepalives(Duration.ofMillis(100), 3)),
                "NMS 'inventory': keepalive max-wait PT0.1S is not a whole number of seconds");
    }

    private static void assertWriteRefused(DeviceCallHomeConfig config, CallHomeSettings changed, String reason) {
        DeviceCallHomeConfig bad = new DeviceCallHomeConfig(List.of(changed, config.clients().get(1)), config.ssh());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CallHomeJson.write(bad));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }

    @Test
    void refusesAFileOverTheSizeLimit(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.json");
        Files.writeString(big, " ".repeat((int) CallHomeJson.MAX_FILE_BYTES + 1));
        IOException tooBig = assertThrows(IOException.class, () -> CallHomeJson.read(big));
        assertEquals(big + ": file size (1048577 bytes) exceeds the allowed maximum (1048576 bytes); is it the right "
                + "file?", tooBig.getMessage());
        Files.writeString(big, " ".repeat((int) CallHomeJson.MAX_FILE_BYTES));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> CallHomeJson.read(big));
        assertEquals("the file is empty", e.problem());
    }
}
