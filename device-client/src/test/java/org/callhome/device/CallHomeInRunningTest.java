package org.callhome.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.callhome.device.callhome.CallHomeTree;
import org.callhome.device.callhome.DialerListener;
import org.callhome.device.callhome.RunningCallHome;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The reverse-ssh device's call-home configuration lives in running: the first start seeds it
 * from the flags, a restart with the same flags keeps what was edited since (and calls where the
 * edit says), a restart with other flags seeds again; running's other content is never touched.
 * The calls land on real listening sockets on 127.0.0.1.
 */
class CallHomeInRunningTest implements CallHomeSeedingContract {


    @TempDir
    Path dir;

    private Path data;
    private DeviceSshSettings ssh;
    private DeviceAgent agent;

    @BeforeEach
    void setUp() throws IOException {
        data = dir.resolve("data");
        Path keys = Files.writeString(dir.resolve("nms.authorized_keys"),
                SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic()) + " nms\n");
        ssh = new DeviceSshSettings(dir.resolve("host_key"), List.of(new Account("nms", Role.ADMIN,
                Optional.of(keys))));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (agent != null) {
            agent.close();
        }
    }

    @Override
    public void start(int port) throws IOException {
        CallHomeSettings callHome = CallHomeSettings.defaults("nms", List.of(new Endpoint("nms", "127.0.0.1", port)));
        agent = DeviceAgent.start(new DeviceAgent.Settings(data, callHome, ssh, Duration.ofSeconds(5),
                DeviceAgent.SshServerKind.MINA, NetconfLimits.DEFAULT), new DialerListener() { });
    }

    @Override
    public void stop() throws IOException {
        agent.close();
        agent = null;
    }

    @Override
    public Path dataFolder() {
        return data;
    }

    @Override
    public Element remotePortLeaf(Element data) {
        Element tree = Optional.ofNullable(XmlTree.child(data, CallHomeTree.NAMESPACE, CallHomeTree.ROOT))
                .orElseThrow(() -> new AssertionError("running has no call-home tree"));
        return CallHomeSeedingContract.only(CallHomeSeedingContract.descend(tree, CallHomeTree.NAMESPACE, "call-home",
                "netconf-client", "endpoints", "endpoint", "ssh", "tcp-client-parameters"), CallHomeTree.NAMESPACE,
                "remote-port");
    }

    @Test
    void firstStartSeedsRunningWithTheFlagsTreeAndCallsIt() throws Exception {
        try (ServerSocket nms = CallHomeSeedingContract.listener()) {
            start(nms.getLocalPort());
            CallHomeSeedingContract.awaitCall(nms);
            assertEquals(Integer.toString(nms.getLocalPort()), remotePort(running()));
            assertTrue(Files.isRegularFile(data.resolve(RunningCallHome.SEED_FILE)), "the seeding is recorded");
        }
    }

}
