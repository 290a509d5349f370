package org.callhome.device.devicessh;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.server.session.ServerSession;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.callhome.Connection;
import org.callhome.device.netconf.DeviceNetconfServer;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.session.NetconfClientSession;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.xml.Hello;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.callhome.shared.strategy.SessionFactsCapability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The device half of device-ssh-client against a fake NMS (a real MINA SSH server running our
 * NETCONF client engine in the subsystem) on 127.0.0.1: the device dials, verifies the NMS host
 * key, logs in, opens the channel, and serves NETCONF in it as its bind account.
 */
class DeviceSshClientDeviceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LOGIN = "dev-17";
    private static final String SUBSYSTEM = DeviceSshClientDevice.DEFAULT_SUBSYSTEM;

    @TempDir
    Path dir;

    private final KeyPair deviceKey = SshKeys.generateEd25519();
    private final KeyPair nmsHostKey = SshKeys.generateEd25519();
    private ScheduledExecutorService scheduler;
    private DeviceNetconfServer netconf;
    private AccountTable accounts;
    private FakeNms nms;
    private DeviceSshClientDevice device;

    @BeforeEach
    void setUp() throws IOException {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        netconf = new DeviceNetconfServer(dir.resolve("data"), NetconfLimits.DEFAULT, Runnable::run);
        accounts = AccountTable.load(List.of(new Account("netops", Role.ADMIN, Optional.empty()),
                new Account("viewer", Role.READ_ONLY, Optional.empty())));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (device != null) {
            device.close();
        }
        if (nms != null) {
            nms.close();
        }
        netconf.close();
        scheduler.shutdownNow();
    }

    private FakeNms startNms(java.security.PublicKey acceptedKey, String subsystem) throws IOException {
        nms = new FakeNms(nmsHostKey, LOGIN, acceptedKey, subsystem);
        return nms;
    }

    private DeviceSshClientDevice startDevice(String bindAccount, NmsHostKeys pinned) {
        device = new DeviceSshClientDevice(settings(bindAccount, pinned), netconf, accounts, scheduler);
        return device;
    }

    private DeviceSshClientDevice.Settings settings(String bindAccount, NmsHostKeys pinned) {
        return new DeviceSshClientDevice.Settings(LOGIN, deviceKey, pinned, SUBSYSTEM, bindAccount,
                Duration.ofSeconds(10), Keepalives.DEFAULT, NetconfLimits.DEFAULT.maxWriteBacklogBytes());
    }

    private Endpoint endpoint() {
        return new Endpoint("nms", "127.0.0.1", nms.port());
    }

    private Connection connect() throws Exception {
        return device.connect(endpoint(), WAIT).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private IOException connectFails() {
        CompletableFuture<Connection> attempt = device.connect(endpoint(), WAIT).toCompletableFuture();
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> attempt.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof IOException, failed.getCause().toString());
        return (IOException) failed.getCause();
    }

    private static RpcReply rpc(NetconfClientSession session, String xml) throws Exception {
        return session.rpc(xml, WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String op(String name, String body) {
        return "<" + name + " xmlns=\"" + BASE_NS + "\">" + body + "</" + name + ">";
    }

    private static final String EDIT = op("edit-config", "<target><running/></target>"
            + "<config><system xmlns=\"urn:example:system\"><hostname>core-1</hostname></system></config>");
    private static final String GET_CONFIG = op("get-config", "<source><running/></source>");

    @Test
    void nmsEditsAndReadsTheRunningConfigurationInTheChannelTheDeviceOpened() throws Exception {
        startNms(deviceKey.getPublic(), SUBSYSTEM);
        startDevice("netops", NmsHostKeys.of(nmsHostKey.getPublic()));
        Connection connection = connect();
        NetconfClientSession session = nms.nextSession();
        assertTrue(session.serverHello().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS)
                .sessionId().isPresent(), "the device speaks as NETCONF server: its hello has a session-id");

        assertTrue(rpc(session, EDIT).isOk());
        Element data = rpc(session, GET_CONFIG).data();
        Element system = XmlTree.child(data, "urn:example:system", "system");
        assertEquals("core-1", XmlTree.child(system, "urn:example:system", "hostname").getTextContent());
        assertEquals(LOGIN, nms.logins.poll());
        assertFalse(connection.closed().toCompletableFuture().isDone());
    }

    @Test
    void reportsHowTheConnectionWasSecured() throws Exception {
        startNms(deviceKey.getPublic(), SUBSYSTEM);
        startDevice("netops", NmsHostKeys.of(nmsHostKey.getPublic()));
        assertTrue(device.currentFacts().isEmpty());
        connect();
        SecurityFacts facts = device.currentFacts().orElseThrow();
        assertEquals(CallHomeStrategy.DEVICE_SSH_CLIENT, facts.strategy());
        assertEquals("127.0.0.1:" + nms.port(), facts.peerIdentity());
        assertEquals(SshKeys.fingerprint(nmsHostKey.getPublic()), facts.peerKeyFingerprint());
        assertEquals(PeerVerification.PINNED_HOST_KEY, facts.peerVerification());
        assertEquals(SshKeys.fingerprint(deviceKey.getPublic()), facts.localKeyFingerprint(), "its login key");
        assertEquals("netops", facts.netconfUsername());
        assertEquals(UsernameSource.BIND_ACCOUNT, facts.usernameSource());
        assertEquals("ssh-ed25519", facts.algorithms().hostKey());
        assertTrue(facts.remoteAddress().contains(Integer.toString(nms.port())), facts.remoteAddress());
    }

    @Test
    void readOnlyBindAccountGetsAccessDeniedOnEditConfig() throws Exception {
        startNms(deviceKey.getPublic(), SUBSYSTEM);
        startDevice("viewer", NmsHostKeys.of(nmsHostKey.getPublic()));
        connect();
        NetconfClientSession session = nms.nextSession();
        // the NMS cannot know the bind account otherwise: the device names it in its hello
        Hello hello = session.serverHello().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(Optional.of(new SessionFactsCapability.Reported("viewer", UsernameSource.BIND_ACCOUNT,
                PeerVerification.PINNED_HOST_KEY)), SessionFactsCapability.find(hello.capabilities()));
        RpcReply reply = rpc(session, EDIT);
        assertEquals(1, reply.errors().size(), reply.toXml());
        assertEquals(ErrorTag.ACCESS_DENIED, reply.errors().get(0).tag());
        assertTrue(rpc(session, GET_CONFIG).data() != null, "reading is allowed");
    }

    @Test
    void unpinnedNmsHostKeyFailsTheAttemptBeforeAnyCredentialIsSent() throws Exception {
        startNms(deviceKey.getPublic(), SUBSYSTEM);
        KeyPair otherKey = SshKeys.generateEd25519();
        startDevice("netops", NmsHostKeys.of(otherKey.getPublic()));
        IOException failure = connectFails();
        assertTrue(failure.getMessage().contains(SshKeys.fingerprint(nmsHostKey.getPublic())), failure.getMessage());
        assertTrue(failure.getMessage().contains("not pinned"), failure.getMessage());
        assertEquals(1, nms.sessionsCreated.get(), "the device did reach the NMS");
        assertEquals(0, nms.keyExchangesDone.get(), "the device never finished the key exchange");
        assertEquals(0, nms.userAuthRequests.get(), "no ssh-userauth request");
        assertEquals(0, nms.keysOffered.get(), "no key offered");
        assertTrue(device.currentFacts().isEmpty());
    }

    @Test
    void theCountersOfTheFakeNmsSeeALogin() throws Exception {
        startNms(deviceKey.getPublic(), SUBSYSTEM);
        startDevice("netops", NmsHostKeys.of(nmsHostKey.getPublic()));
        connect();
        assertTrue(nms.keyExchangesDone.get() >= 1);
        assertTrue(nms.userAuthRequests.get() >= 1);
        assertTrue(nms.keysOffered.get() >= 1);
    }

    @Test
    void nmsRefusingTheDeviceKeyFailsTheAttempt() throws Exception {
        startNms(SshKeys.generateEd25519().getPublic(), SUBSYSTEM);
        startDevice("netops", NmsHostKeys.of(nmsHostKey.getPublic()));
        IOException failure = connectFails();
        assertTrue(failure.getMessage().contains("refused login '" + LOGIN + "'"), failure.getMessage());
        assertTrue(nms.keysOffered.get() >= 1);
        assertTrue(nms.sessions.isEmpty());
    }

    @Test
    void nmsWithoutTheSubsystemFailsTheAttempt() throws Exception {
        startNms(deviceKey.getPublic(), "other@callhome.invalid");
        startDevice("netops", NmsHostKeys.of(nmsHostKey.getPublic()));
        IOException failure = connectFails();
        assertTrue(failure.getMessage().contains("refused subsystem '" + SUBSYSTEM + "'"), failure.getMessage());
    }

    @Test
    void endpointWithoutPinnedKeyIsNotDialed() throws Exception {
        startNms(deviceKey.getPublic(), SUBSYSTEM);
        java.nio.file.Path knownHosts = java.nio.file.Files.writeString(dir.resolve("known_hosts"),
                "nms.example.net " + SshKeys.toOpenSsh(nmsHostKey.getPublic()) + "\n");
        startDevice("netops", NmsHostKeys.load(knownHosts));
        IOException failure = connectFails();
        assertTrue(failure.getMessage().contains("no NMS host key or CA pinned for 127.0.0.1:"), failure.getMessage());
        assertEquals(0, nms.sessionsCreated.get());
    }

    @Test
    void closeSessionFromTheNmsEndsTheConnectionInOrder() throws Exception {
        startNms(deviceKey.getPublic(), SUBSYSTEM);
        startDevice("netops", NmsHostKeys.of(nmsHostKey.getPublic()));
        Connection connection = connect();
        NetconfClientSession session = nms.nextSession();
        assertTrue(rpc(session, op("close-session", "")).isOk());
        String reason = connection.closed().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(reason.startsWith("NETCONF session ended"), reason);
    }

    @Test
    void nmsDroppingTheSshSessionEndsTheConnectionAsBroken() throws Exception {
        startNms(deviceKey.getPublic(), SUBSYSTEM);
        startDevice("netops", NmsHostKeys.of(nmsHostKey.getPublic()));
        Connection connection = connect();
        nms.nextSession();
        ServerSession sshSession = nms.sshSessions.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        sshSession.close(true);
        CompletableFuture<String> closed = connection.closed().toCompletableFuture();
        ExecutionException broke = assertThrows(ExecutionException.class,
                () -> closed.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(broke.getCause() instanceof IOException, broke.getCause().toString());
    }

    @Test
    void closingTheConnectionOnTheDeviceIsAnOrderlyEnd() throws Exception {
        startNms(deviceKey.getPublic(), SUBSYSTEM);
        startDevice("netops", NmsHostKeys.of(nmsHostKey.getPublic()));
        Connection connection = connect();
        NetconfClientSession session = nms.nextSession();
        connection.close();
        assertEquals("closed by the device",
                connection.closed().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        session.closed().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void attemptFailsWhenNothingListens() throws Exception {
        startDevice("netops", NmsHostKeys.of(nmsHostKey.getPublic()));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CompletableFuture<Connection> attempt = device.connect(new Endpoint("nms", "127.0.0.1", port), WAIT)
                .toCompletableFuture();
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> attempt.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(failed.getCause().getMessage().contains("connection to 127.0.0.1:" + port + " failed"),
                failed.getCause().getMessage());
    }

    @Test
    void loginNotDoneWithinTheAuthTimeoutIsGivenUp() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            device = new DeviceSshClientDevice(new DeviceSshClientDevice.Settings(LOGIN, deviceKey,
                    NmsHostKeys.of(nmsHostKey.getPublic()), SUBSYSTEM, "netops", Duration.ofMillis(500),
                    Keepalives.DEFAULT, 1024 * 1024), netconf, accounts, scheduler);
            CompletableFuture<Connection> attempt = device.connect(
                    new Endpoint("nms", "127.0.0.1", silent.getLocalPort()), WAIT).toCompletableFuture();
            try (var accepted = silent.accept()) {
                assertTrue(accepted.isConnected(), "the device dialed and then said nothing more");
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> attempt.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                assertTrue(failed.getCause().getMessage().contains("login not done within 500 ms"),
                        failed.getCause().getMessage());
            }
        }
    }

    @Test
    void bindAccountNotInTheAccountTableIsRefusedAtConstruction() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> startDevice("nobody", NmsHostKeys.of(nmsHostKey.getPublic())));
        assertTrue(e.getMessage().contains("bind account 'nobody' is not a configured account"), e.getMessage());
    }

    @Test
    void subsystemMustBeALocalSshName() {
        for (String bad : List.of("netconf", "a@b@c", "net conf@x", "a,b@c", "@x", "x@", "\u00e9@x",
                "a".repeat(60) + "@abcd")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DeviceSshClientDevice.Settings.checkSubsystem(bad), bad);
            assertTrue(e.getMessage().contains("RFC 4250"), e.getMessage());
        }
        DeviceSshClientDevice.Settings.checkSubsystem("netconf-device@callhome.invalid");
        DeviceSshClientDevice.Settings.checkSubsystem("a".repeat(59) + "@abcd");
    }
}
