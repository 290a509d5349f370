package org.callhome.shared.config;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.shared.testing.Yanglint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example configurations of the strategy device-ssh-client, the device's and the NMS's, are
 * valid callhome-device-ssh-client data for yanglint with the features of
 * {@link CallHomeYang#DEVICE_SSH_CLIENT_FEATURES}, and the module's own constraints refuse what
 * the strategy cannot run with.
 */
class DeviceSshClientYangTest {

    @BeforeAll
    static void requireYanglintAndModules() {
        Yanglint.requireAvailable();
    }

    @Test
    void deviceExampleIsValid() throws Exception {
        Yanglint.assertValid(command(example("device-ssh-client.json")));
    }

    @Test
    void nmsExampleIsValid() throws Exception {
        Yanglint.assertValid(command(example("nms-device-ssh-server.json")));
    }

    @Test
    void subsystemNameWithoutDomainFailsValidation(@TempDir Path dir) throws Exception {
        String json = Files.readString(example("device-ssh-client.json"))
                .replace("\"netconf-device@callhome.invalid\"", "\"netconf-device\"");
        Yanglint.Result result = Yanglint.run(command(Files.writeString(dir.resolve("no-domain.json"), json)));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("subsystem"), result.output());
    }

    @Test
    void missingBindAccountFailsValidation(@TempDir Path dir) throws Exception {
        String json = Files.readString(example("device-ssh-client.json"))
                .replaceFirst("\"bind-account\": \"[^\"]*\",", "");
        Yanglint.Result result = Yanglint.run(command(Files.writeString(dir.resolve("no-bind.json"), json)));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("bind-account"), result.output());
    }

    private static Path example(String name) {
        return RepositoryFiles.root().resolve("examples").resolve(name);
    }

    private static List<String> command(Path dataFile) {
        return CallHomeYang.deviceSshClientCommand(RepositoryFiles.ietfYang(), RepositoryFiles.projectYang(), dataFile);
    }
}
