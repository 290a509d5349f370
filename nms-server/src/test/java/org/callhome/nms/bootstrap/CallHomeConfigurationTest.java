package org.callhome.nms.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.config.CallHomeYang;
import org.callhome.shared.config.DeviceSshClientConfig;
import org.callhome.shared.config.DeviceSshClientJson;
import org.callhome.shared.config.DeviceSshClientSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.shared.testing.Yanglint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallHomeConfigurationTest {

    static final CallHomeConfiguration CONFIGURATIONS = new CallHomeConfiguration(new CallHomeConfiguration.Nms(
            "nms.example.net", Optional.of(4334), Optional.of(SshKeys.generateEd25519().getPublic()), "nms",
            Optional.of(8322), Optional.of(SshKeys.generateEd25519().getPublic()), "netconf-device@callhome.invalid",
            Keepalives.DEFAULT));

    @TempDir
    Path dir;

    @Test
    void reverseSshConfigurationValidatesAgainstTheModules() throws Exception {
        Yanglint.requireAvailable();
        Path file = write("reverse.json", CallHomeStrategy.REVERSE_SSH);
        Yanglint.assertValid(withSztpModule(CallHomeYang.yanglintCommand(RepositoryFiles.ietfYang(),
                RepositoryFiles.projectYang(), file)));
    }

    @Test
    void deviceSshClientConfigurationValidatesAgainstTheModules() throws Exception {
        Yanglint.requireAvailable();
        Path file = write("device-ssh.json", CallHomeStrategy.DEVICE_SSH_CLIENT);
        Yanglint.assertValid(withSztpModule(CallHomeYang.deviceSshClientCommand(RepositoryFiles.ietfYang(),
                RepositoryFiles.projectYang(), file)));
    }

    @Test
    void deviceSshClientLogsInWithItsSerialAndPinsTheNmsHostKey() {
        JsonObject json = CONFIGURATIONS.json("SN-1", CallHomeStrategy.DEVICE_SSH_CLIENT);
        JsonObject endpoint = json.getJsonObject("callhome-device-ssh-client:device-ssh-client")
                .getJsonObject("netconf-clients").getJsonArray("netconf-client").getJsonObject(0)
                .getJsonObject("endpoints").getJsonArray("endpoint").getJsonObject(0);
        assertEquals("SN-1", endpoint.getJsonObject("ssh-client-parameters").getJsonObject("client-identity")
                .getString("username"));
        assertEquals(8322, endpoint.getJsonObject("tcp-client-parameters").getInteger("remote-port"));
        JsonObject file = json.getJsonObject("callhome-sztp:conveyed-files").getJsonArray("file").getJsonObject(0);
        assertEquals(CallHomeConfiguration.NMS_HOST_KEY_FILE, file.getString("path"));
    }

    @Test
    void deviceSshClientConfigurationIsOneTheDeviceReadsWithTheBindAccountAsAdmin() throws Exception {
        JsonObject json = CONFIGURATIONS.json("SN-1", CallHomeStrategy.DEVICE_SSH_CLIENT);
        json.remove("callhome-sztp:conveyed-files");
        DeviceSshClientConfig config = DeviceSshClientJson.read(Files.writeString(dir.resolve("device.json"),
                json.encode()));
        DeviceSshClientSettings client = config.clients().get(0);
        assertEquals(Optional.of("SN-1"), client.username());
        assertEquals(Path.of(CallHomeConfiguration.DEVICE_IDEVID_KEY_FILE), client.identityFile());
        assertEquals(Optional.of(Path.of(CallHomeConfiguration.DEVICE_IDEVID_CERT_FILE)),
                client.identityCertificateFile());
        assertEquals(Path.of(CallHomeConfiguration.NMS_HOST_KEY_FILE), client.nmsHostKeyFile());
        assertEquals("nms", client.bindAccount());
        assertEquals(List.of(new Account("nms", Role.ADMIN, Optional.empty())), config.accounts());
    }

    @Test
    void conveysNoPrivateKey() {
        for (CallHomeStrategy strategy : CallHomeStrategy.values()) {
            String text = new String(CONFIGURATIONS.forDevice("SN-1", strategy), StandardCharsets.UTF_8);
            assertFalse(text.contains("PRIVATE KEY"), text);
        }
    }

    private Path write(String name, CallHomeStrategy strategy) throws Exception {
        return Files.write(dir.resolve(name), CONFIGURATIONS.forDevice("SN-1", strategy));
    }

    /** The command with the module of the conveyed files loaded too, before the data file. */
    static List<String> withSztpModule(List<String> command) {
        List<String> extended = new ArrayList<>(command);
        extended.add(extended.size() - 1, RepositoryFiles.projectYang().resolve("callhome-sztp@2026-12-05.yang")
                .toString());
        return extended;
    }
}
