package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.HttpLimits;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.nms.config.StartupLimits;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.system.Libnetconf2Peers.Peer;
import org.callhome.system.Libnetconf2Peers.Programs;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our NMS manages libnetconf2's TLS call-home device (ln2-device, RFC 8071 §4): the device dials,
 * is the TLS server and maps our NMS's client certificate to its NETCONF user by cert-to-name; our
 * NMS identifies it by its certificate of the device CA, and the API's RPCs reach it. A device
 * certified by another CA is refused with that word.
 */
class Libnetconf2TlsNmsInteropTest {

    private static final Duration WAIT = CallHomeLab.WAIT;
    private static final String HOSTNAME = "edge-ln2-9";
    private static final String NMS_NAME = "nms-admin";

    @TempDir
    Path dir;

    private final X509Lab pki = new X509Lab();
    private final Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    private final Instant notAfter = notBefore.plus(Duration.ofHours(25));
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Peer> peers = new ArrayList<>();
    private Programs programs;
    private Issued deviceRoot;
    private Issued nmsRoot;
    private NmsServer nms;

    @BeforeEach
    void setUp() throws Exception {
        programs = Libnetconf2Peers.require();
        deviceRoot = pki.root("Device CA").validity(notBefore, notAfter).issue();
        nmsRoot = pki.root("NMS CA").validity(notBefore, notAfter).issue();
        Issued nmsCertificate = pki.device(nmsRoot, null).subject("CN=" + NMS_NAME).ca(false)
                .validity(notBefore, notAfter).key(X509Lab.key(X509Algorithm.ECDSA_NISTP256))
                .keyUsage(KeyUsage.digitalSignature).extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
        Libnetconf2Peers.writeCertificates(dir.resolve("nms-ca.pem"), nmsRoot.certificate());
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        Duration authTimeout = Duration.ofSeconds(10);
        // tls alone, as --mode tls serves it
        NmsSettings settings = new NmsSettings(Optional.empty(), Optional.empty(), loopback, Optional.empty(),
                authTimeout, StartupLimits.hardLimit(NmsSettings.DEFAULT_MAX_STARTUPS, authTimeout), Keepalives.DEFAULT,
                Duration.ofSeconds(10), NetconfLimits.DEFAULT, dir.resolve("nms-state"), new DeviceCertificates(
                        Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(1),
                        Optional.of(X509Authorities.of(List.of(deviceRoot.certificate())))), HttpLimits.DEFAULT,
                Optional.of(new NmsSettings.Tls(loopback, nmsCertificate.keyPair(),
                        List.of(nmsCertificate.certificate()))));
        nms = NmsServer.start(settings);
    }

    @AfterEach
    void tearDown() throws Exception {
        peers.forEach(Peer::close);
        if (nms != null) {
            nms.close();
        }
    }

    @Test
    void ourNmsReadsTheConfigurationOfLibnetconf2sDeviceThroughItsApi() throws Exception {
        Issued device = deviceCertificate(deviceRoot, "ln2-dev-1");
        Peer peer = startDevice(device);

        JsonObject shown = awaitDevice("ln2-dev-1", d -> "connected".equals(d.getString("state")), "connected");
        assertEquals("tls", shown.getString("strategy"), shown.encode());
        assertEquals("ln2-dev-1", shown.getJsonObject("identity").getString("principal"), shown.encode());
        assertEquals(SshKeys.fingerprint(device.publicKey()), shown.getString("fingerprint"));
        HttpResponse<String> reply = post("/api/devices/ln2-dev-1/rpc", CallHomeLab.GET_CONFIG);
        assertEquals(200, reply.statusCode(), reply.body());
        assertTrue(reply.body().contains("<hostname>" + HOSTNAME + "</hostname>"), reply.body());
        assertTrue(peer.awaitLine(line -> line.equals("connected " + NMS_NAME), WAIT).isPresent(),
                "the device named the session by our certificate's common name: " + peer.describe());
        assertTrue(peer.awaitLine(line -> line.equals("rpc get-config"), WAIT).isPresent(), peer.describe());
    }

    @Test
    void aLibnetconf2DeviceOfAnotherCaIsRefusedAsUnknownCa() throws Exception {
        Issued other = pki.root("Other CA").validity(notBefore, notAfter).issue();
        Issued device = deviceCertificate(other, "ln2-dev-2");
        Peer peer = startDevice(device);

        String fingerprint = SshKeys.fingerprint(device.publicKey());
        JsonObject listed = Eventually.value(WAIT, () -> devices().stream().map(JsonObject.class::cast)
                .filter(d -> fingerprint.equals(d.getString("fingerprint")))
                .filter(d -> "unknown-ca".equals(d.getString("lastRefusal"))).findFirst(),
                () -> "the device of another CA refused as unknown-ca: " + devicesText());
        assertEquals("rejected", listed.getString("state"), listed.encode());
        assertFalse(peer.stdoutLines().stream().anyMatch(line -> line.startsWith("connected")), peer.describe());
    }

    private Issued deviceCertificate(Issued issuer, String id) {
        return pki.device(issuer, null).subject("CN=" + id).ca(false).validity(notBefore, notAfter)
                .keyUsage(KeyUsage.digitalSignature).extendedKeyUsage(X509Lab.TLS_SERVER).issue();
    }

    private Peer startDevice(Issued device) throws Exception {
        Path cert = Libnetconf2Peers.writeCertificates(dir.resolve("device-" + device.serial() + ".pem"),
                device.certificate());
        Path key = Libnetconf2Peers.writeKey(dir.resolve("device-" + device.serial() + ".key"),
                device.keyPair().getPrivate());
        Peer peer = Peer.start(programs.device(), List.of("--cert", cert.toString(), "--key", key.toString(),
                "--trusted-ca", dir.resolve("nms-ca.pem").toString(), "--ctn",
                Libnetconf2Peers.fingerprint(nmsRoot.certificate()) + ",common-name", "--yang-dir",
                Libnetconf2Peers.YANG.toString(), "--nms-host", "127.0.0.1", "--nms-port",
                Integer.toString(nms.address(CallHomeStrategy.TLS).getPort()), "--hostname", HOSTNAME));
        peers.add(peer);
        return peer;
    }

    private JsonObject awaitDevice(String id, java.util.function.Predicate<JsonObject> wanted, String what)
            throws Exception {
        return Eventually.value(WAIT, () -> devices().stream().map(JsonObject.class::cast)
                .filter(d -> id.equals(d.getString("id"))).filter(wanted).findFirst(),
                () -> "device " + id + " " + what + ": " + devicesText());
    }

    private JsonArray devices() throws Exception {
        return new JsonArray(http.send(HttpRequest.newBuilder(uri("/api/devices")).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private String devicesText() {
        try {
            return devices().encodePrettily();
        } catch (Exception e) {
            return "unavailable: " + e;
        }
    }

    private HttpResponse<String> post(String path, String xml) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT).header("content-type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(xml)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + nms.httpPort() + path);
    }
}
