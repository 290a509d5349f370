package org.callhome.system;

import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.NmsServer;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our NMS against a device made of nothing but stock parts: {@code socat} dials the NMS and runs
 * OpenSSH's {@code sshd -i} on the connection, with a hand-written sshd_config whose
 * {@code Subsystem netconf} line runs {@code device-client stdio}, as an operator would set it up
 * (README). No code of the device agent runs in this test's process.
 */
class OpenSshSocatInteropTest {

    private static final String NS = "urn:ietf:params:xml:ns:netconf:base:1.0";
    private static final String GET_CONFIG = "<get-config xmlns=\"" + NS + "\"><source><running/></source></get-config>";
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    private CallHomeLab lab;
    private NmsServer nms;
    private Process socat;

    @BeforeEach
    void setUp() {
        StockPrograms.require(StockPrograms.SSHD, "openssh-server");
        StockPrograms.require(StockPrograms.SOCAT, "socat");
        lab = new CallHomeLab(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (socat != null) {
            List<ProcessHandle> all = socat.descendants().toList();
            socat.destroy();
            all.forEach(ProcessHandle::destroy);
            socat.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle process : all) {
                process.onExit().get(10, TimeUnit.SECONDS);
            }
        }
        lab.close();
    }

    @Test
    void nmsReadsAndEditsADeviceMadeOfSocatAndStockSshd() throws Exception {
        nms = lab.startNms(Map.of("dev-socat", lab.hostKey("dev-socat")), 0, USER);
        Path data = Files.createDirectory(dir.resolve("dev-socat-data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(data.resolve("running.xml"), "<data xmlns=\"" + NS + "\">"
                + "<system xmlns=\"urn:example:sys\"><hostname>socat-1</hostname></system></data>");
        Path authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, SshKeys.toOpenSsh(lab.nmsIdentity.getPublic()) + " nms\n");
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "HostKey " + lab.hostKeyFile("dev-socat"),
                "PidFile none",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "AuthorizedKeysFile " + authorizedKeys,
                "AllowUsers " + USER,
                "DisableForwarding yes",
                "PermitTTY no",
                "LogLevel VERBOSE",
                "Subsystem netconf " + stdioCommand(data),
                ""));
        Path socatLog = dir.resolve("socat.log");
        socat = new ProcessBuilder(StockPrograms.SOCAT.toString(),
                "TCP:127.0.0.1:" + nms.callHomeAddress().getPort(),
                "EXEC:" + StockPrograms.SSHD + " -i -e -f " + config)
                .redirectErrorStream(true).redirectOutput(socatLog.toFile()).start();

        JsonObject device = lab.awaitDevice(state("dev-socat", "connected"),
                "dev-socat connected (socat and sshd said: " + socatLog + ")");
        assertEquals(SshKeys.fingerprint(lab.hostKey("dev-socat").getPublic()), device.getString("hostKeyFingerprint"));
        assertEquals(USER, device.getString("username"));

        HttpResponse<String> seeded = lab.post("/api/devices/dev-socat/rpc", GET_CONFIG);
        assertEquals(200, seeded.statusCode(), seeded.body());
        assertTrue(seeded.body().contains("<hostname>socat-1</hostname>"), seeded.body());
        HttpResponse<String> edit = lab.post("/api/devices/dev-socat/rpc", OpenSshModeTest.edit(
                "<system xmlns=\"urn:example:sys\" xmlns:nc=\"" + NS + "\" nc:operation=\"replace\">"
                        + "<hostname>socat-2</hostname></system>"));
        assertEquals(200, edit.statusCode(), edit.body());
        assertTrue(edit.body().contains("<ok/>"), edit.body());
        assertTrue(Files.readString(data.resolve("running.xml")).contains("socat-2"), "written to the data folder");
    }

    /**
     * {@code device-client stdio} on this test's class path. Logback's status report is silenced:
     * this class path holds two logback-test.xml, and logback would print its warning on stdout,
     * which must carry nothing but NETCONF.
     */
    private static String stdioCommand(Path data) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        assertTrue(!classPath.contains(" ") && !java.contains(" ") && !data.toString().contains(" "),
                "this hand-written sshd_config does not quote paths");
        return String.join(" ", java, "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp", classPath, "org.callhome.device.DeviceClientMain", "stdio", "--datastore", data.toString());
    }
}
