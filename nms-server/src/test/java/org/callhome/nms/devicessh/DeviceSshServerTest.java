package org.callhome.nms.devicessh;

import static org.callhome.nms.devicessh.DeviceSshFixture.TIMERS;
import static org.callhome.nms.devicessh.DeviceSshFixture.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.StreamingChannel;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.session.ByteReceiver;
import org.callhome.shared.netconf.session.NetconfClientSession;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.netconf.session.Reply;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.session.SerialExecutor;
import org.callhome.shared.netconf.xml.Hello;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.channel.ClientChannelTransport;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.SecuredChannel;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What a device that plays by the rules gets: one NETCONF channel, with inverted roles, over real SSH. */
class DeviceSshServerTest {

    private static final List<String> CAPABILITIES = List.of(Netconf.BASE_1_0, Netconf.BASE_1_1);

    private DeviceSshFixture nms;

    @BeforeEach
    void start() throws Exception {
        nms = DeviceSshFixture.start();
    }

    @AfterEach
    void close() throws Exception {
        nms.close();
    }

    private ChannelSubsystem openSubsystem(ClientSession device) throws Exception {
        ChannelSubsystem channel = device.createSubsystemChannel(DeviceSshServer.DEFAULT_SUBSYSTEM);
        channel.setStreaming(StreamingChannel.Streaming.Async);
        channel.open().verify(WAIT);
        return channel;
    }

    @Test
    void deliversTheChannelWithFactsNamingTheDeviceAndItsKey() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        openSubsystem(device);

