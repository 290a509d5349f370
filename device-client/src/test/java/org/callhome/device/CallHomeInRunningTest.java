package org.callhome.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.callhome.device.callhome.CallHomeTree;
import org.callhome.device.callhome.DialerListener;
import org.callhome.device.callhome.RunningCallHome;
import org.callhome.device.datastore.AfterReply;
import org.callhome.device.datastore.RunningDatastore;
import org.callhome.device.netconf.DeviceNetconfServer;
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

    /** Waits until the device connects to {@code listener}: the call-home settings it dials name that port. */
    @Override
    public Element running() throws IOException {
        return RunningDatastore.readIn(data);
    }

    @Override
    public String remotePort(Element data) {
        Element tree = Optional.ofNullable(XmlTree.child(data, CallHomeTree.NAMESPACE, CallHomeTree.ROOT)).orElseThrow(() -> new AssertionError("running has no call-home tree"));
        List<Element> ports = XmlTree.children(descend(tree, "call-home", "netconf-client", "endpoints", "endpoint",
                "ssh", "tcp-client-parameters"), CallHomeTree.NAMESPACE, "remote-port");
        assertEquals(1, ports.size());
        return XmlTree.text(ports.get(0));
    }

    private static Element descend(Element from, String... names) {
        Element at = from;
        for (String name : names) {
            at = XmlTree.child(at, CallHomeTree.NAMESPACE, name);
            assertNotNull(at, "no " + name + " in the call-home tree");
        }
        return at;
    }

    /** Edits running as another process on the folder would: the endpoint's port, and a hostname beside. */
    @Override
    public void editRunning(int port) throws Exception {
        ExecutorService workers = Executors.newSingleThreadExecutor();
        try (DeviceNetconfServer server = new DeviceNetconfServer(data, NetconfLimits.DEFAULT, workers)) {
            server.running().modify(RunningDatastore.DEVICE, AfterReply.NOW, current -> {
                Element tcp = descend(Optional.ofNullable(XmlTree.child(current, CallHomeTree.NAMESPACE, CallHomeTree.ROOT)).orElseThrow(), "call-home", "netconf-client",
                        "endpoints", "endpoint", "ssh", "tcp-client-parameters");
                XmlTree.child(tcp, CallHomeTree.NAMESPACE, "remote-port").setTextContent(Integer.toString(port));
                Element system = current.getOwnerDocument().createElementNS(SYSTEM_NS, "system");
                XmlTree.append(system, SYSTEM_NS, "hostname", "edited");
                current.appendChild(system);
                return current;
            });
        } finally {
            workers.shutdownNow();
        }
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
