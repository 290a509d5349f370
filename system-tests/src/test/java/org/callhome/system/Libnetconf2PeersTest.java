package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.callhome.system.Libnetconf2Peers.Peer;
import org.callhome.system.Libnetconf2Peers.Programs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libnetconf2 peers against each other over TLS call home on loopback, before either side is
 * ours: ln2-device dials ln2-nms, each checks the other's certificate against its CA, the device
 * names the NMS's session by cert-to-name, and the NMS reads the device's running configuration.
 * Certificates come from {@link X509Lab}, valid by the real clock (OpenSSL checks them on it).
 */
class Libnetconf2PeersTest {

    private static final Duration WAIT = CallHomeLab.WAIT;
    private static final String HOSTNAME = "edge-ln2-7";
    private static final String NMS_USERNAME = "nms-admin";
    /** id-kp-clientAuth, TLS's purpose for a client certificate. */
    private static final String TLS_CLIENT = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path dir;

    private final X509Lab pki = new X509Lab();
    private final Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    private final Instant notAfter = notBefore.plus(Duration.ofHours(25));
    private final List<Peer> peers = new ArrayList<>();
    private Programs programs;
    private Issued deviceRoot;
    private Issued nmsRoot;

    @BeforeEach
    void setUp() throws Exception {
        programs = Libnetconf2Peers.require();
        deviceRoot = pki.root("Device CA").validity(notBefore, notAfter).issue();
        nmsRoot = pki.root("NMS CA").validity(notBefore, notAfter).issue();
        Issued device = pki.device(deviceRoot, null).subject("CN=dev-1").ca(false).validity(notBefore, notAfter)
                .extendedKeyUsage(X509Lab.TLS_SERVER).subjectAltNames("dns:dev-1", "ip:127.0.0.1").issue();
        Issued nms = pki.device(nmsRoot, null).subject("CN=" + NMS_USERNAME).ca(false).validity(notBefore, notAfter)
                .extendedKeyUsage(TLS_CLIENT).issue();
        Libnetconf2Peers.writeCertificates(dir.resolve("device.pem"), device.certificate());
        Libnetconf2Peers.writeKey(dir.resolve("device.key"), device.keyPair().getPrivate());
        Libnetconf2Peers.writeCertificates(dir.resolve("device-ca.pem"), deviceRoot.certificate());
        Libnetconf2Peers.writeCertificates(dir.resolve("nms.pem"), nms.certificate());
        Libnetconf2Peers.writeKey(dir.resolve("nms.key"), nms.keyPair().getPrivate());
        Libnetconf2Peers.writeCertificates(dir.resolve("nms-ca.pem"), nmsRoot.certificate());
    }

    @AfterEach
    void tearDown() {
        peers.forEach(Peer::close);
    }

    @Test
    void nmsReadsTheRunningConfigurationOfTheDeviceThatCalled() throws Exception {
        Peer nms = startNms(dir.resolve("device-ca.pem"), "get-config");
        Peer device = startDevice(nms.listeningPort(WAIT), ctnByCommonNameUnderNmsCa());

        assertEquals(0, nms.exitWithin(WAIT), nms.describe());
        assertTrue(nms.stdoutLines().stream().anyMatch(line -> line.matches("connected 127\\.0\\.0\\.1 \\d+ \\d+")),
                nms.describe());
        String data = nms.data();
        assertTrue(data.startsWith("<data xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"), data);
        assertTrue(data.contains("<system xmlns=\"urn:example:system\">")
                && data.contains("<hostname>" + HOSTNAME + "</hostname>"), data);
        // --once: the device ends when the NMS's <close-session> ended the session
        assertEquals(0, device.exitWithin(WAIT), device.describe());
        assertEquals(List.of("connected " + NMS_USERNAME, "rpc get-config", "ended"), device.stdoutLines(),
                device.describe());
    }

    @Test
    void nmsRefusesADeviceCertifiedByAnotherCa() throws Exception {
        Peer nms = startNms(otherCa("Other Device CA"), "get-config");
        Peer device = startDevice(nms.listeningPort(WAIT), ctnByCommonNameUnderNmsCa());

        assertEquals(4, nms.exitWithin(WAIT), nms.describe());
        assertTrue(nms.stderr().contains("SSL_connect failed (certificate verify failed)"), nms.describe());
        assertNoSession(nms, device);
    }

