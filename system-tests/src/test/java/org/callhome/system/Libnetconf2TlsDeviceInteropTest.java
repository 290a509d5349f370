package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.callhome.shared.strategy.SessionFactsCapability;
import org.callhome.system.Libnetconf2Peers.Peer;
import org.callhome.system.Libnetconf2Peers.Programs;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libnetconf2's TLS call-home NMS (ln2-nms, RFC 8071 §4) manages our device agent in tls mode: our
 * device dials it and is the TLS server, accepts its client certificate by the account whose file
 * holds the certificate's CA, names the session by the certificate (the simple rule: its common
 * name is the account) and says so in its hello; ln2-nms reads our running configuration. Our
 * device, left calling, serves the next ln2-nms on the same port. An ln2-nms certified by a CA our
 * device does not trust gets no session, and our device says why.
 */
class Libnetconf2TlsDeviceInteropTest {

    private static final Duration WAIT = CallHomeLab.WAIT;
    private static final String ACCOUNT = "nms-admin";
    private static final String HOSTNAME = "edge-ours-3";

    @TempDir
    Path dir;

    private final X509Lab pki = new X509Lab();
    private final Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    private final Instant notAfter = notBefore.plus(Duration.ofHours(25));
    private final List<Peer> peers = new ArrayList<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private Programs programs;
    private Issued nmsRoot;
    private DeviceAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        programs = Libnetconf2Peers.require();
        Issued deviceRoot = pki.root("Device CA").validity(notBefore, notAfter).issue();
        nmsRoot = pki.root("NMS CA").validity(notBefore, notAfter).issue();
        Issued device = pki.device(deviceRoot, "dev-ours").ca(false).validity(notBefore, notAfter)
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(X509Lab.TLS_SERVER).issue();
        Libnetconf2Peers.writeCertificates(dir.resolve("device-ca.pem"), deviceRoot.certificate());
        Libnetconf2Peers.writeCertificates(dir.resolve("device.pem"), device.certificate());
        Path key = Libnetconf2Peers.writeKey(dir.resolve("device.key"), device.keyPair().getPrivate());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Libnetconf2Peers.writeCertificates(dir.resolve("nms-ca.pem"), nmsRoot.certificate());
    }

    @AfterEach
    void tearDown() throws Exception {
        peers.forEach(Peer::close);
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void ln2NmsReadsOurRunningConfigurationAsTheAccountItsCertificateNames() throws Exception {
        Issued nms = nmsCertificate(nmsRoot);
        Peer ln2 = startNms(nms, 0);
        int port = ln2.listeningPort(WAIT);
        startDevice(port);

        assertEquals(0, ln2.exitWithin(WAIT), ln2.describe());
        assertTrue(ln2.stdoutLines().stream().anyMatch(line -> line.matches("connected 127\\.0\\.0\\.1 \\d+ \\d+")),
                ln2.describe());
        assertTrue(ln2.data().contains("<hostname>" + HOSTNAME + "</hostname>"), ln2.describe());
        // our device's hello: the session runs as the account the common name names, by cert-to-name
        assertTrue(ln2.stdoutLines().contains("capability " + SessionFactsCapability.URI + "?username=" + ACCOUNT
                + "&username-source=cert-to-name&peer-verification=x509-user-certificate"), ln2.describe());

        // ln2-nms closed the session and left: our device calls again, and the next ln2-nms gets its data
        Peer next = startNms(nms, port);
        assertEquals(port, next.listeningPort(WAIT), next.describe());
        assertEquals(0, next.exitWithin(WAIT), next.describe() + "; device failures: " + failures);
        assertTrue(next.data().contains("<hostname>" + HOSTNAME + "</hostname>"), next.describe());
    }

    @Test
    void anLn2NmsCertifiedByACaOurDeviceDoesNotTrustGetsNoSession() throws Exception {
        Issued stranger = nmsCertificate(pki.root("Stranger CA").validity(notBefore, notAfter).issue());
        Peer ln2 = startNms(stranger, 0);
        startDevice(ln2.listeningPort(WAIT));

        // TLS 1.3: our device's alert comes after ln2-nms's side of the handshake is done
        assertEquals(4, ln2.exitWithin(WAIT), ln2.describe());
        assertTrue(ln2.stderr().contains("ln2-nms: the call failed after the TLS handshake"), ln2.describe());
        assertFalse(ln2.stdoutLines().stream().anyMatch(line -> line.startsWith("connected")), ln2.describe());
        Eventually.until(WAIT, () -> failures.stream().anyMatch(why -> why.contains("(unknown-ca)")),
                () -> "our device refusing ln2-nms's certificate as unknown-ca; failures: " + failures);
        assertTrue(agent.sessions().isEmpty(), agent.sessions().toString());
    }

    private Issued nmsCertificate(Issued issuer) {
        return pki.device(issuer, null).subject("CN=" + ACCOUNT).ca(false).validity(notBefore, notAfter)
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
    }

    /** ln2-nms presenting {@code certificate}, trusting the device CA, listening on {@code port} (0: a free one). */
    private Peer startNms(Issued certificate, int port) throws Exception {
        Path cert = Libnetconf2Peers.writeCertificates(dir.resolve("nms-" + certificate.serial() + ".pem"),
                certificate.certificate());
        Path key = Libnetconf2Peers.writeKey(dir.resolve("nms-" + certificate.serial() + ".key"),
                certificate.keyPair().getPrivate());
        Peer peer = Peer.start(programs.nms(), List.of("--cert", cert.toString(), "--key", key.toString(),
                "--trusted-ca", dir.resolve("device-ca.pem").toString(), "--yang-dir",
                Libnetconf2Peers.yangCopy(dir).toString(), "--address", "127.0.0.1", "--port", Integer.toString(port),
                "--timeout", Long.toString(WAIT.toSeconds()), "--rpc", "get-config"));
        peers.add(peer);
        return peer;
    }

    /**
     * Our device agent in tls mode calling 127.0.0.1:{@code port}, its running datastore holding a
     * host name; its one account, {@value #ACCOUNT}, takes NMS certificates of the NMS CA.
     */
    private void startDevice(int port) throws Exception {
        Path datastore = Files.createDirectories(dir.resolve("device-data"));
        Files.writeString(datastore.resolve("running.xml"), "<data xmlns=\"" + Netconf.BASE_NS + "\">"
                + "<system xmlns=\"urn:example:sys\"><hostname>" + HOSTNAME + "</hostname></system></data>");
        DeviceSshSettings tls = new DeviceSshSettings(dir.resolve("device.key"),
                List.of(new Account(ACCOUNT, Role.ADMIN, Optional.of(dir.resolve("nms-ca.pem")))),
                Optional.of(dir.resolve("device.pem")), Optional.empty());
        agent = DeviceAgent.start(DeviceAgent.Settings.tls(datastore, CallHomeLab.callHome(port), tls,
                Duration.ofSeconds(10), NetconfLimits.DEFAULT), new DialerListener() {
                    @Override
                    public void failed(Endpoint endpoint, Throwable why) {
                        failures.add(String.valueOf(why.getMessage()));
                    }
                });
    }
}
