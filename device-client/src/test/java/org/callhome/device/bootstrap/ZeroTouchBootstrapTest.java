package org.callhome.device.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.shared.config.DeviceCallHomeConfig;
import org.callhome.shared.config.DeviceSshClientSettings;
import org.callhome.shared.config.DeviceTlsCallHomeConfig;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.sztp.Binary;
import org.callhome.shared.sztp.BootstrapServer;
import org.callhome.shared.sztp.CmsSigning;
import org.callhome.shared.sztp.ConfigurationHandling;
import org.callhome.shared.sztp.ConveyedInformation;
import org.callhome.shared.sztp.OnboardingInformation;
import org.callhome.shared.sztp.OwnerArtifacts;
import org.callhome.shared.sztp.RedirectInformation;
import org.callhome.shared.sztp.SztpContentType;
import org.callhome.shared.sztp.SztpLimits;
import org.callhome.shared.sztp.Voucher;
import org.callhome.shared.sztp.VoucherAssertion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's zero-touch client against fake bootstrap servers: real HTTPS on 127.0.0.1 requiring
 * the IDevID as client certificate, serving artifacts signed with shared's sztp API as a
 * manufacturer and an owner would.
 */
class ZeroTouchBootstrapTest {

    private static final String SERIAL = "SN-4711";
    private static final Instant NOW = Instant.now();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NMS_KEY = SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic()) + " nms\n";
    /** A device-ssh-client configuration as the NMS conveys it: the login is the IDevID. */
    private static final String DEVICE_SSH_CLIENT_CONFIGURATION = """
            {"callhome-device-ssh-client:device-ssh-client": {
              "accounts": {"account": [{"name": "nms", "role": "admin"}]},
              "netconf-clients": {"netconf-client": [{"name": "nms",
                "endpoints": {"endpoint": [{"name": "nms",
                  "tcp-client-parameters": {"remote-address": "127.0.0.1", "remote-port": 8322},
                  "ssh-client-parameters": {
                    "client-identity": {"username": "%s", "public-key": {"private-key-file": "idevid.key",
                                                                       "certificate-file": "idevid-cert.pem"}},
                    "server-authentication": {"ssh-host-keys": {"host-key-file": "bootstrap/nms_host_key.pub"}}}}]},
                "bind-account": "nms", "connection-type": {"persistent": {}}}]}},
             "callhome-sztp:conveyed-files": {"file": [{"path": "bootstrap/nms_host_key.pub",
                                                       "content": "%s"}]}}
            """.formatted(SERIAL, NMS_KEY.strip());
    private static final String CONFIGURATION = """
            {"ietf-netconf-server:netconf-server":{"call-home":{"netconf-client":[{"name":"nms",
             "endpoints":{"endpoint":[{"name":"nms","ssh":{
              "tcp-client-parameters":{"remote-address":"127.0.0.1","remote-port":4334},
              "ssh-server-parameters":{
               "server-identity":{"host-key":[{"name":"host","public-key":{
                "callhome-device-ssh:private-key-file":"ssh_host_ed25519_key"}}]},
               "client-authentication":{"users":{"user":[{"name":"netconf",
                "public-keys":{"callhome-device-ssh:authorized-keys-file":"bootstrap/nms.authorized_keys"},
                "callhome-device-ssh:role":"admin"}]}}}}}]},
             "connection-type":{"persistent":{}}}]}},
             "callhome-sztp:conveyed-files":{"file":[{"path":"bootstrap/nms.authorized_keys","content":%s}]}}
            """.formatted(quoted(NMS_KEY));

    /**
     * A tls configuration as the NMS conveys it: the IDevID is the device's TLS identity, the NMS's
     * account trusts the CA conveyed beside it.
     */
    private static final String TLS_CONFIGURATION = """
            {"ietf-netconf-server:netconf-server": {"call-home": {"netconf-client": [{"name": "nms",
              "endpoints": {"endpoint": [{"name": "nms", "tls": {
                "tcp-client-parameters": {"remote-address": "127.0.0.1", "remote-port": 4335},
                "tls-server-parameters": {
                  "server-identity": {"certificate": {"callhome-device-tls:private-key-file": "idevid.key",
                                                      "callhome-device-tls:certificate-chain-file": "idevid-cert.pem"}},
                  "client-authentication": {"ca-certs": {"callhome-device-tls:account": [
                    {"name": "nms", "role": "admin", "ca-certificates-file": "bootstrap/nms-tls.pem"}]}}},
                "netconf-server-parameters": {"client-identity-mappings": {"cert-to-name": [
                  {"id": 1, "map-type": "callhome-device-tls:serial-number-or-common-name"}]}}}}]},
              "connection-type": {"persistent": {}}}]}},
             "callhome-sztp:conveyed-files": {"file": [{"path": "bootstrap/nms-tls.pem", "content": %s}]}}
            """;

    private final X509Lab lab = new X509Lab();
    private final Issued manufacturerRoot = valid(lab.root("Manufacturer Root"));
    private final Issued masa = valid(lab.device(manufacturerRoot, "masa").keyUsage(KeyUsage.digitalSignature));
    private final Issued ownerRoot = valid(lab.root("Owner Root"));
    private final Issued owner = valid(lab.device(ownerRoot, "owner-1"));
    private final Issued idevidCa = valid(lab.root("Manufacturer IDevID CA"));
    private final Issued idevidCert = valid(lab.device(idevidCa, SERIAL));
    private final Issued tlsRoot = valid(lab.root("Bootstrap TLS Root"));
    private final Issued tlsServer = valid(lab.device(tlsRoot, "bootstrap").subjectAltNames("ip:127.0.0.1"));
    private final List<FakeServer> servers = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopServers() {
        servers.forEach(server -> server.https.stop(0));
    }

    @Test
    void signedOnboardingFromAnUntrustedServerIsAppliedStoredAndReported() throws Exception {
        FakeServer server = serve(signed(voucher(SERIAL, NOW.plus(Duration.ofDays(7))), onboarding()));
        BootstrapStore store = new BootstrapStore(dir.resolve("data"));

        ZeroTouchBootstrap.Onboarded<CallHomeStrategy> done = device(List.of()).run(List.of(server.uri()),
                store::apply);
        done.complete(SshKeys.generateEd25519().getPublic());

        assertEquals(CallHomeStrategy.REVERSE_SSH, done.applied());
        assertEquals(SERIAL, server.clientSerial.get(), "the device presented its IDevID");
        assertTrue(server.lastInput.get().path("signed-data-preferred").isArray(), "signed data asked for");
        assertEquals(32, Binary.ofBase64(server.lastInput.get().path("nonce").asText()).length());
        assertEquals(List.of("bootstrap-initiated", "bootstrap-complete"), server.progressTypes());
        assertEquals("ssh-ed25519", server.reports.get(1).path("ssh-host-keys").path("ssh-host-key").get(0)
                .path("algorithm").asText());
        assertEquals(NMS_KEY, Files.readString(dir.resolve("data/bootstrap/nms.authorized_keys")));
        DeviceCallHomeConfig stored = store.load();
        assertEquals(dir.resolve("data/ssh_host_ed25519_key"), stored.ssh().hostKeyFile());
        assertEquals(Optional.of(dir.resolve("data/bootstrap/nms.authorized_keys")),
                stored.ssh().accounts().get(0).authorizedKeysFile());
        assertTrue(store.stored().isPresent());
    }

    @Test
    void voucherForAnotherSerialIsRefusedReportedAndNothingApplied() throws Exception {
        refused(signed(voucher("SN-9999", NOW.plus(Duration.ofDays(7))), onboarding()), "voucher-serial-mismatch");
    }

    @Test
    void expiredVoucherIsRefused() throws Exception {
        refused(signed(voucher(SERIAL, NOW.minus(Duration.ofMinutes(1))), onboarding()), "voucher-expired");
    }

    @Test
    void ownerTheVoucherDoesNotPinIsRefused() throws Exception {
        Issued rogueRoot = valid(lab.root("Rogue Owner Root"));
        Issued rogue = valid(lab.device(rogueRoot, "rogue"));
        OwnerArtifacts artifacts = new OwnerArtifacts(rogue.keyPair().getPrivate(), List.of(rogue.certificate()));
        refused(response(artifacts.signedConveyedInformation(onboarding()),
                Optional.of(signedVoucher(voucher(SERIAL, NOW.plus(Duration.ofDays(7))))),
                Optional.of(artifacts.ownerCertificate())), "owner-not-pinned");
    }

    @Test
    void conveyedInformationSignedByAnotherKeyIsRefused() throws Exception {
        Issued other = valid(lab.device(ownerRoot, "owner-2"));
        byte[] tampered = new OwnerArtifacts(other.keyPair().getPrivate(), List.of(other.certificate()))
                .signedConveyedInformation(onboarding());
        refused(response(tampered, Optional.of(signedVoucher(voucher(SERIAL, NOW.plus(Duration.ofDays(7))))),
                Optional.of(ownerArtifacts().ownerCertificate())), "conveyed-signature");
    }

    @Test
    void unsignedDataFromAnUntrustedServerIsRefused() throws Exception {
        refused(response(OwnerArtifacts.unsignedConveyedInformation(onboarding()), Optional.empty(),
                Optional.empty()), "unsigned");
    }

    @Test
    void unsignedDataFromAServerTheBootstrapCaAuthenticatesIsApplied() throws Exception {
        FakeServer server = serve(response(OwnerArtifacts.unsignedConveyedInformation(onboarding()),
                Optional.empty(), Optional.empty()));

        CallHomeStrategy applied = device(List.of(tlsRoot.certificate())).run(List.of(server.uri()),
                new BootstrapStore(dir)::apply).applied();

        assertEquals(CallHomeStrategy.REVERSE_SSH, applied);
        assertFalse(server.lastInput.get().has("signed-data-preferred"));
    }

    @Test
    void aServerTheBootstrapCaDoesNotAuthenticateIsNotAsked() throws Exception {
        Issued otherRoot = valid(lab.root("Other TLS Root"));
        FakeServer server = serve(signed(voucher(SERIAL, NOW.plus(Duration.ofDays(7))), onboarding()));

        assertThrows(BootstrapFailedException.class, () -> device(List.of(otherRoot.certificate()))
                .run(List.of(server.uri()), new BootstrapStore(dir)::apply));
        assertEquals(0, server.requests.get());
    }

    @Test
    void redirectIsFollowedAndTheNextServerTriedAfterARefusal() throws Exception {
        FakeServer onboardingServer = serve(signed(voucher(SERIAL, NOW.plus(Duration.ofDays(7))), onboarding()));
        FakeServer redirecting = serve(signed(voucher(SERIAL, NOW.plus(Duration.ofDays(7))),
                new RedirectInformation(List.of(new BootstrapServer("127.0.0.1", onboardingServer.port(),
                        Optional.empty())))));
        FakeServer foreign = serve(signed(voucher("SN-1", NOW.plus(Duration.ofDays(7))), onboarding()));
        BootstrapStore store = new BootstrapStore(dir);

        ZeroTouchBootstrap.Onboarded<CallHomeStrategy> done = device(List.of())
                .run(List.of(foreign.uri(), redirecting.uri()), store::apply);

        assertEquals(onboardingServer.uri(), done.server());
        assertEquals(List.of("bootstrap-error"), foreign.progressTypes());
        assertEquals(List.of("bootstrap-initiated"), onboardingServer.progressTypes());
        assertTrue(store.stored().isPresent());
    }

    @Test
    void aConfigurationTheDeviceCannotReadIsReportedAsConfigError() throws Exception {
        byte[] deviceSshClient = "{\"callhome-device-ssh-client:device-ssh-client\":{}}".getBytes(
                StandardCharsets.UTF_8);
        FakeServer server = serve(signed(voucher(SERIAL, NOW.plus(Duration.ofDays(7))),
                OnboardingInformation.configuration(ConfigurationHandling.MERGE, deviceSshClient)));
        BootstrapStore store = new BootstrapStore(dir);

        assertThrows(BootstrapFailedException.class, () -> device(List.of()).run(List.of(server.uri()),
                store::apply));
        assertEquals(List.of("bootstrap-initiated", "config-error"), server.progressTypes());
        assertTrue(store.stored().isEmpty());
    }

    @Test
    void aDeviceSshClientConfigurationPutsTheIdevidWhereTheLoginNamesItAndIsStored() throws Exception {
        FakeServer server = serve(signed(voucher(SERIAL, NOW.plus(Duration.ofDays(7))),
                OnboardingInformation.configuration(ConfigurationHandling.REPLACE,
                        DEVICE_SSH_CLIENT_CONFIGURATION.getBytes(StandardCharsets.UTF_8))));
        ZeroTouchBootstrap device = device(List.of());
        Path data = dir.resolve("data");
        BootstrapStore store = new BootstrapStore(data).withIdevid(Idevid.load(dir.resolve("idevid.key"),
                dir.resolve("idevid.pem")));

        ZeroTouchBootstrap.Onboarded<CallHomeStrategy> done = device.run(List.of(server.uri()), store::apply);
        done.complete();

        assertEquals(CallHomeStrategy.DEVICE_SSH_CLIENT, done.applied());
        assertEquals(List.of("bootstrap-initiated", "bootstrap-complete"), server.progressTypes());
        assertTrue(server.reports.get(1).path("ssh-host-keys").isMissingNode(), "no host key in device-ssh-client");
        assertEquals(CallHomeStrategy.DEVICE_SSH_CLIENT, store.storedStrategy());
        DeviceSshClientSettings login = store.loadDeviceSshClient().clients().get(0);
        assertEquals(data.resolve("idevid.key"), login.identityFile());
        assertEquals(idevidCert.keyPair().getPublic(), SshKeys.loadPrivateKey(login.identityFile()).getPublic());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(login.identityFile()));
        assertEquals(X509Lab.pem(idevidCert.certificate()).strip(),
                Files.readString(login.identityCertificateFile().orElseThrow()).strip());
        assertEquals(NMS_KEY.strip(), Files.readString(login.nmsHostKeyFile()).strip());
        assertEquals(Optional.of(SERIAL), login.username());
    }

    /** tls: the IDevID becomes the TLS server's key and chain, the NMS's CA its account's file; stored as tls. */
    @Test
    void aTlsConfigurationPutsTheIdevidWhereTheServerIdentityNamesItAndIsStored() throws Exception {
        Issued nmsCa = valid(lab.root("NMS CA"));
        FakeServer server = serve(signed(voucher(SERIAL, NOW.plus(Duration.ofDays(7))), tlsOnboarding(nmsCa)));
        Path data = dir.resolve("data");
        ZeroTouchBootstrap device = device(List.of());
        BootstrapStore store = new BootstrapStore(data).withIdevid(Idevid.load(dir.resolve("idevid.key"),
                dir.resolve("idevid.pem")));

        ZeroTouchBootstrap.Onboarded<CallHomeStrategy> done = device.run(List.of(server.uri()), store::apply);
        done.complete();

        assertEquals(CallHomeStrategy.TLS, done.applied());
        assertEquals(List.of("bootstrap-initiated", "bootstrap-complete"), server.progressTypes());
        assertTrue(server.reports.get(1).path("ssh-host-keys").isMissingNode(), "no SSH host key in tls");
        assertEquals(CallHomeStrategy.TLS, store.storedStrategy());
        DeviceTlsCallHomeConfig stored = store.loadTls();
        assertEquals(data.resolve("idevid.key"), stored.device().hostKeyFile());
        assertEquals(idevidCert.keyPair().getPublic(), SshKeys.loadPrivateKey(stored.device().hostKeyFile())
                .getPublic());
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(stored.device().hostKeyFile()));
        assertEquals(Optional.of(data.resolve("idevid-cert.pem")), stored.device().hostCertificateFile());
        assertEquals(X509Lab.pem(idevidCert.certificate()).strip(),
                Files.readString(stored.device().hostCertificateFile().orElseThrow()).strip());
        Path accountFile = stored.device().accounts().get(0).authorizedKeysFile().orElseThrow();
        assertEquals(data.resolve("bootstrap/nms-tls.pem"), accountFile);
        assertEquals(List.of(nmsCa.certificate()), X509Authorities.load(accountFile).all().stream()
                .map(authority -> authority.certificate()).toList());
        assertEquals(4335, stored.clients().get(0).endpoints().get(0).port());
    }

    @Test
    void aTlsConfigurationWithoutAnIdevidIsAConfigError() throws Exception {
        FakeServer server = serve(signed(voucher(SERIAL, NOW.plus(Duration.ofDays(7))),
                tlsOnboarding(valid(lab.root("NMS CA")))));
        BootstrapStore store = new BootstrapStore(dir.resolve("data"));

        assertThrows(BootstrapFailedException.class, () -> device(List.of()).run(List.of(server.uri()),
                store::apply));
        assertEquals(List.of("bootstrap-initiated", "config-error"), server.progressTypes());
        assertTrue(server.reports.get(1).path("message").asText().contains("presents its IDevID"),
                server.reports.get(1).toString());
        assertTrue(store.stored().isEmpty());
    }

    @Test
    void aDeviceSshClientConfigurationWithoutAnIdevidIsAConfigError() throws Exception {
        byte[] configuration = DEVICE_SSH_CLIENT_CONFIGURATION.getBytes(StandardCharsets.UTF_8);
        FakeServer server = serve(signed(voucher(SERIAL, NOW.plus(Duration.ofDays(7))),
                OnboardingInformation.configuration(ConfigurationHandling.MERGE, configuration)));
        BootstrapStore store = new BootstrapStore(dir.resolve("data"));

        assertThrows(BootstrapFailedException.class, () -> device(List.of()).run(List.of(server.uri()),
                store::apply));
        assertEquals(List.of("bootstrap-initiated", "config-error"), server.progressTypes());
        assertTrue(server.reports.get(1).path("message").asText().contains("IDevID"),
                server.reports.get(1).toString());
    }

    private void refused(byte[] response, String reason) throws Exception {
        FakeServer server = serve(response);
        AtomicInteger applied = new AtomicInteger();

        BootstrapFailedException failure = assertThrows(BootstrapFailedException.class,
                () -> device(List.of()).run(List.of(server.uri()), onboarding -> applied.incrementAndGet()));

        assertEquals(0, applied.get(), "nothing applied");
        assertTrue(failure.getMessage().contains("refused, " + reason + ":"), failure.getMessage());
        assertEquals(List.of("bootstrap-error"), server.progressTypes());
        assertTrue(server.reports.get(0).path("message").asText().startsWith(reason + ": "));
    }

    private ZeroTouchBootstrap device(List<X509Certificate> bootstrapCas) throws IOException {
        Path key = X509Lab.write(dir.resolve("idevid.key"),
                X509Lab.pem("PRIVATE KEY", idevidCert.keyPair().getPrivate().getEncoded()));
        Path certificate = X509Lab.write(dir.resolve("idevid.pem"), X509Lab.pem(idevidCert.certificate()));
        return new ZeroTouchBootstrap(Idevid.load(key, certificate), List.of(manufacturerRoot.certificate()),
                bootstrapCas, SztpLimits.DEFAULT, Duration.ofSeconds(10), Clock.systemUTC());
    }

    private Voucher voucher(String serial, Instant expires) {
        return new Voucher(NOW.minus(Duration.ofDays(1)), Optional.of(expires), VoucherAssertion.VERIFIED, serial,
                Optional.empty(), ownerRoot.certificate(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private byte[] signedVoucher(Voucher voucher) {
        return CmsSigning.sign(SztpContentType.VOUCHER_JSON, voucher.toJson(), masa.keyPair().getPrivate(),
                masa.certificate(), List.of(masa.certificate()));
    }

    private OwnerArtifacts ownerArtifacts() {
        return new OwnerArtifacts(owner.keyPair().getPrivate(), List.of(owner.certificate()));
    }

    private byte[] signed(Voucher voucher, ConveyedInformation information) {
        return response(ownerArtifacts().signedConveyedInformation(information), Optional.of(signedVoucher(voucher)),
                Optional.of(ownerArtifacts().ownerCertificate()));
    }

    private static OnboardingInformation tlsOnboarding(Issued nmsCa) {
        return OnboardingInformation.configuration(ConfigurationHandling.REPLACE, TLS_CONFIGURATION.formatted(
                quoted(X509Lab.pem(nmsCa.certificate()))).getBytes(StandardCharsets.UTF_8));
    }

    private static OnboardingInformation onboarding() {
        return OnboardingInformation.configuration(ConfigurationHandling.REPLACE,
                CONFIGURATION.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] response(byte[] conveyed, Optional<byte[]> voucher, Optional<byte[]> ownerCertificate) {
        var output = JSON.createObjectNode().put("conveyed-information", Binary.of(conveyed).base64());
        ownerCertificate.ifPresent(value -> output.put("owner-certificate", Binary.of(value).base64()));
        voucher.ifPresent(value -> output.put("ownership-voucher", Binary.of(value).base64()));
        var document = JSON.createObjectNode();
        document.set("ietf-sztp-bootstrap-server:output", output);
        return document.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Issued valid(X509Lab.Spec spec) {
        return spec.validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).issue();
    }

    private static String quoted(String text) {
        return JSON.getNodeFactory().textNode(text).toString();
    }

    private FakeServer serve(byte[] response) throws Exception {
        FakeServer server = new FakeServer(response);
        servers.add(server);
        return server;
    }

    /** A bootstrap server that demands a client certificate of the IDevID CA and answers one canned response. */
    private final class FakeServer {
        final HttpsServer https;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicReference<String> clientSerial = new AtomicReference<>();
        final AtomicReference<JsonNode> lastInput = new AtomicReference<>();
        final List<JsonNode> reports = new CopyOnWriteArrayList<>();

        FakeServer(byte[] response) throws Exception {
            https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            SSLContext tls = serverTls();
            https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters parameters) {
                    SSLParameters ssl = tls.getDefaultSSLParameters();
                    ssl.setNeedClientAuth(true);
                    parameters.setSSLParameters(ssl);
                }
            });
            https.createContext("/restconf/operations/", exchange -> answer(exchange, response));
            https.start();
        }

        void answer(HttpExchange exchange, byte[] response) throws IOException {
            requests.incrementAndGet();
            SSLSession session = ((HttpsExchange) exchange).getSSLSession();
            clientSerial.set(serialOf(session));
            JsonNode input = JSON.readTree(exchange.getRequestBody().readNBytes(1 << 20))
                    .path("ietf-sztp-bootstrap-server:input");
            if (exchange.getRequestURI().getPath().endsWith(":report-progress")) {
                reports.add(input);
                exchange.sendResponseHeaders(204, -1);
            } else {
                lastInput.set(input);
                exchange.getResponseHeaders().add("Content-Type", "application/yang-data+json");
                exchange.sendResponseHeaders(200, response.length);
                exchange.getResponseBody().write(response);
            }
            exchange.close();
        }

        List<String> progressTypes() {
            return reports.stream().map(report -> report.path("progress-type").asText()).toList();
        }

        int port() {
            return https.getAddress().getPort();
        }

        URI uri() {
            return URI.create("https://127.0.0.1:" + port());
        }
    }

    private static String serialOf(SSLSession session) {
        try {
            X509Certificate certificate = (X509Certificate) session.getPeerCertificates()[0];
            return IETFUtils.valueToString(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded())
                    .getRDNs(BCStyle.SERIALNUMBER)[0].getFirst().getValue());
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private SSLContext serverTls() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, new char[0]);
        keys.setKeyEntry("tls", tlsServer.keyPair().getPrivate(), new char[0],
                new X509Certificate[] {tlsServer.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, new char[0]);
        trusted.setCertificateEntry("idevid-ca", idevidCa.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
