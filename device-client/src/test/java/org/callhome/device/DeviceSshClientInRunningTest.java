package org.callhome.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.callhome.device.callhome.CallHomeFormat;
import org.callhome.device.callhome.CallHomeFormat.Config;
import org.callhome.device.callhome.CallHomeTree;
import org.callhome.device.callhome.DialerListener;
import org.callhome.device.callhome.RunningCallHome;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The device-ssh-client device's call-home configuration lives in running as the
 * callhome-device-ssh-client tree: the first start seeds it from the flags, a restart with the same
 * flags keeps what was edited since (and calls where the edit says), a restart with other flags
 * seeds again; running's other content is never touched; a tree the device could not log in with
 * is refused. The calls land on real listening sockets on 127.0.0.1.
 */
class DeviceSshClientInRunningTest implements CallHomeSeedingContract {

    private static final String DSC = "urn:callhome:params:xml:ns:yang:callhome-device-ssh-client";

    @TempDir
    Path dir;

    private Path data;
    private Path pinned;
    private DeviceAgent agent;

    @BeforeEach
    void setUp() throws IOException {
        data = dir.resolve("data");
        pinned = Files.writeString(dir.resolve("nms.pub"), SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic())
                + " nms\n");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (agent != null) {
            agent.close();
        }
    }

    private DeviceAgent.Settings settings(int port) {
        CallHomeSettings callHome = CallHomeSettings.defaults("nms", List.of(new Endpoint("nms", "127.0.0.1", port)));
        DeviceSshSettings accounts = new DeviceSshSettings(dir.resolve("unused_host_key"),
                List.of(new Account("netops", Role.ADMIN, Optional.empty())));
        return DeviceAgent.Settings.deviceSshClient(data, callHome, accounts, Duration.ofSeconds(5),
                NetconfLimits.DEFAULT, new DeviceAgent.ClientLogin("dev-1", dir.resolve("login_key"), pinned,
                        "nc@example.net", "netops"));
    }

    @Override
    public void start(int port) throws IOException {
        agent = DeviceAgent.start(settings(port), new DialerListener() { });
    }

    @Override
    public void stop() throws IOException {
        agent.close();
        agent = null;
    }

    private static Element tree(Element data) {
        Element tree = XmlTree.child(data, DSC, "device-ssh-client");
        assertNotNull(tree, "running has no device-ssh-client tree");
        return tree;
    }

    private static Element descend(Element from, String... names) {
        return CallHomeSeedingContract.descend(from, DSC, names);
    }

    private static Element tcp(Element data) {
        return descend(tree(data), "netconf-clients", "netconf-client", "endpoints", "endpoint",
                "tcp-client-parameters");
    }

    @Override
    public Path dataFolder() {
        return data;
    }

    @Override
    public Element remotePortLeaf(Element data) {
        return CallHomeSeedingContract.only(tcp(data), DSC, "remote-port");
    }

    @Test
    void firstStartSeedsRunningWithTheFlagsTreeAndCallsIt() throws Exception {
        try (ServerSocket nms = CallHomeSeedingContract.listener()) {
            start(nms.getLocalPort());
            CallHomeSeedingContract.awaitCall(nms);
            Element content = running();
            assertEquals(Integer.toString(nms.getLocalPort()), remotePort(content));
            Element client = descend(tree(content), "netconf-clients", "netconf-client");
            assertEquals("netops", XmlTree.text(XmlTree.child(client, DSC, "bind-account")));
            assertEquals("nc@example.net", XmlTree.text(XmlTree.child(client, DSC, "subsystem")));
            assertEquals("netops", XmlTree.text(descend(tree(content), "accounts", "account", "name")));
            assertTrue(Files.isRegularFile(data.resolve(RunningCallHome.SEED_FILE)), "the seeding is recorded");
            assertTrue(Optional.ofNullable(XmlTree.child(content, CallHomeTree.NAMESPACE, CallHomeTree.ROOT))
                    .isEmpty(), "no ietf-netconf-server tree in device-ssh-client");
        }
    }

    /** The tree the flags seed, read back by the strategy's reader, is the configuration they give. */
    @Test
    void theSeededTreeReadsBackToTheFlagsConfiguration() throws Exception {
        try (ServerSocket nms = CallHomeSeedingContract.listener()) {
            start(nms.getLocalPort());
            CallHomeSeedingContract.awaitCall(nms);
            Config read = runningCallHome().read(running());
            assertEquals(settings(nms.getLocalPort()).callHomeConfig(), read);
        }
    }

    @Test
    void aTreeWhoseBindAccountIsNoAccountIsRefusedWithItsPath() throws Exception {
        try (ServerSocket nms = CallHomeSeedingContract.listener()) {
            start(nms.getLocalPort());
            CallHomeSeedingContract.awaitCall(nms);
        }
        Element content = running();
        Element bind = descend(tree(content), "netconf-clients", "netconf-client", "bind-account");
        bind.setTextContent("root");

        NetconfException refused = assertThrows(NetconfException.class, () -> runningCallHome().check()
                .check(content));
        RpcError error = refused.errors().get(0);
        assertEquals(ErrorTag.INVALID_VALUE, error.tag());
        assertTrue(error.message().contains("could not call home with this configuration"), error.message());
        assertTrue(error.message().contains("'root' is not one of the accounts [netops]"),
                error.message());
        assertEquals("/chdsc:device-ssh-client/chdsc:netconf-clients/chdsc:netconf-client[1]/chdsc:bind-account",
                error.path());
    }

    @Test
    void aTreeWithoutTheDeviceSshClientContainerIsRefused() throws Exception {
        try (ServerSocket nms = CallHomeSeedingContract.listener()) {
            start(nms.getLocalPort());
            CallHomeSeedingContract.awaitCall(nms);
        }
        Element content = running();
        content.removeChild(tree(content));

        NetconfException refused = assertThrows(NetconfException.class, () -> runningCallHome().check()
                .check(content));
        assertEquals(ErrorTag.OPERATION_FAILED, refused.errors().get(0).tag());
        assertTrue(refused.errors().get(0).message().contains("device-ssh-client"), refused.errors().get(0).message());
    }

    @Test
    void aTreeOfTwoNmsIsRefusedAtTheNmsList() throws Exception {
        try (ServerSocket nms = CallHomeSeedingContract.listener()) {
            start(nms.getLocalPort());
            CallHomeSeedingContract.awaitCall(nms);
        }
        Element content = running();
        Element clients = descend(tree(content), "netconf-clients");
        Element copy = (Element) XmlTree.child(clients, DSC, "netconf-client").cloneNode(true);
        XmlTree.child(copy, DSC, "name").setTextContent("other");
        clients.appendChild(copy);

        NetconfException refused = assertThrows(NetconfException.class, () -> runningCallHome().check()
                .check(content));
        RpcError error = refused.errors().get(0);
        assertEquals(ErrorTag.INVALID_VALUE, error.tag());
        assertTrue(error.message().contains("has 2 NMSs"), error.message());
        assertEquals("/chdsc:device-ssh-client/chdsc:netconf-clients/chdsc:netconf-client", error.path());
    }

    private static RunningCallHome runningCallHome() throws Exception {
        CallHomeFormat format = CallHomeFormat.DEVICE_SSH_CLIENT;
        return new RunningCallHome(new CallHomeTree(DeviceSchema.shipped().context(), format), format);
    }
}
