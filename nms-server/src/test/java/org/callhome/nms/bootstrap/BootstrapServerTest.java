package org.callhome.nms.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.trust.TrustStore;
import org.callhome.nms.trust.TrustedDevice;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.trust.OpenSsl;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.sztp.CmsArtifacts;
import org.callhome.shared.sztp.ConveyedInformation;
import org.callhome.shared.sztp.OnboardingInformation;
import org.callhome.shared.sztp.SignedContent;
import org.callhome.shared.sztp.SztpContentType;
import org.callhome.shared.sztp.SztpLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap server of a real NMS on ports the OS picked, asked over real HTTPS with client certificates. */
class BootstrapServerTest {

    private static final String SERIAL = "SN-0042";
    private static final String JSON = "application/yang-data+json";
    private static final byte[] VOUCHER = "voucher-as-the-manufacturer-made-it".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant now = Instant.now();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private X509Lab.Issued serverRoot;
    private X509Lab.Issued manufacturer;
    private X509Lab.Issued owner;
    private X509Lab.Issued nmsCa;
    private X509Lab.Issued nmsTls;
    private NmsServer nms;
    private TrustStore trust;

    @BeforeEach
    void start() throws Exception {
        serverRoot = valid(lab.root("bootstrap-ca")).issue();
        X509Lab.Issued tls = valid(lab.device(serverRoot, "bootstrap").subjectAltNames("ip:127.0.0.1")
                .extendedKeyUsage(X509Lab.TLS_SERVER)).issue();
        manufacturer = valid(lab.root("manufacturer")).issue();
        X509Lab.Issued ownerRoot = valid(lab.root("owner-ca")).issue();
        owner = valid(lab.device(ownerRoot, "owner")).issue();
        nmsCa = valid(lab.root("nms-ca")).issue();
        nmsTls = valid(lab.device(nmsCa, null).subject("CN=nms").extendedKeyUsage(X509Lab.TLS_CLIENT)).issue();
        Path vouchers = Files.createDirectories(dir.resolve("vouchers"));
        Files.write(vouchers.resolve(SERIAL + ".vcj"), VOUCHER);
        BootstrapSettings bootstrap = new BootstrapSettings(new InetSocketAddress("127.0.0.1", 0), tls.keyPair(),
                List.of(tls.certificate(), serverRoot.certificate()), List.of(manufacturer.certificate()),
                new OwnerSigner(owner.keyPair().getPrivate(), List.of(owner.certificate(), ownerRoot.certificate())),
                vouchers, CallHomeStrategy.REVERSE_SSH, "127.0.0.1");
        NmsSettings settings = new NmsSettings(Optional.of(new NmsSettings.ReverseSsh(
                new InetSocketAddress("127.0.0.1", 0), KnownDevices.of(Map.of()), SshKeys.generateEd25519(), "nms",
                false)), Optional.empty(), new InetSocketAddress("127.0.0.1", 0), Optional.empty(),
                Duration.ofSeconds(30), 8, Keepalives.DEFAULT, Duration.ofSeconds(30), NetconfLimits.DEFAULT,
                dir.resolve("state")).withTls(new NmsSettings.Tls(new InetSocketAddress("127.0.0.1", 0),
                nmsTls.keyPair(), List.of(nmsTls.certificate(), nmsCa.certificate())));
        trust = NmsServer.openTrustStore(settings);
        nms = NmsServer.start(settings, trust, Optional.of(bootstrap));
        nms.subscribe(events::add);
    }

    @AfterEach
    void stop() throws Exception {
        nms.close();
    }