    /** OpenSSL finds the trusted CA by the issuer's name, and then the signature fails to verify. */
    @Test
    void nmsRefusesADeviceCertifiedByAnImpostorOfItsCa() throws Exception {
        Peer nms = startNms(otherCa("Device CA"), "get-config");
        Peer device = startDevice(nms.listeningPort(WAIT), ctnByCommonNameUnderNmsCa());

        assertEquals(4, nms.exitWithin(WAIT), nms.describe());
        // libnetconf2 reports OpenSSL's first error here, "EVP lib", not the verification's result
        assertTrue(nms.stderr().contains("SSL_connect failed ("), nms.describe());
        assertNoSession(nms, device);
    }

    @Test
    void deviceDropsAnNmsNoCertToNameEntryMaps() throws Exception {
        Peer nms = startNms(dir.resolve("device-ca.pem"), "get-config");
        Peer device = startDevice(nms.listeningPort(WAIT), Libnetconf2Peers.fingerprint(deviceRoot.certificate())
                + ",common-name");

        assertEquals(4, nms.exitWithin(WAIT), nms.describe());
        assertTrue(nms.stderr().contains("ln2-nms: the call failed after the TLS handshake"), nms.describe());
        assertTrue(device.stderr().contains("SSL_accept failed (certificate verify failed)"), device.describe());
        assertFalse(device.stdoutLines().stream().anyMatch(line -> line.startsWith("connected")), device.describe());
    }

    @Test
    void nmsReadsStateAndConfigurationWithGet() throws Exception {
        Peer nms = startNms(dir.resolve("device-ca.pem"), "get");
        Peer device = startDevice(nms.listeningPort(WAIT), ctnByCommonNameUnderNmsCa());

        assertEquals(0, nms.exitWithin(WAIT), nms.describe());
        assertTrue(nms.data().contains("<hostname>" + HOSTNAME + "</hostname>"), nms.describe());
        assertEquals(0, device.exitWithin(WAIT), device.describe());
        assertTrue(device.stdoutLines().contains("rpc get"), device.describe());
    }

    /** A PEM file of a new root CA {@code CN=<name>}, which issued neither peer's certificate. */
    private Path otherCa(String name) {
        Issued root = pki.root(name).validity(notBefore, notAfter).issue();
        return Libnetconf2Peers.writeCertificates(dir.resolve("other-ca.pem"), root.certificate());
    }

    /** Neither peer got as far as a NETCONF session; the device, refused, is still calling. */
    private static void assertNoSession(Peer nms, Peer device) {
        assertFalse(nms.stdoutLines().stream().anyMatch(line -> line.startsWith("connected")), nms.describe());
        assertTrue(device.isAlive(), device.describe());
        assertFalse(device.stdoutLines().stream().anyMatch(line -> line.startsWith("connected")), device.describe());
    }

    /** The NMS's CA by fingerprint, the username the common name of the certificate it issued the NMS. */
    private String ctnByCommonNameUnderNmsCa() {
        return Libnetconf2Peers.fingerprint(nmsRoot.certificate()) + ",common-name";
    }

    private Peer startNms(Path trustedCa, String rpc) throws Exception {
        return started(Peer.start(programs.nms(), List.of("--cert", dir.resolve("nms.pem").toString(),
                "--key", dir.resolve("nms.key").toString(), "--trusted-ca", trustedCa.toString(),
                "--yang-dir", Libnetconf2Peers.yangCopy(dir).toString(), "--address", "127.0.0.1", "--port", "0",
                "--timeout", Long.toString(WAIT.toSeconds()), "--rpc", rpc)));
    }

    private Peer startDevice(int nmsPort, String ctn) throws Exception {
        return started(Peer.start(programs.device(), List.of("--cert", dir.resolve("device.pem").toString(),
                "--key", dir.resolve("device.key").toString(), "--trusted-ca", dir.resolve("nms-ca.pem").toString(),
                "--ctn", ctn, "--yang-dir", Libnetconf2Peers.YANG.toString(), "--nms-host", "127.0.0.1",
                "--nms-port", Integer.toString(nmsPort), "--hostname", HOSTNAME, "--once")));
    }

    private Peer started(Peer peer) {
        peers.add(peer);
        return peer;
    }
}
