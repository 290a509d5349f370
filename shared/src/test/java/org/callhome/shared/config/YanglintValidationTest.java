package org.callhome.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
    void everyShippedIetfModuleParsesWithTheModulesItImports() throws Exception {
        List<Path> modules = shippedModules();
        assertTrue(modules.size() >= 20, "IETF modules in " + RepositoryFiles.ietfYang() + ": " + modules);
        for (Path module : modules) {
            String name = module.getFileName().toString().replaceFirst("@.*", "");
            // with no feature enabled: yanglint's default (all) cannot be satisfied by the TLS modules
            Yanglint.Result result = Yanglint.run(List.of("yanglint", "-p", RepositoryFiles.ietfYang().toString(),
                    "-F", name + ":", module.toString()));
            assertEquals(0, result.exitCode(), result.output());
        }
    }

    @Test
    void theModulesReadmeNamesEveryShippedModule() throws Exception {
        String readme = Files.readString(RepositoryFiles.ietfYang().resolve("README.md"));
        for (Path module : shippedModules()) {
            String name = module.getFileName().toString().replaceFirst("@.*", "");
            assertTrue(readme.contains("`" + name), "yang/ietf/README.md does not name " + name);
        }
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
    void certToNameMappingsOfEveryMapTypeAreValid(@TempDir Path dir) throws Exception {
        String json = CallHomeJson.write(ConfigSamples.nonTrivial());
        assertTrue(json.contains("\"ietf-x509-cert-to-name:san-any\""), json);

        Yanglint.assertValid(Files.writeString(dir.resolve("mappings.json"), json));
    }

    /** What the reader refuses in a cert-to-name entry, yanglint refuses too: the two agree on the model. */
    @Test
    void certToNameEntriesTheReaderRefusesFailValidation(@TempDir Path dir) throws Exception {
        String json = CallHomeJson.write(ConfigSamples.nonTrivial());
        List<String> wrong = List.of(
                json.replace("\"ietf-x509-cert-to-name:san-dns-name\"", "\"san-dns-name\""),
                json.replace("\"map-type\": \"ietf-x509-cert-to-name:san-dns-name\"",
                        "\"map-type\": \"ietf-x509-cert-to-name:san-dns-name\", \"name\": \"netops\""),
                json.replace(ConfigSamples.fingerprint(4, 0xAB, 32), "04-AB"));
        for (String file : wrong) {
            assertNotEquals(json, file);
            Yanglint.Result result = Yanglint.run(Files.writeString(dir.resolve("wrong.json"), file));
            assertNotEquals(0, result.exitCode(), result.output());
            assertThrows(InvalidConfigException.class, () -> CallHomeJson.parse(file, "wrong.json"));
        }
    }

    @Test
    void wrongTypeFailsValidation(@TempDir Path dir) throws Exception {
        String json = Files.readString(RepositoryFiles.example())
                .replaceFirst("\"remote-port\": 4334", "\"remote-port\": \"4334\"");
        Yanglint.Result result = Yanglint.run(Files.writeString(dir.resolve("wrong-type.json"), json));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("remote-port"), result.output());
    }

    private static List<Path> shippedModules() throws IOException {
        try (Stream<Path> files = Files.list(RepositoryFiles.ietfYang())) {
            return files.filter(file -> file.toString().endsWith(".yang")).sorted().toList();
        }
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
