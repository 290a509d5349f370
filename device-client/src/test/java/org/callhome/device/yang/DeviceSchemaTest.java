package org.callhome.device.yang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.testing.RepositoryFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceSchemaTest {

    @Test
    void everyShippedModuleIsInTheSchemaWithItsText() throws Exception {
        DeviceSchema schema = DeviceSchema.shipped();
        List<String> names = schema.modules().stream().map(YangModule::name).toList();
        for (String expected : List.of("ietf-netconf", "ietf-netconf-monitoring", "ietf-yang-library",
                "ietf-netconf-server", "callhome-device-ssh", "callhome-device-tls", "callhome-device-ssh-client")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
        try (var files = Files.walk(RepositoryFiles.projectYang(), 2)) {
            long shipped = files.filter(file -> file.toString().endsWith(".yang")).count();
            assertEquals(shipped, schema.modules().size(), names.toString());
        }
        YangModule monitoring = schema.module("ietf-netconf-monitoring", Optional.of("2010-10-04")).orElseThrow();
        assertEquals(Files.readString(RepositoryFiles.ietfYang().resolve("ietf-netconf-monitoring@2010-10-04.yang")),
                monitoring.text());
        assertEquals("urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring", monitoring.namespace());
        assertTrue(schema.module("ietf-netconf-monitoring", Optional.of("1999-01-01")).isEmpty());
        assertSame(schema, DeviceSchema.shipped(), "parsed once per JVM");
    }

    @Test
    void shippedModulesHaveTheDevicesFeaturesOnly() throws Exception {
        DeviceSchema schema = DeviceSchema.shipped();
        YangModule netconf = schema.module("ietf-netconf", Optional.empty()).orElseThrow();
        assertEquals(List.of("candidate", "confirmed-commit", "rollback-on-error", "validate", "writable-running"),
                netconf.features());
        YangModule server = schema.module("ietf-netconf-server", Optional.empty()).orElseThrow();
        assertTrue(server.features().contains("ssh-call-home"), server.features().toString());
        assertTrue(server.features().contains("tls-call-home"), server.features().toString());
        assertFalse(server.features().contains("ssh-listen"), server.features().toString());
        assertTrue(schema.module("ietf-keystore", Optional.empty()).orElseThrow().features().isEmpty());
    }

    @Test
    void aFolderAddsItsModulesWithAllTheirFeatures() throws Exception {
        DeviceSchema schema = DeviceSchema.load(List.of(RepositoryFiles.root().resolve("examples/yang")));
        YangModule example = schema.module("example-system", Optional.of("2026-12-06")).orElseThrow();
        assertTrue(example.origin().endsWith("example-system@2026-12-06.yang"), example.origin());
        assertTrue(schema.knowsNamespace("urn:example:system"));
        assertFalse(DeviceSchema.shipped().knowsNamespace("urn:example:system"));
        assertNotEquals(DeviceSchema.shipped().contentId(), schema.contentId());
    }

    @Test
    void aBrokenModuleIsRefusedWithItsFileAndReason(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken@2026-01-01.yang"), "module broken { namespace \"urn:b\"; prefix b;"
                + " revision 2026-01-01; leaf x { type no-such-type; } }");
        SchemaException e = assertThrows(SchemaException.class, () -> DeviceSchema.load(List.of(dir)));
        assertTrue(e.getMessage().contains("no-such-type"), e.getMessage());

        Path syntax = Files.createDirectory(dir.resolve("syntax"));
        Files.writeString(syntax.resolve("bad.yang"), "module bad { namespace");
        e = assertThrows(SchemaException.class, () -> DeviceSchema.load(List.of(syntax)));
        assertTrue(e.getMessage().contains("bad.yang"), e.getMessage());

        Path empty = Files.createDirectory(dir.resolve("empty"));
        e = assertThrows(SchemaException.class, () -> DeviceSchema.load(List.of(empty)));
        assertTrue(e.getMessage().contains("no *.yang file"), e.getMessage());
    }
}