        SecurityFacts facts = nms.nextChannel().facts();
        assertEquals(CallHomeStrategy.DEVICE_SSH_CLIENT, facts.strategy());
        assertEquals("dev-1", facts.peerIdentity());
        assertEquals(SshKeys.fingerprint(nms.dev1Key.getPublic()), facts.peerKeyFingerprint());
        assertEquals(SecurityFacts.PeerVerification.PINNED_USER_KEY, facts.peerVerification());
        assertEquals(SshKeys.fingerprint(nms.hostKey.getPublic()), facts.localKeyFingerprint(), "the NMS's host key");
        assertEquals(DeviceSshServer.NMS_NETCONF_USERNAME, facts.netconfUsername());
        assertEquals(SecurityFacts.UsernameSource.BIND_ACCOUNT, facts.usernameSource());
        assertEquals("127.0.0.1:" + ((InetSocketAddress) device.getLocalAddress()).getPort(), facts.remoteAddress());
        assertNotNull(facts.algorithms().keyExchange());
        assertEquals("ssh-ed25519", facts.algorithms().hostKey());
        assertEquals(CallHomeStrategy.DEVICE_SSH_CLIENT, nms.server.strategy());
    }

    @Test
    void runsNetconfWithTheDeviceAsServerAndTheNmsAsClient() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        ChannelSubsystem channel = openSubsystem(device);
        ClientChannelTransport deviceTransport = new ClientChannelTransport(channel, 1 << 20);
        NetconfServerSession deviceNetconf = new NetconfServerSession(42, "bind-admin", CAPABILITIES,
                deviceTransport, NetconfLimits.DEFAULT, (request, session) -> {
                    Document doc = NetconfXml.newDocument();
                    Element data = doc.createElementNS(Netconf.BASE_NS, "data");
                    Element name = doc.createElementNS("urn:test", "bound-to");
                    name.setTextContent(session.username());
                    data.appendChild(name);
                    doc.appendChild(data);
                    return CompletableFuture.completedFuture(Reply.content(data));
                }, SerialExecutor.direct(), TIMERS);
        deviceNetconf.start();
        deviceTransport.attach(deviceNetconf);

        SecuredChannel delivered = nms.nextChannel();
        NetconfClientSession nmsNetconf = new NetconfClientSession(CAPABILITIES, delivered.transport(),
                NetconfLimits.DEFAULT, SerialExecutor.direct(), TIMERS);
        nmsNetconf.start();
        delivered.attach(nmsNetconf);

        Hello hello = nmsNetconf.serverHello().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(42, hello.sessionId().orElseThrow());
        RpcReply reply = nmsNetconf.rpc("<get xmlns=\"" + Netconf.BASE_NS + "\"/>", WAIT)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("bind-admin", reply.data().getTextContent(), reply.toXml());
    }

    @Test
    void theNmsClosingTheChannelEndsTheDevicesSshSession() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        openSubsystem(device);
        nms.nextChannel().transport().close();

        assertTrue(device.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.CLOSED),
                WAIT).contains(ClientSession.ClientSessionEvent.CLOSED), "the device's SSH session is still open");
    }

    @Test
    void theDeviceClosingTheChannelEndsItsSshSessionAndTheNmsSeesTheEnd() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        ChannelSubsystem channel = openSubsystem(device);
        SecuredChannel delivered = nms.nextChannel();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        delivered.attach(new ByteReceiver() {
            @Override
            public void receive(byte[] bytes, int offset, int length) {
            }

            @Override
            public void transportClosed() {
                ended.complete(null);
            }
        });
        channel.close(false).await(WAIT);

        ended.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(device.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.CLOSED), WAIT)
                .contains(ClientSession.ClientSessionEvent.CLOSED), "the device's SSH session is still open");
    }

    @Test
    void carriesRawBytesBothWays() throws Exception {
        ClientSession device = nms.login("dev-2", nms.dev2Key);
        ChannelSubsystem channel = openSubsystem(device);
        ClientChannelTransport deviceTransport = new ClientChannelTransport(channel, 1 << 20);
        StringBuffer atDevice = new StringBuffer();
        deviceTransport.attach(collector(atDevice));
        SecuredChannel delivered = nms.nextChannel();
        StringBuffer atNms = new StringBuffer();
        delivered.attach(collector(atNms));

        delivered.transport().send("from-nms".getBytes(StandardCharsets.US_ASCII));
        deviceTransport.send("from-device".getBytes(StandardCharsets.US_ASCII));

        awaitText(atDevice, "from-nms");
        awaitText(atNms, "from-device");
    }

    @Test
    void disconnectDropsTheDeviceWhichMayThenLogInAgain() throws Exception {
        ClientSession first = nms.login("dev-1", nms.dev1Key);
        openSubsystem(first);
        nms.nextChannel();

        nms.server.disconnect("dev-1");

        assertTrue(first.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.CLOSED), WAIT)
                .contains(ClientSession.ClientSessionEvent.CLOSED), "disconnect left the session open");
        ClientSession second = loginWhenFreed("dev-1");
        openSubsystem(second);
        assertEquals("dev-1", nms.nextChannel().facts().peerIdentity());
    }

    @Test
    void reportsADeviceThatLeavesWithoutOpeningTheSubsystem() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        device.close(false).await(WAIT);

        DeviceSshFixture.Refusal refusal = nms.nextRefusal();
        assertEquals("authFailed", refusal.kind());
        assertEquals("dev-1", refusal.deviceId());
        assertTrue(refusal.reason().contains("without opening subsystem"), refusal.reason());
    }

    /** The server forgets a closed session on its own thread, so a new login may race it briefly. */
    private ClientSession loginWhenFreed(String deviceId) throws Exception {
        return Eventually.value(WAIT, () -> {
            try {
                return Optional.of(nms.login(deviceId, nms.dev1Key));
            } catch (IOException refused) {
                nms.refusals.clear();
                return Optional.empty();
            }
        }, () -> deviceId + " logged in again once its closed session was forgotten");
    }

    private static ByteReceiver collector(StringBuffer into) {
        return new ByteReceiver() {
            @Override
            public void receive(byte[] bytes, int offset, int length) {
                into.append(new String(bytes, offset, length, StandardCharsets.US_ASCII));
            }

            @Override
            public void transportClosed() {
            }
        };
    }

    private static void awaitText(StringBuffer text, String expected) throws InterruptedException {
        Eventually.until(WAIT, () -> text.toString().equals(expected), () -> "'" + expected + "', got '" + text + "'");
    }
}
