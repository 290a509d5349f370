package org.callhome.nms.devicessh;

import static org.callhome.nms.devicessh.DeviceSshFixture.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.StreamingChannel;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Everything a device account may not do, each refused over real SSH on 127.0.0.1. A refusal of
 * a channel request closes the device's channel (MINA's client does that on a failure reply to
 * a request it asked a reply for); the NMS never hands a channel over for it.
 */
class DeviceSshRefusalTest {

    private DeviceSshFixture nms;

    @BeforeEach
    void start() throws Exception {
        nms = DeviceSshFixture.start();
    }

    @AfterEach
    void close() throws Exception {
        nms.close();
    }

    @Test
    void refusesAnUnknownLoginName() throws Exception {
        ClientSession session = nms.connect("admin");
        session.addPublicKeyIdentity(nms.dev1Key);

        assertThrows(IOException.class, () -> session.auth().verify(WAIT));
        DeviceSshFixture.Refusal refusal = nms.nextRefusal();
        assertEquals("rejected", refusal.kind());
        assertEquals(CallHomeStrategy.DEVICE_SSH_CLIENT, refusal.strategy());
        assertNull(refusal.deviceId());
        assertEquals(SshKeys.fingerprint(nms.dev1Key.getPublic()), refusal.fingerprint());
        assertTrue(refusal.remoteAddress().startsWith("127.0.0.1:"), refusal.remoteAddress());
        assertTrue(refusal.reason().contains("unknown login name 'admin'"), refusal.reason());
        assertNoMoreRefusalsFor(session);
    }

    @Test
    void refusesAKnownDeviceOfferingAnotherKey() throws Exception {
        ClientSession session = nms.connect("dev-1");
        session.addPublicKeyIdentity(SshKeys.generateEd25519());

        assertThrows(IOException.class, () -> session.auth().verify(WAIT));
        DeviceSshFixture.Refusal refusal = nms.nextRefusal();
        assertEquals("rejected", refusal.kind());
        assertEquals("dev-1", refusal.deviceId());
        assertTrue(refusal.reason().contains("key other than its pinned one (unknown key)"), refusal.reason());
    }

    @Test
    void refusesADeviceLoggingInWithAnotherDevicesKey() throws Exception {
        ClientSession session = nms.connect("dev-1");
        session.addPublicKeyIdentity(nms.dev2Key);

        assertThrows(IOException.class, () -> session.auth().verify(WAIT));
        DeviceSshFixture.Refusal refusal = nms.nextRefusal();
        assertEquals("dev-1", refusal.deviceId());
        assertTrue(refusal.reason().contains("pinned for device dev-2"), refusal.reason());
    }

    @Test
    void refusesPasswordAuthentication() throws Exception {
        ClientSession session = nms.connect("dev-1");
        session.addPasswordIdentity("dev-1");

        assertThrows(IOException.class, () -> session.auth().verify(WAIT));
        assertFalse(session.isAuthenticated());
        assertTrue(nms.channels.isEmpty());
    }

    @Test
    void refusesAShell() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        ChannelShell shell = device.createShellChannel();
        CoreModuleProperties.REQUEST_SHELL_REPLY.set(shell, true);
        shell.open().verify(WAIT);

