package org.callhome.shared.config;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.shared.testing.Yanglint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files the device reads and writes are valid ietf-netconf-server data for yanglint (Debian
 * libyang2-tools), with the features of {@link CallHomeYang}: the reader's idea of the model is
 * checked against the model itself.
 */
class YanglintValidationTest {

    @BeforeAll
    static void requireYanglintAndModules() {
        Yanglint.requireAvailable();
    }

    @Test
    void exampleConfigurationIsValid() throws Exception {
        Yanglint.assertValid(RepositoryFiles.example());
    }

    @Test
    void writtenConfigurationIsValid(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("written.json"), CallHomeJson.write(ConfigSamples.nonTrivial()));
        Yanglint.assertValid(file);
    }

    @Test
    void wrongTypeFailsValidation(@TempDir Path dir) throws Exception {
        String json = Files.readString(RepositoryFiles.example())
                .replaceFirst("\"remote-port\": 4334", "\"remote-port\": \"4334\"");
        Yanglint.Result result = Yanglint.run(Files.writeString(dir.resolve("wrong-type.json"), json));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("remote-port"), result.output());
    }

    @Test
    void keysWrittenIntoTheFileAreOutsideTheDevicesFeatures(@TempDir Path dir) throws Exception {
        String json = Files.readString(RepositoryFiles.example()).replaceFirst(
                "\"callhome-device-ssh:private-key-file\": \"[^\"]*\"",
                "\"inline-definition\": {\"public-key-format\": \"ietf-crypto-types:ssh-public-key-format\","
                        + " \"public-key\": \"AAAA\"}");
        Yanglint.Result result = Yanglint.run(Files.writeString(dir.resolve("inline.json"), json));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("inline-definition"), result.output());
    }
}
