package org.callhome.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.callhome.shared.config.DeviceSshClientSettings.HostKeyFormat;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.shared.testing.Yanglint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's device-ssh-client file: what is written reads back equal and is valid for yanglint;
 * each way it can be wrong is reported at its JSON path.
 */
class DeviceSshClientJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "/callhome-device-ssh-client:device-ssh-client/netconf-clients/netconf-client";

    private static DeviceSshClientConfig sample() {
        CallHomeSettings callHome = new CallHomeSettings("nms", List.of(new Endpoint("nms-a", "192.0.2.1", 2222),
                new Endpoint("nms-b", "nms.example.net", 2223)),
                new ConnectionType.Periodic(Duration.ofMinutes(15), Optional.of(Instant.parse("2026-01-01T00:15:00Z")),
                        Duration.ofSeconds(120)),
                new ReconnectStrategy(StartWith.LAST_CONNECTED, Duration.ofSeconds(7), 4),
                new Keepalives(Duration.ofSeconds(20), 5), 0.1);
        return new DeviceSshClientConfig(List.of(new DeviceSshClientSettings(callHome, Optional.of("SN-17"),
                Path.of("idevid.key"), Optional.of(Path.of("idevid-chain.pem")), Path.of("bootstrap/nms_host_key.pub"),
                HostKeyFormat.HOST_KEY, "netconf-device@example.net", "netconf")),
                List.of(new Account("netconf", Role.ADMIN, Optional.empty()),
                        new Account("audit", Role.READ_ONLY, Optional.empty())));
    }

    @Test
    void whatIsWrittenReadsBackEqual() throws Exception {
        DeviceSshClientConfig config = sample();
        assertEquals(config, DeviceSshClientJson.parse(DeviceSshClientJson.write(config), "device.json"));
    }

    @Test
    void whatIsWrittenIsValidForYanglint(@TempDir Path dir) throws Exception {
        Yanglint.requireAvailable();
        Path file = Files.writeString(dir.resolve("device.json"), DeviceSshClientJson.write(sample()));
        Yanglint.assertValid(CallHomeYang.deviceSshClientCommand(RepositoryFiles.ietfYang(),
                RepositoryFiles.projectYang(), file));
    }

    @Test
    void defaultsApplyWhenLeftOut() throws Exception {
        JsonNode tree = JSON.readTree(DeviceSshClientJson.write(sample()));
        ((ObjectNode) tree.at(CLIENT + "/0")).remove(List.of("subsystem", "reconnect-strategy"));
        ((ObjectNode) tree.at("/callhome-device-ssh-client:device-ssh-client/accounts/account/1")).remove("role");
        for (JsonNode endpoint : tree.at(CLIENT + "/0/endpoints/endpoint")) {
            ObjectNode parameters = (ObjectNode) endpoint.get("ssh-client-parameters");
            parameters.remove("keepalives");
            ((ObjectNode) parameters.get("client-identity")).remove("username");
        }
        DeviceSshClientConfig config = DeviceSshClientJson.parse(JSON.writeValueAsString(tree), "device.json");
        DeviceSshClientSettings client = config.clients().get(0);
        assertEquals(Optional.empty(), client.username());
        assertEquals(Keepalives.DEFAULT, client.callHome().keepalives());
        assertEquals(DeviceSshClientSettings.DEFAULT_SUBSYSTEM, client.subsystem());
        assertEquals(ReconnectStrategy.DEFAULT, client.callHome().reconnect());
        assertEquals(Role.READ_ONLY, config.accounts().get(1).role());
    }

    @Test
    void aBindAccountNotAmongTheAccountsIsRefusedAtItsPath() throws Exception {
        InvalidConfigException e = refused(edited(CLIENT + "/0", node -> node.put("bind-account", "root")));
        assertEquals(CLIENT + "[0]/bind-account", e.location());
        assertTrue(e.problem().contains("'root' is not one of the accounts [audit, netconf]"), e.problem());
    }

    @Test
    void endpointsOfOneNmsMustLogInTheSameWay() throws Exception {
        InvalidConfigException e = refused(edited(CLIENT + "/0/endpoints/endpoint/1/ssh-client-parameters/"
                + "client-identity/public-key", node -> node.put("private-key-file", "other.key")));
        assertEquals(CLIENT + "[0]/endpoints/endpoint[1]/ssh-client-parameters", e.location());
        assertTrue(e.problem().contains("differs from " + CLIENT + "[0]/endpoints/endpoint[0]/ssh-client-parameters"),
                e.problem());
    }

    @Test
    void unsupportedMembersAreRefusedWithWhatToWriteInstead() throws Exception {
        String identity = CLIENT + "/0/endpoints/endpoint/0/ssh-client-parameters/client-identity";
        InvalidConfigException e = refused(edited(identity, node -> node.putObject("password")));
        assertEquals(identity.replace("netconf-client/0", "netconf-client[0]").replace("endpoint/0", "endpoint[0]")
                + "/password", e.location());
        assertTrue(e.problem().contains("public key only"), e.problem());
        e = refused(edited(identity.replace("client-identity", "server-authentication/ssh-host-keys"),
                node -> node.put("known-hosts-file", "known_hosts")));
        assertTrue(e.problem().contains("exactly one of known-hosts-file and host-key-file"), e.problem());
    }

    @Test
    void aBadSubsystemAndAMissingBindAccountAreRefused() throws Exception {
        InvalidConfigException e = refused(edited(CLIENT + "/0", node -> node.put("subsystem", "netconf")));
        assertEquals(CLIENT + "[0]", e.location());
        assertTrue(e.problem().contains("NAME@DOMAIN"), e.problem());
        e = refused(edited(CLIENT + "/0", node -> node.remove("bind-account")));
        assertTrue(e.problem().contains("missing member 'bind-account'"), e.problem());
    }

    /** The sample, changed at {@code pointer} (a JSON pointer). */
    private static String edited(String pointer, Consumer<ObjectNode> change) throws Exception {
        JsonNode tree = JSON.readTree(DeviceSshClientJson.write(sample()));
        change.accept((ObjectNode) tree.at(pointer));
        return JSON.writeValueAsString(tree);
    }

    private static InvalidConfigException refused(String json) {
        return assertThrows(InvalidConfigException.class, () -> DeviceSshClientJson.parse(json, "device.json"));
    }
}