    @Test
    void goodRequestReturnsTheThreeArtifactsSignedByTheOwner() throws Exception {
        HttpResponse<String> response = post(device(SERIAL), "get-bootstrapping-data",
                "{\"ietf-sztp-bootstrap-server:input\": {\"hw-model\": \"lab\", \"nonce\": \""
                        + Base64.getEncoder().encodeToString(new byte[16]) + "\"}}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(JSON, response.headers().firstValue("content-type").orElseThrow());
        JsonObject output = new JsonObject(response.body()).getJsonObject("ietf-sztp-bootstrap-server:output");
        assertEquals("verbose", output.getString("reporting-level"));
        assertArrayEquals(VOUCHER, Base64.getDecoder().decode(output.getString("ownership-voucher")));
        CmsArtifacts cms = new CmsArtifacts(SztpLimits.DEFAULT);
        List<X509Certificate> chain = cms.certificatesOnly(Base64.getDecoder().decode(
                output.getString("owner-certificate")));
        assertEquals(owner.certificate(), chain.get(0));
        JsonObject configuration = configuration(response);
        JsonObject tcp = configuration.getJsonObject("ietf-netconf-server:netconf-server").getJsonObject("call-home")
                .getJsonArray("netconf-client").getJsonObject(0).getJsonObject("endpoints").getJsonArray("endpoint")
                .getJsonObject(0).getJsonObject("ssh").getJsonObject("tcp-client-parameters");
        assertEquals("127.0.0.1", tcp.getString("remote-address"));
        assertEquals(nms.callHomeAddress().getPort(), tcp.getInteger("remote-port"));
        assertTrue(events.stream().anyMatch(event -> event.kind() == DeviceEvent.Kind.BOOTSTRAP_PROGRESS
                && SERIAL.equals(event.data().getString("serial"))) || awaitEvent("bootstrapping-data-served"));
    }

    /**
     * OpenSSL as the independent party: the conveyed information the NMS serves verifies with
     * {@code openssl cms -verify} against the owner certificate chain the NMS served beside it, and
     * holds the same bytes the shared verifier reads; the owner certificate reads as PKCS#7.
     */
    @Test
    void whatTheNmsServesVerifiesWithOpenSsl() throws Exception {
        OpenSsl.require();
        HttpResponse<String> response = post(device(SERIAL), "get-bootstrapping-data",
                "{\"ietf-sztp-bootstrap-server:input\": {}}");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject output = new JsonObject(response.body()).getJsonObject("ietf-sztp-bootstrap-server:output");
        byte[] conveyed = Base64.getDecoder().decode(output.getString("conveyed-information"));
        byte[] ownerCms = Base64.getDecoder().decode(output.getString("owner-certificate"));
        List<X509Certificate> chain = new CmsArtifacts(SztpLimits.DEFAULT).certificatesOnly(ownerCms);
        Files.write(dir.resolve("conveyed.cms"), conveyed);
        Files.write(dir.resolve("owner.p7"), ownerCms);
        X509Lab.write(dir.resolve("owner.pem"), X509Lab.pem(chain.get(0)));
        X509Lab.write(dir.resolve("owner-chain.pem"), X509Lab.pem(chain.toArray(X509Certificate[]::new)));

        OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "conveyed.cms", "-certfile",
                "owner.pem", "-CAfile", "owner-chain.pem", "-purpose", "any", "-out", "conveyed.out");

        SignedContent signed = new CmsArtifacts(SztpLimits.DEFAULT).verify(conveyed,
                SztpContentType.CONVEYED_INFORMATION_JSON, chain);
        assertArrayEquals(signed.content(), Files.readAllBytes(dir.resolve("conveyed.out")));
        String printed = OpenSsl.run(dir, "pkcs7", "-inform", "DER", "-in", "owner.p7", "-print_certs", "-noout");
        assertEquals(chain.size(), printed.split("subject=", -1).length - 1, "OpenSSL reads every certificate of"
                + " the owner chain: " + printed);
    }

    @Test
    void unknownIdevidIsRefusedWith401RevealingNothing() throws Exception {
        X509Lab.Issued foreignCa = valid(lab.root("other-manufacturer")).issue();
        HttpResponse<String> response = post(client(valid(lab.device(foreignCa, SERIAL)).issue(), foreignCa),
                "get-bootstrapping-data", "");
        assertEquals(401, response.statusCode());
        assertEquals("access-denied", error(response).getString("error-tag"));
        assertEquals("access denied", error(response).getString("error-message"));
        assertEquals(401, post(client(null, null), "report-progress", "").statusCode());
    }

    @Test
    void deviceWithoutVoucherGets404() throws Exception {
        HttpResponse<String> response = post(device("SN-9999"), "get-bootstrapping-data", "");
        assertEquals(404, response.statusCode());
        assertEquals("data-missing", error(response).getString("error-tag"));
    }