        assertChannelClosedByRefusal(shell.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT));
    }

    @Test
    void refusesAnExec() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        ChannelExec exec = device.createExecChannel("true");
        CoreModuleProperties.REQUEST_EXEC_REPLY.set(exec, true);
        exec.open().verify(WAIT);

        assertChannelClosedByRefusal(exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT));
    }

    @Test
    void refusesTheSftpSubsystem() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        ChannelSubsystem sftp = device.createSubsystemChannel("sftp");
        sftp.open().verify(WAIT);

        assertChannelClosedByRefusal(sftp.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT));
    }

    @Test
    void refusesTheStandardNetconfSubsystemName() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        ChannelSubsystem netconf = device.createSubsystemChannel("netconf");
        netconf.open().verify(WAIT);

        assertChannelClosedByRefusal(netconf.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT));
    }

    @Test
    void refusesASecondSubsystemChannelOfTheSameSession() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        ChannelSubsystem first = device.createSubsystemChannel(DeviceSshServer.DEFAULT_SUBSYSTEM);
        first.setStreaming(StreamingChannel.Streaming.Async);
        first.open().verify(WAIT);
        nms.nextChannel();

        ChannelSubsystem second = device.createSubsystemChannel(DeviceSshServer.DEFAULT_SUBSYSTEM);
        IOException refused = assertThrows(IOException.class, () -> second.open().verify(WAIT));

        assertTrue(String.valueOf(refused.getMessage()).contains("Unsupported channel type"), refused.toString());
        assertTrue(first.isOpen(), "the first channel must stay open");
        assertTrue(nms.channels.isEmpty(), "a second channel was handed to the NMS");
    }

    @Test
    void refusesASecondSubsystemRequestOnTheSameChannel() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        RequestProbeChannel probe = RequestProbeChannel.open(device);
        assertTrue(probe.request("subsystem", b -> b.putString(DeviceSshServer.DEFAULT_SUBSYSTEM))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        nms.nextChannel();

        assertFalse(probe.request("subsystem", b -> b.putString(DeviceSshServer.DEFAULT_SUBSYSTEM))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(nms.channels.isEmpty(), "a second channel was handed to the NMS");
    }

    @Test
    void refusesLocalPortForwarding() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        ChannelDirectTcpip direct = device.createDirectTcpipChannel(new SshdSocketAddress("127.0.0.1", 40000),
                new SshdSocketAddress("127.0.0.1", 22));

        IOException refused = assertThrows(IOException.class, () -> direct.open().verify(WAIT));
        assertTrue(String.valueOf(refused.getMessage()).contains("Unsupported channel type: direct-tcpip"),
                refused.toString());
    }

    @Test
    void refusesRemotePortForwarding() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);

        assertThrows(IOException.class, () -> device.startRemotePortForwarding(
                new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress("127.0.0.1", 22)));
        assertTrue(device.isOpen(), "a refused global request must not end the session");
    }

    @Test
    void refusesAgentForwarding() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        RequestProbeChannel probe = RequestProbeChannel.open(device);

        assertFalse(probe.request("auth-agent-req@openssh.com", b -> { })
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void refusesX11Forwarding() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        RequestProbeChannel probe = RequestProbeChannel.open(device);

        assertFalse(probe.request("x11-req", b -> {
            b.putBoolean(false);
            b.putString("MIT-MAGIC-COOKIE-1");
            b.putString("0123456789abcdef0123456789abcdef");
            b.putUInt(0);
        }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void refusesAPseudoTerminalAndEnvironmentButStillOffersTheSubsystem() throws Exception {
        ClientSession device = nms.login("dev-1", nms.dev1Key);
        RequestProbeChannel probe = RequestProbeChannel.open(device);

        assertFalse(probe.request("pty-req", b -> {
            b.putString("xterm");
            b.putUInt(80);
            b.putUInt(24);
            b.putUInt(0);
            b.putUInt(0);
            b.putBytes(new byte[] {0});
        }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertFalse(probe.request("env", b -> {
            b.putString("LANG");
            b.putString("C");
        }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(probe.request("subsystem", b -> b.putString(DeviceSshServer.DEFAULT_SUBSYSTEM))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("dev-1", nms.nextChannel().facts().peerIdentity());
    }

    @Test
    void refusesASecondSessionOfADeviceWhileTheFirstIsLive() throws Exception {
        ClientSession first = nms.login("dev-1", nms.dev1Key);

        ClientSession second = nms.connect("dev-1");
        second.addPublicKeyIdentity(nms.dev1Key);
        assertThrows(IOException.class, () -> second.auth().verify(WAIT));

        DeviceSshFixture.Refusal refusal = nms.nextRefusal();
        assertEquals("rejected", refusal.kind());
        assertEquals("dev-1", refusal.deviceId());
        assertTrue(refusal.reason().contains("already live"), refusal.reason());
        assertTrue(first.isOpen(), "the live session must survive the second login");
    }

    @Test
    void closesAConnectionThatDoesNotAuthenticateInTime() throws Exception {
        try (DeviceSshFixture quick = DeviceSshFixture.start(Duration.ofMillis(500))) {
            ClientSession idle = quick.connect("dev-1");

            Set<ClientSession.ClientSessionEvent> events =
                    idle.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.CLOSED), WAIT);
            assertTrue(events.contains(ClientSession.ClientSessionEvent.CLOSED), "still open: " + events);
        }
    }

    private void assertChannelClosedByRefusal(Set<ClientChannelEvent> events) {
        assertTrue(events.contains(ClientChannelEvent.CLOSED), "the refused channel is still open: " + events);
        assertTrue(nms.channels.isEmpty(), "a channel was handed to the NMS");
    }

    /** Each refusal is reported once per session, even though MINA consults the authenticator per attempt. */
    private void assertNoMoreRefusalsFor(ClientSession session) {
        assertFalse(session.isAuthenticated());
        assertEquals(0, nms.refusals.size(), "reported more than once: " + nms.refusals);
    }
}
