package org.callhome.system;

import static org.callhome.system.CallHomeLab.state;
import static org.callhome.system.DeviceMoveEndToEndTest.confirm;
import static org.callhome.system.DeviceMoveEndToEndTest.moveTo;
import static org.callhome.system.DeviceMoveEndToEndTest.running;
import static org.callhome.system.DeviceMoveEndToEndTest.sendAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device-ssh-client device's call-home configuration is data in its running datastore too: an
 * operator moves it from NMS A to NMS B with a candidate edit and a confirmed commit (persist) sent
 * through A's HTTP API; the device answers A, leaves it and logs into B, whose API confirms the
 * commit with the persist token. B has the device's account (its login key), and the device trusts
 * both NMS host keys. Two real NMS servers and a real device on loopback.
 */
class DeviceSshClientMoveEndToEndTest {

    private static final String DSC = "urn:callhome:params:xml:ns:yang:callhome-device-ssh-client";

    @TempDir
    Path dir;

    private CallHomeLab a;
    private CallHomeLab b;
    private DeviceAgent device;

    @BeforeEach
    void setUp() throws Exception {
        a = new CallHomeLab(Files.createDirectories(dir.resolve("nms-a")));
        b = new CallHomeLab(Files.createDirectories(dir.resolve("nms-b")));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (device != null) {
            device.close();
        }
        a.close();
        b.close();
    }

    /** The device-ssh-client tree with the device's one endpoint at {@code port}. */
    private static String endpointAt(int port) {
        return "<device-ssh-client xmlns=\"" + DSC + "\"><netconf-clients><netconf-client><name>nms</name>"
                + "<endpoints><endpoint><name>nms</name><tcp-client-parameters><remote-port>" + port
                + "</remote-port></tcp-client-parameters></endpoint></endpoints></netconf-client></netconf-clients>"
                + "</device-ssh-client>";
    }

    private void startBoth() throws Exception {
        a.startNmsTrusting(CallHomeStrategy.DEVICE_SSH_CLIENT, 0, 0, "dev-1");
        // B has the device's account: the same login key
        Files.copy(a.loginKeyFile("dev-1"), b.dir.resolve("dev-1_login_key"), StandardCopyOption.COPY_ATTRIBUTES);
        b.startNmsTrusting(CallHomeStrategy.DEVICE_SSH_CLIENT, 0, 0, "dev-1");
        // the NMS host keys apply at the device's next start: it trusts both from the first
        Path trusted = Files.writeString(dir.resolve("nms_host_keys"),
                SshKeys.toOpenSsh(a.nmsHostKey.getPublic()) + " nms-a\n"
                        + SshKeys.toOpenSsh(b.nmsHostKey.getPublic()) + " nms-b\n");
        DeviceSshSettings accounts = new DeviceSshSettings(dir.resolve("unused_host_key"),
                List.of(new Account("netconf", Role.ADMIN, Optional.empty())));
        device = DeviceAgent.start(DeviceAgent.Settings.deviceSshClient(dir.resolve("dev-1-data"),
                CallHomeLab.callHome(a.nms.deviceSshAddress().getPort()), accounts, Duration.ofSeconds(10),
                NetconfLimits.DEFAULT, new DeviceAgent.ClientLogin("dev-1", a.loginKeyFile("dev-1"), trusted,
                        DeviceSshServer.DEFAULT_SUBSYSTEM, "netconf")), new DialerListener() { });
        a.awaitDevice(state("dev-1", "connected"), "dev-1 connected to A");
    }

    @Test
    void aConfirmedCommitThroughTheFirstNmsMovesTheDeviceAndTheSecondConfirmsIt() throws Exception {
        startBoth();
        int portOfB = b.nms.deviceSshAddress().getPort();

        sendAll(a, moveTo(endpointAt(portOfB), 600, "move-to-b"));

        b.awaitDevice(state("dev-1", "connected"), "dev-1 connected to B");
        a.awaitDevice(device -> "dev-1".equals(device.getString("id"))
                && !"connected".equals(device.getString("state")), "dev-1 gone from A");
        sendAll(b, List.of(confirm("move-to-b")));

        String running = running(b);
        assertTrue(running.contains("<remote-port>" + portOfB + "</remote-port>"), running);
        assertTrue(running.contains("<bind-account>netconf</bind-account>"), running);
        HttpResponse<String> cancel = b.post("/api/devices/dev-1/rpc", "<cancel-commit xmlns=\"" + Netconf.BASE_NS
                + "\"><persist-id>move-to-b</persist-id></cancel-commit>");
        assertTrue(cancel.body().contains("no confirmed commit is pending"), cancel.body());
    }
}