    @Test
    void malformedWrongTypeAndOversizedBodiesAreRefused() throws Exception {
        HttpClient device = device(SERIAL);
        assertEquals(400, post(device, "get-bootstrapping-data", "{not json").statusCode());
        assertEquals(400, post(device, "get-bootstrapping-data", "{\"ietf-sztp-bootstrap-server:input\": "
                + "{\"surprise\": 1}}").statusCode());
        assertEquals(400, post(device, "report-progress", "{\"ietf-sztp-bootstrap-server:input\": "
                + "{\"progress-type\": \"done\"}}").statusCode());
        HttpResponse<String> oversized = post(device, "get-bootstrapping-data",
                "{\"ietf-sztp-bootstrap-server:input\": {\"hw-model\": \""
                        + "x".repeat(BootstrapSettings.MAX_BODY_BYTES) + "\"}}");
        assertEquals(400, oversized.statusCode());
        assertEquals("too-big", error(oversized).getString("error-tag"));
        HttpResponse<String> wrongType = device.send(HttpRequest.newBuilder(uri("get-bootstrapping-data"))
                .header("content-type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, wrongType.statusCode());
    }

    @Test
    void bootstrapCompleteTrustsTheReportedHostKeyAndEveryReportIsAnEvent() throws Exception {
        KeyPair hostKey = SshKeys.generateEd25519();
        String[] line = SshKeys.toOpenSsh(hostKey.getPublic()).split(" ");
        HttpClient device = device(SERIAL);
        assertEquals(204, post(device, "report-progress", "{\"ietf-sztp-bootstrap-server:input\": "
                + "{\"progress-type\": \"bootstrap-initiated\", \"message\": \"starting\"}}").statusCode());
        assertEquals(204, post(device, "report-progress", "{\"ietf-sztp-bootstrap-server:input\": "
                + "{\"progress-type\": \"bootstrap-complete\", \"ssh-host-keys\": {\"ssh-host-key\": "
                + "[{\"algorithm\": \"" + line[0] + "\", \"key-data\": \"" + line[1] + "\"}]}}}").statusCode());
        TrustedDevice trusted = awaitTrusted();
        assertEquals(TrustedDevice.Source.ZERO_TOUCH, trusted.source());
        assertEquals(CallHomeStrategy.REVERSE_SSH, trusted.strategy());
        assertEquals(SshKeys.fingerprint(hostKey.getPublic()), trusted.fingerprint());
        assertTrue(awaitEvent("bootstrap-initiated"));
        assertTrue(awaitEvent("bootstrap-complete"));
        JsonObject listed = new JsonObject(api("GET", "/api/bootstrap", null).body());
        assertEquals(SERIAL, listed.getJsonArray("devices").getJsonObject(0).getString("serial"));
        assertEquals(2, listed.getJsonArray("devices").getJsonObject(0).getJsonArray("reports").size());
    }

    /**
     * tls: the configuration names the NMS's tls port and conveys the CA of its client certificate;
     * the device's bootstrap-complete, which carries no key, trusts it for tls by the key of the IDevID
     * it authenticated with (the certificate it will present when it calls), and is answered only then.
     */
    @Test
    void aTlsDeviceIsConfiguredForTheTlsPortAndTrustedByItsIdevidKeyWhenItReportsComplete() throws Exception {
        assertEquals(200, api("PUT", "/api/bootstrap/" + SERIAL, "{\"strategy\": \"tls\"}").statusCode());
        X509Lab.Issued idevid = valid(lab.device(manufacturer, SERIAL).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(X509Lab.TLS_CLIENT)).issue();
        HttpClient device = client(idevid, manufacturer);
        HttpResponse<String> response = post(device, "get-bootstrapping-data", "{\"ietf-sztp-bootstrap-server:input\": {}}");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject configuration = configuration(response);
        JsonObject tls = configuration.getJsonObject("ietf-netconf-server:netconf-server").getJsonObject("call-home")
                .getJsonArray("netconf-client").getJsonObject(0).getJsonObject("endpoints").getJsonArray("endpoint")
                .getJsonObject(0).getJsonObject("tls");
        assertEquals(nms.address(CallHomeStrategy.TLS).getPort(), tls.getJsonObject("tcp-client-parameters")
                .getInteger("remote-port"));
        JsonObject file = configuration.getJsonObject("callhome-sztp:conveyed-files").getJsonArray("file")
                .getJsonObject(0);
        assertEquals(X509Lab.pem(nmsCa.certificate()).strip(), file.getString("content").strip());

        assertEquals(204, post(device, "report-progress", "{\"ietf-sztp-bootstrap-server:input\": "
                + "{\"progress-type\": \"bootstrap-complete\"}}").statusCode());

        TrustedDevice trusted = trust.device(SERIAL).orElseThrow(() -> new AssertionError("trusted once answered"));
        assertEquals(TrustedDevice.Source.ZERO_TOUCH, trusted.source());
        assertEquals(CallHomeStrategy.TLS, trusted.strategy());
        assertEquals(SshKeys.fingerprint(idevid.publicKey()), trusted.fingerprint());
    }

    @Test
    void apiOverridesTheStrategyOfOneDeviceOnlyToAServedOne() throws Exception {
        assertEquals(400, api("PUT", "/api/bootstrap/" + SERIAL, "{\"strategy\": \"device-ssh-client\"}")
                .statusCode());
        assertEquals(200, api("PUT", "/api/bootstrap/" + SERIAL, "{\"strategy\": \"reverse-ssh\"}").statusCode());
        assertEquals(400, api("PUT", "/api/bootstrap/" + SERIAL, "{\"strategy\": \"carrier-pigeon\"}")
                .statusCode());
    }

    /** The call-home configuration of a get-bootstrapping-data answer, its signature verified with the owner's chain. */
    private static JsonObject configuration(HttpResponse<String> response) throws Exception {
        JsonObject output = new JsonObject(response.body()).getJsonObject("ietf-sztp-bootstrap-server:output");
        CmsArtifacts cms = new CmsArtifacts(SztpLimits.DEFAULT);
        List<X509Certificate> chain = cms.certificatesOnly(Base64.getDecoder().decode(
                output.getString("owner-certificate")));
        SignedContent signed = cms.verify(Base64.getDecoder().decode(output.getString("conveyed-information")),
                SztpContentType.CONVEYED_INFORMATION_JSON, chain);
        OnboardingInformation onboarding = (OnboardingInformation) ConveyedInformation.fromJson(signed.content());
        return new JsonObject(new String(onboarding.configuration().orElseThrow().bytes(), StandardCharsets.UTF_8));
    }

    private TrustedDevice awaitTrusted() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Optional<TrustedDevice> device = trust.device(SERIAL);
            if (device.isPresent()) {
                return device.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("device " + SERIAL + " was not trusted");
    }

    private boolean awaitEvent(String progressType) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (events.stream().anyMatch(event -> event.kind() == DeviceEvent.Kind.BOOTSTRAP_PROGRESS
                    && progressType.equals(event.data().getString("progressType")))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private X509Lab.Spec valid(X509Lab.Spec spec) {
        return spec.validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    private HttpClient device(String serial) throws Exception {
        return client(valid(lab.device(manufacturer, serial).keyUsage(KeyUsage.digitalSignature)).issue(),
                manufacturer);
    }

    /** A client trusting the bootstrap server's CA, presenting {@code idevid} (none when null). */
    private HttpClient client(X509Lab.Issued idevid, X509Lab.Issued ca) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", serverRoot.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (idevid != null) {
            keys.setKeyEntry("idevid", idevid.keyPair().getPrivate(), new char[0],
                    new X509Certificate[] {idevid.certificate(), ca.certificate()});
        }
        keyManagers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private URI uri(String operation) {
        return URI.create("https://127.0.0.1:" + nms.bootstrapPort().orElseThrow() + BootstrapVerticle.OPERATIONS
                + operation);
    }

    private HttpResponse<String> post(HttpClient client, String operation, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(operation)).timeout(Duration.ofSeconds(10));
        request = body.isEmpty() ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.header("content-type", JSON).POST(HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nms.httpPort() + path))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject error(HttpResponse<String> response) {
        return new JsonObject(response.body()).getJsonObject("ietf-restconf:errors").getJsonArray("error")
                .getJsonObject(0);
    }
}
