package org.callhome.device.devicessh;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.session.NetconfClientSession;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NMS changes the device-ssh-client device's call-home configuration in running over NETCONF,
 * and the device follows without a restart: moved to another NMS it answers the edit-config first,
 * then closes the connection and logs into the new endpoint; a configuration it could not log in
 * with is refused with running unchanged and the connection kept. Two NMS stand-ins (real SSH
 * servers with the same host key, which the device pins) on 127.0.0.1.
 */
class DeviceSshClientLiveCallHomeTest {

    private static final String DSC = "urn:callhome:params:xml:ns:yang:callhome-device-ssh-client";
    private static final String SUBSYSTEM = "nc@example.net";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private FakeNms first;
    private FakeNms second;
    private DeviceAgent agent;
    private Path identityFile;
    private Path pinned;

    @BeforeEach
    void setUp() throws Exception {
        KeyPair nmsHostKey = SshKeys.generateEd25519();
        identityFile = dir.resolve("login_key");
        KeyPair identity = SshKeys.loadOrCreateHostKey(identityFile);
        pinned = Files.writeString(dir.resolve("nms.pub"), SshKeys.toOpenSsh(nmsHostKey.getPublic()) + " nms\n");
        first = new FakeNms(nmsHostKey, "dev-1", identity.getPublic(), SUBSYSTEM);
        second = new FakeNms(nmsHostKey, "dev-1", identity.getPublic(), SUBSYSTEM);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
        first.close();
        second.close();
    }

    /** Starts the device logging into the first NMS and returns that NMS's session. */
    private NetconfClientSession startCallingFirst() throws Exception {
        CallHomeSettings callHome = CallHomeSettings.defaults("nms", List.of(new Endpoint("a", "127.0.0.1",
                first.port())));
        DeviceSshSettings accounts = new DeviceSshSettings(dir.resolve("unused_host_key"),
                List.of(new Account("netops", Role.ADMIN, Optional.empty())));
        agent = DeviceAgent.start(DeviceAgent.Settings.deviceSshClient(dir.resolve("data"), callHome, accounts,
                Duration.ofSeconds(10), NetconfLimits.DEFAULT,
                new DeviceAgent.ClientLogin("dev-1", identityFile, pinned, SUBSYSTEM, "netops")),
                new DialerListener() { });
        return first.nextSession();
    }

    private static RpcReply rpc(NetconfClientSession session, String operation) throws Exception {
        return session.rpc(operation, WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String editNms(String content) {
        return "<edit-config xmlns=\"" + BASE_NS + "\"><target><running/></target><config>"
                + "<device-ssh-client xmlns=\"" + DSC + "\"><netconf-clients><netconf-client><name>nms</name>"
                + content + "</netconf-client></netconf-clients></device-ssh-client></config></edit-config>";
    }

    private static String getConfig() {
        return "<get-config xmlns=\"" + BASE_NS + "\"><source><running/></source></get-config>";
    }

    @Test
    void movedToAnotherPortTheDeviceRepliesThenClosesAndLogsIntoTheNewEndpoint() throws Exception {
        NetconfClientSession session = startCallingFirst();
        String endpoints = "<endpoints><endpoint><name>a</name><tcp-client-parameters><remote-port>"
                + second.port() + "</remote-port></tcp-client-parameters></endpoint></endpoints>";

        RpcReply reply = rpc(session, editNms(endpoints));
        assertTrue(reply.isOk(), "the reply came before the connection closed: " + reply.toXml());
        session.closed().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        NetconfClientSession moved = second.nextSession();
        String running = NetconfXml.toString(rpc(moved, getConfig()).data());
        assertTrue(running.contains("<remote-port>" + second.port() + "</remote-port>"), running);
        assertTrue(running.contains("<bind-account>netops</bind-account>"), "the login stays: " + running);
    }

    @Test
    void aBindAccountThatIsNoAccountIsRefusedAndRunningStaysAsItWas() throws Exception {
        NetconfClientSession session = startCallingFirst();
        String before = NetconfXml.toString(rpc(session, getConfig()).data());

        RpcReply refused = rpc(session, editNms("<bind-account>root</bind-account>"));

        assertFalse(refused.isOk(), refused.toXml());
        RpcError error = refused.errors().get(0);
        assertEquals(ErrorTag.INVALID_VALUE, error.tag(), refused.toXml());
        assertTrue(error.message().contains("'root' is not one of the accounts [netops]"),
                refused.toXml());
        assertEquals("/chdsc:device-ssh-client/chdsc:netconf-clients/chdsc:netconf-client[1]/chdsc:bind-account",
                error.path(), refused.toXml());
        assertEquals(before, NetconfXml.toString(rpc(session, getConfig()).data()), "running is unchanged");
        RpcReply other = rpc(session, "<edit-config xmlns=\"" + BASE_NS + "\"><target><running/></target><config>"
                + "<system xmlns=\"urn:example:system\"><hostname>dev-1</hostname></system></config></edit-config>");
        assertTrue(other.isOk(), "other content may change, the connection is still up: " + other.toXml());
    }
}
