package org.callhome.system;

import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.callhome.device.DeviceClientMain;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.testsupport.relay.StreamPump;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop for device-ssh-client: a device made of stock OpenSSH {@code ssh -s SUBSYSTEM} (the SSH
 * client) whose stdin/stdout are wired to {@code device-client stdio} (the NETCONF server) logs
 * into our NMS with a key and is managed through the NMS's API.
 */
class OpenSshClientDeviceInteropTest {

    private static final Path SSH = Path.of("/usr/bin/ssh");
    private static final String NS = "urn:ietf:params:xml:ns:netconf:base:1.0";

    @TempDir
    Path dir;

    private CallHomeLab lab;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        StockPrograms.require(SSH, "openssh-client");
        lab = new CallHomeLab(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        lab.close();
    }

    @Test
    void stockSshWiredToStdioIsManagedThroughTheApi() throws Exception {
        lab.startNmsTrusting(CallHomeStrategy.DEVICE_SSH_CLIENT, 0, 0, "dev-ssh");
        int port = lab.nms.deviceSshAddress().getPort();
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + SshKeys.toOpenSsh(lab.nmsHostKey.getPublic()) + "\n");

        Process ssh = start(List.of(SSH.toString(), "-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "IdentitiesOnly=yes", "-i", lab.loginKeyFile("dev-ssh").toString(), "-p", Integer.toString(port),
                "-s", "dev-ssh@127.0.0.1", DeviceSshServer.DEFAULT_SUBSYSTEM), "ssh.err");
        Process device = start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DeviceClientMain.class.getName(), "stdio",
                "--datastore", dir.resolve("dev-ssh-data").toString(), "--user", "netconf"), "device.err");
        StreamPump.start(ssh.getInputStream(), device.getOutputStream(), "stdio-pump");
        StreamPump.start(device.getInputStream(), ssh.getOutputStream(), "stdio-pump");

        JsonObject connected = lab.awaitDevice(state("dev-ssh", "connected"), "the ssh device connected");
        assertEquals("device-ssh-client", connected.getString("strategy"));
        HttpResponse<String> edit = lab.post("/api/devices/dev-ssh/rpc", "<edit-config xmlns=\"" + NS
                + "\"><target><running/></target><config><system xmlns=\"urn:example:sys\"><hostname>edge-ssh"
                + "</hostname></system></config></edit-config>");
        assertTrue(edit.body().contains("<ok/>"), edit.body());
        HttpResponse<String> get = lab.post("/api/devices/dev-ssh/rpc", "<get-config xmlns=\"" + NS
                + "\"><source><running/></source></get-config>");
        assertTrue(get.body().contains("<hostname>edge-ssh</hostname>"), get.body());
    }

    private Process start(List<String> command, String stderrFile) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(dir.resolve(stderrFile).toFile()).start();
        processes.add(process);
        return process;
    }
}
