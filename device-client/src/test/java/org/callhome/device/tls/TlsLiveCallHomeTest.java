package org.callhome.device.tls;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.KeyUsage;
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
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NMS changes the tls device's call-home configuration in running over NETCONF, and the device
 * follows without a restart: moved to another NMS it answers the edit-config first, then closes the
 * connection and calls the new endpoint; a configuration it could not call home with is refused
 * with running unchanged and the connection kept. Two NMS stand-ins on 127.0.0.1, real TLS.
 */
class TlsLiveCallHomeTest {

    private static final String NCS = "urn:ietf:params:xml:ns:yang:ietf-netconf-server";
    private static final Duration WAIT = TlsNms.WAIT;

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant from = Instant.now().minus(Duration.ofHours(1));
    private final Instant to = Instant.now().plus(Duration.ofDays(1));
    private X509Lab.Issued deviceCa;
    private X509Lab.Issued nmsKey;
    private Path keyFile;
    private Path chainFile;
    private Path nmsCaFile;
    private TlsNms first;
    private TlsNms second;
    private DeviceAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        deviceCa = lab.root("Device CA").validity(from, to).issue();
        X509Lab.Issued nmsCa = lab.root("NMS CA").validity(from, to).issue();
        X509Lab.Issued device = lab.device(deviceCa, "dev-1").validity(from, to)
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(X509Lab.TLS_SERVER).issue();
        nmsKey = lab.device(nmsCa, null).subject("CN=ops").validity(from, to)
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
        keyFile = X509Lab.write(dir.resolve("device.key.pem"), X509Lab.pem("PRIVATE KEY",
                device.keyPair().getPrivate().getEncoded()));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        chainFile = X509Lab.write(dir.resolve("device.chain.pem"), X509Lab.pem(device.certificate()));
        nmsCaFile = X509Lab.write(dir.resolve("nms.ca.pem"), X509Lab.pem(nmsCa.certificate()));
        first = new TlsNms(nmsKey, List.of(), deviceCa.certificate());
        second = new TlsNms(nmsKey, List.of(), deviceCa.certificate());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
        first.close();
        second.close();
    }

    private NetconfClientSession startCallingFirst() throws Exception {
        return startCalling(List.of(new Endpoint("a", "127.0.0.1", first.endpoint().port())));
    }

    /** Starts the device calling {@code endpoints}, first-listed first, and returns the first NMS's session. */
    private NetconfClientSession startCalling(List<Endpoint> endpoints) throws Exception {
        CallHomeSettings callHome = CallHomeSettings.defaults("nms", endpoints);
        DeviceSshSettings tls = new DeviceSshSettings(keyFile, List.of(new Account("ops", Role.ADMIN,
                Optional.of(nmsCaFile))), Optional.of(chainFile), Optional.empty());
        agent = DeviceAgent.start(DeviceAgent.Settings.tls(dir.resolve("data"), callHome, tls, Duration.ofSeconds(10),
                NetconfLimits.DEFAULT), new DialerListener() { });
        return first.nextCall().session().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static RpcReply rpc(NetconfClientSession session, String operation) throws Exception {
        return session.rpc(operation, WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String editCallHome(String endpoints) {
        return "<edit-config xmlns=\"" + BASE_NS + "\"><target><running/></target><config>"
                + "<netconf-server xmlns=\"" + NCS + "\"><call-home><netconf-client><name>nms</name>"
                + endpoints + "</netconf-client></call-home></netconf-server></config></edit-config>";
    }

    private static String getConfig() {
        return "<get-config xmlns=\"" + BASE_NS + "\"><source><running/></source></get-config>";
    }

    /** The reply to the edit came (the connection was not closed first), then the connection closed. */
    private static void assertRepliedThenClosed(NetconfClientSession session, RpcReply reply) throws Exception {
        assertTrue(reply.isOk(), "the reply came before the connection closed: " + reply.toXml());
        session.closed().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The device calls the second NMS, which can run RPCs on it; returns running as it sees it. */
    private String runningSeenBySecond() throws Exception {
        NetconfClientSession moved = second.nextCall().session().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return NetconfXml.toString(rpc(moved, getConfig()).data());
    }

    @Test
    void movedToAnotherPortTheDeviceRepliesThenClosesAndCallsTheNewEndpoint() throws Exception {
        NetconfClientSession session = startCallingFirst();
        String endpoints = "<endpoints><endpoint><name>a</name><tls><tcp-client-parameters><remote-port>"
                + second.endpoint().port() + "</remote-port></tcp-client-parameters></tls></endpoint></endpoints>";

        assertRepliedThenClosed(session, rpc(session, editCallHome(endpoints)));
        String running = runningSeenBySecond();
        assertTrue(running.contains("<remote-port>" + second.endpoint().port() + "</remote-port>"), running);
    }

    @Test
    void theLiveEndpointRemovedTheDeviceRepliesThenClosesAndCallsTheNextOne() throws Exception {
        NetconfClientSession session = startCalling(List.of(new Endpoint("a", "127.0.0.1", first.endpoint().port()),
                new Endpoint("b", "127.0.0.1", second.endpoint().port())));
        String endpoints = "<endpoints><endpoint xmlns:nc=\"" + BASE_NS + "\" nc:operation=\"delete\"><name>a</name>"
                + "</endpoint></endpoints>";

        assertRepliedThenClosed(session, rpc(session, editCallHome(endpoints)));
        String running = runningSeenBySecond();
        assertFalse(running.contains("<name>a</name>"), running);
        assertTrue(running.contains("<remote-port>" + second.endpoint().port() + "</remote-port>"), running);
    }

    @Test
    void aConfigurationWithoutEndpointsIsRefusedAndRunningStaysAsItWas() throws Exception {
        NetconfClientSession session = startCallingFirst();
        String before = NetconfXml.toString(rpc(session, getConfig()).data());

        RpcReply refused = rpc(session, editCallHome("<endpoints xmlns:nc=\"" + BASE_NS
                + "\" nc:operation=\"delete\"/>"));
        assertFalse(refused.isOk(), refused.toXml());
        // the schema refuses it first: ietf-netconf-server wants at least one endpoint
        RpcError error = refused.errors().get(0);
        assertEquals(ErrorTag.OPERATION_FAILED, error.tag(), refused.toXml());
        assertEquals("too-few-elements", error.appTag(), refused.toXml());
        assertEquals("/ncs:netconf-server/ncs:call-home/ncs:netconf-client[ncs:name='nms']/ncs:endpoints/ncs:endpoint",
                error.path(), refused.toXml());

        assertEquals(before, NetconfXml.toString(rpc(session, getConfig()).data()), "running is unchanged");
        RpcReply other = rpc(session, "<edit-config xmlns=\"" + BASE_NS + "\"><target><running/></target><config>"
                + "<system xmlns=\"urn:example:system\"><hostname>dev-1</hostname></system></config></edit-config>");
        assertTrue(other.isOk(), "other content may change: " + other.toXml());
        assertTrue(rpc(session, getConfig()).data() != null, "the connection is still up");
    }
}
