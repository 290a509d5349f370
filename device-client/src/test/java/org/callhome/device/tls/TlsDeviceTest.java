package org.callhome.device.tls;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.device.DeviceAgent;
import org.callhome.device.SharedResources;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.ReconnectStrategy;
import org.callhome.shared.config.StartWith;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.session.NetconfClientSession;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.xml.Hello;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.callhome.shared.tls.TlsAlgorithms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device agent in tls mode against an NMS stand-in on loopback, real Netty and JSSE on both
 * ends: the device dials, is the TLS server, accepts the NMS's client certificate by an account's CA
 * file and serves NETCONF 1.1 as that account; an NMS it refuses gets no NETCONF session, the
 * device says why, and calls again on its reconnect schedule. A stalled NMS is dropped after the
 * auth timeout, and an attempt the dialer gives up on is closed.
 */
class TlsDeviceTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant from = Instant.now().minus(Duration.ofHours(1));
    private final Instant to = Instant.now().plus(Duration.ofDays(1));
    private final Failures failures = new Failures();
    private X509Lab.Issued deviceCa;
    private X509Lab.Issued nmsCa;
    private X509Lab.Issued device;
    private Path keyFile;
    private Path chainFile;
    private Path nmsCaFile;
    private TlsNms nms;
    private DeviceAgent agent;
    private Optional<Path> revokedKeys = Optional.empty();

    @BeforeEach
    void setUp() throws Exception {
        deviceCa = lab.root("Device CA").validity(from, to).issue();
        nmsCa = lab.root("NMS CA").validity(from, to).issue();
        device = lab.device(deviceCa, "dev-1").validity(from, to).key(X509Lab.key(X509Algorithm.ECDSA_NISTP256))
                .keyUsage(KeyUsage.digitalSignature).extendedKeyUsage(X509Lab.TLS_SERVER).issue();
        keyFile = X509Lab.write(dir.resolve("device.key.pem"), X509Lab.pem("PRIVATE KEY",
                device.keyPair().getPrivate().getEncoded()));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        chainFile = X509Lab.write(dir.resolve("device.chain.pem"), X509Lab.pem(device.certificate()));
        nmsCaFile = X509Lab.write(dir.resolve("nms.ca.pem"), X509Lab.pem(nmsCa.certificate()));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (nms != null) {
            nms.close();
        }
    }

    private X509Lab.Issued nmsCertificate(X509Lab.Issued issuer, String cn, String purpose) {
        return lab.device(issuer, null).subject("CN=" + cn).validity(from, to)
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(purpose).issue();
    }

    private DeviceAgent startDevice(Endpoint endpoint, Duration authTimeout, Duration maxWait) throws Exception {
        CallHomeSettings callHome = CallHomeSettings.defaults("nms", List.of(endpoint))
                .withReconnect(new ReconnectStrategy(StartWith.FIRST_LISTED, maxWait, 3));
        DeviceSshSettings tls = new DeviceSshSettings(keyFile, List.of(new Account("ops", Role.ADMIN,
                Optional.of(nmsCaFile))), Optional.of(chainFile), revokedKeys);
        agent = DeviceAgent.start(DeviceAgent.Settings.tls(dir.resolve("data"), callHome, tls, authTimeout,
                NetconfLimits.DEFAULT), failures);
        return agent;
    }

    @Test
    void theNmsManagesTheDeviceAsTheAccountItsClientCertificateProves() throws Exception {
        X509Lab.Issued nmsKey = nmsCertificate(nmsCa, "ops", X509Lab.TLS_CLIENT);
        nms = new TlsNms(nmsKey, List.of(), deviceCa.certificate());
        startDevice(nms.endpoint(), Duration.ofSeconds(10), ReconnectStrategy.DEFAULT_MAX_WAIT);

        TlsNms.Call call = nms.nextCall();
        X509Verdict.Accepted deviceProven = assertInstanceOf(X509Verdict.Accepted.class,
                call.deviceVerdict().get(30, TimeUnit.SECONDS));
        assertEquals("dev-1", deviceProven.identity().identity(), "the NMS knows the device by its certificate");
        NetconfClientSession session = call.session().get(30, TimeUnit.SECONDS);
        Hello hello = session.serverHello().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertTrue(hello.capabilities().contains(Netconf.BASE_1_1), hello.capabilities().toString());
        RpcReply reply = session.rpc("<get-config xmlns=\"" + BASE_NS + "\"><source><running/></source></get-config>",
                Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
        assertNotNull(reply.data(), reply.toXml());

        Map<Long, SecurityFacts> sessions = agent.sessions();
        assertEquals(1, sessions.size(), sessions.toString());
        SecurityFacts facts = sessions.values().iterator().next();
        assertEquals(CallHomeStrategy.TLS, facts.strategy());
        assertEquals(nms.endpoint().hostPort(), facts.peerIdentity());
        assertEquals("ops", facts.netconfUsername());
        assertEquals(UsernameSource.CERT_TO_NAME, facts.usernameSource());
        assertEquals(PeerVerification.X509_USER_CERTIFICATE, facts.peerVerification());
        assertEquals(SshKeys.fingerprint(nmsKey.publicKey()), facts.peerKeyFingerprint());
        assertEquals(SshKeys.fingerprint(device.publicKey()), facts.localKeyFingerprint());
        assertEquals(SshKeys.fingerprint(device.publicKey()), agent.hostKeyFingerprint());
        assertEquals("ops", facts.peerX509Certificate().identity());
        assertEquals("TLSv1.3", facts.algorithms().keyExchange());
        assertEquals("EC P-256", facts.algorithms().hostKey(), "the device's certificate key");
        assertEquals(TlsAlgorithms.AEAD, facts.algorithms().macClientToServer());
        assertTrue(facts.remoteAddress().startsWith("127.0.0.1:"), facts.remoteAddress());
        assertTrue(failures.reasons.isEmpty(), failures.reasons.toString());

        call.channel().close();
        TlsNms.Call again = nms.nextCall();
        assertTrue(again.session().get(30, TimeUnit.SECONDS).serverHello().toCompletableFuture()
                .get(30, TimeUnit.SECONDS).sessionId().isPresent(), "the device called again and runs NETCONF");
    }


    /**
     * ietf-tls-server's ee-certs: the account's file pins the NMS's own self-signed certificate, no CA
     * at all, and the NMS presenting it gets a NETCONF session as that account.
     */
    @Test
    void anAccountFilePinningTheNmsSelfSignedCertificateLetsItManageTheDevice() throws Exception {
        X509Lab.Issued nmsKey = lab.selfSigned("ops").validity(from, to).key(X509Lab.key(X509Algorithm.ECDSA_NISTP256))
                .extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
        X509Lab.write(nmsCaFile, X509Lab.pem(nmsKey.certificate()));
        nms = new TlsNms(nmsKey, List.of(), deviceCa.certificate());
        startDevice(nms.endpoint(), Duration.ofSeconds(10), ReconnectStrategy.DEFAULT_MAX_WAIT);

        TlsNms.Call call = nms.nextCall();
        NetconfClientSession session = call.session().get(30, TimeUnit.SECONDS);
        RpcReply reply = session.rpc("<get-config xmlns=\"" + BASE_NS + "\"><source><running/></source></get-config>",
                Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
        assertNotNull(reply.data(), reply.toXml());

        Map<Long, SecurityFacts> sessions = agent.sessions();
        assertEquals(1, sessions.size(), sessions.toString());
        SecurityFacts facts = sessions.values().iterator().next();
        assertEquals("ops", facts.netconfUsername());
        assertEquals(PeerVerification.X509_USER_CERTIFICATE, facts.peerVerification());
        assertEquals(SshKeys.fingerprint(nmsKey.publicKey()), facts.peerKeyFingerprint());
        assertTrue(facts.peerX509Certificate().pinned(), facts.peerX509Certificate().toString());
        assertTrue(failures.reasons.isEmpty(), failures.reasons.toString());
    }

    /** Another self-signed certificate of the same name is no pin: refused in the handshake, no NETCONF. */
    @Test
    void aSelfSignedNmsCertificateTheAccountFileDoesNotPinIsRefused() throws Exception {
        X509Lab.Issued pinned = lab.selfSigned("ops").validity(from, to).extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
        X509Lab.Issued nmsKey = lab.selfSigned("ops").validity(from, to).extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
        X509Lab.write(nmsCaFile, X509Lab.pem(pinned.certificate()));
        nms = new TlsNms(nmsKey, List.of(), deviceCa.certificate());
        startDevice(nms.endpoint(), Duration.ofSeconds(10), ReconnectStrategy.DEFAULT_MAX_WAIT);

        nms.nextCall().awaitClosed();
        String why = failures.next();
        assertTrue(why.startsWith("IOException: NMS at " + nms.endpoint().hostPort()
                + " refused during the TLS handshake: tls-client certificate 'CN=ops'"), why);
        assertTrue(why.endsWith("(unknown-ca); no NETCONF session (RFC 7589)"), why);
        assertTrue(agent.sessions().isEmpty());
    }
    @Test
    void anNmsCertificateOfAnotherCaGetsNoSession() throws Exception {
        X509Lab.Issued stranger = lab.root("Stranger CA").validity(from, to).issue();
        assertRefused(nmsCertificate(stranger, "ops", X509Lab.TLS_CLIENT), "(unknown-ca)");
    }

    @Test
    void anNmsCertificateNamingNoAccountGetsNoSession() throws Exception {
        assertRefused(nmsCertificate(nmsCa, "guest", X509Lab.TLS_CLIENT),
                ", which is not an account of this device (unexpected-identity)");
    }

    @Test
    void anNmsCertificateForATlsServerOnlyGetsNoSession() throws Exception {
        assertRefused(nmsCertificate(nmsCa, "ops", X509Lab.TLS_SERVER), "(wrong-certificate-type)");
    }

    /**
     * The NMS presenting {@code nmsKey} gets no NETCONF session: the device's hello never comes and the
     * connection closes; the device says why, ending with {@code reason}; and calls again later.
     */
    private void assertRefused(X509Lab.Issued nmsKey, String reason) throws Exception {
        nms = new TlsNms(nmsKey, List.of(), deviceCa.certificate());
        startDevice(nms.endpoint(), Duration.ofSeconds(10), ReconnectStrategy.DEFAULT_MAX_WAIT);

        TlsNms.Call call = nms.nextCall();
        assertInstanceOf(X509Verdict.Accepted.class, call.deviceVerdict().get(30, TimeUnit.SECONDS),
                "the NMS accepted the device: the refusal is the device's");
        call.awaitClosed();
        if (call.session().isDone() && !call.session().isCompletedExceptionally()) {
            // TLS 1.3: the client's handshake is done before the server's alert comes
            NetconfClientSession session = call.session().get();
            session.closed().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertFalse(session.serverHello().toCompletableFuture().isDone() && !session.serverHello()
                    .toCompletableFuture().isCompletedExceptionally(), "the device sent no hello");
        }
        String why = failures.next();
        assertTrue(why.startsWith("IOException: NMS at " + nms.endpoint().hostPort()
                + " refused during the TLS handshake: "), why);
        assertTrue(why.endsWith(reason + "; no NETCONF session (RFC 7589)"), why);
        assertTrue(agent.sessions().isEmpty());

        TlsNms.Call again = nms.nextCall();
        again.awaitClosed();
        assertTrue(failures.next().endsWith(reason + "; no NETCONF session (RFC 7589)"), "refused again");
    }

    /**
     * A CRL that, read again while the NMS is connected, names its client certificate ends the session
     * with the reason; the device's next call is refused as revoked.
     */
    @Test
    void aCrlThatLaterNamesTheNmsCertificateEndsTheLiveSession() throws Exception {
        X509Lab.Issued nmsKey = nmsCertificate(nmsCa, "ops", X509Lab.TLS_CLIENT);
        Path crlFile = X509Lab.write(dir.resolve("revoked.pem"), X509Lab.pem(lab.crl(nmsCa, BigInteger.TEN)
                .dates(from, to).issue()));
        nms = new TlsNms(nmsKey, List.of(), deviceCa.certificate());
        revokedKeys = Optional.of(crlFile);
        startDevice(nms.endpoint(), Duration.ofSeconds(10), ReconnectStrategy.DEFAULT_MAX_WAIT);
        TlsNms.Call call = nms.nextCall();
        call.session().get(30, TimeUnit.SECONDS).serverHello().toCompletableFuture().get(30, TimeUnit.SECONDS);

        X509Lab.write(crlFile, X509Lab.pem(lab.crl(nmsCa, nmsKey.serial()).dates(from, to).issue()));

        call.awaitClosed();
        String ended = failures.disconnected.poll(TlsNms.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(ended, "the dialer heard of the end");
        assertTrue(ended.startsWith("broken: the NMS's client certificate was revoked while connected: "), ended);
        nms.nextCall().awaitClosed();
        String refused = failures.next();
        assertTrue(refused.endsWith("(revoked); no NETCONF session (RFC 7589)"), refused);
    }

    @Test
    void anNmsThatNeverStartsTheHandshakeIsDroppedAfterTheAuthTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            startDevice(new Endpoint("nms", "127.0.0.1", silent.getLocalPort()), Duration.ofSeconds(1),
                    Duration.ofSeconds(20));
            try (Socket accepted = silent.accept()) {
                long start = System.nanoTime();
                assertClosedByDevice(accepted);
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "closed after about 1 s");
            }
            String why = failures.next();
            assertTrue(why.contains("did not complete the TLS handshake within 1000 ms"), why);
        }
    }

    @Test
    void anAttemptTheDialerGivesUpOnIsClosed() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            startDevice(new Endpoint("nms", "127.0.0.1", silent.getLocalPort()), Duration.ofSeconds(60),
                    Duration.ofSeconds(1));
            try (Socket accepted = silent.accept()) {
                long start = System.nanoTime();
                assertClosedByDevice(accepted);
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(),
                        "closed at max-wait (1 s), long before the auth timeout (60 s)");
            }
            assertTrue(failures.next().contains("TimeoutException"), "the dialer's max-wait ended the attempt");
        }
    }

    /** A fleet's TLS devices share its event loops: three devices calling at once run on one loop thread. */
    @Test
    void aFleetsDevicesShareOneEventLoop() throws Exception {
        X509Lab.Issued nmsKey = nmsCertificate(nmsCa, "ops", X509Lab.TLS_CLIENT);
        nms = new TlsNms(nmsKey, List.of(), deviceCa.certificate());
        CallHomeSettings callHome = CallHomeSettings.defaults("nms", List.of(nms.endpoint()));
        DeviceSshSettings tls = new DeviceSshSettings(keyFile, List.of(new Account("ops", Role.ADMIN,
                Optional.of(nmsCaFile))), Optional.of(chainFile), Optional.empty());
        List<DeviceAgent> fleet = new ArrayList<>();
        long before = tlsLoopThreads();
        try (SharedResources shared = SharedResources.start(new SharedResources.Options(2, 1, Optional.empty()))) {
            try {
                for (int i = 0; i < 3; i++) {
                    fleet.add(DeviceAgent.start(DeviceAgent.Settings.tls(dir.resolve("data-" + i), callHome, tls,
                            Duration.ofSeconds(10), NetconfLimits.DEFAULT), failures, shared));
                }
                for (int i = 0; i < 3; i++) {
                    assertTrue(nms.nextCall().session().get(30, TimeUnit.SECONDS).serverHello().toCompletableFuture()
                            .get(30, TimeUnit.SECONDS).sessionId().isPresent(), "device " + i + " runs NETCONF");
                }
                // loops of devices closed before may still be ending, which only lowers the count
                assertTrue(tlsLoopThreads() - before <= 1, "one loop thread for the fleet's three devices, not three");
            } finally {
                for (DeviceAgent device : fleet) {
                    device.close();
                }
            }
        }
    }

    private static long tlsLoopThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals("device-tls-io"))
                .count();
    }

    /** Waits until the device closes its end: the socket reads end of stream (a TLS alert may come first). */
    private static void assertClosedByDevice(Socket socket) throws Exception {
        socket.setSoTimeout((int) TlsNms.WAIT.toMillis());
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[512];
        for (int read = 0; read >= 0; read = in.read(buffer)) {
            // a close_notify or alert record, then the end
        }
    }

    /** The reasons the dialer was given for failed attempts, in order: {@code ExceptionClass: message}. */
    private static final class Failures implements DialerListener {
        private final BlockingQueue<String> reasons = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> disconnected = new LinkedBlockingQueue<>();

        @Override
        public void disconnected(Endpoint endpoint, String reason) {
            disconnected.add(reason);
        }

        @Override
        public void failed(Endpoint endpoint, Throwable why) {
            reasons.add(why.getClass().getSimpleName() + ": " + why.getMessage());
        }

        String next() throws InterruptedException {
            String reason = reasons.poll(TlsNms.WAIT.toSeconds(), TimeUnit.SECONDS);
            if (reason == null) {
                throw new AssertionError("no failed attempt within " + TlsNms.WAIT.toSeconds() + " s");
            }
            return reason;
        }
    }
}
