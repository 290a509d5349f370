package org.callhome.system;

import static org.callhome.system.CallHomeLab.GET_CONFIG;
import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.device.DeviceClientMain;
import org.callhome.device.bootstrap.DhcpLeaseFile;
import org.callhome.device.bootstrap.SztpRedirectOption;
import org.callhome.nms.NmsServer;
import org.callhome.nms.bootstrap.BootstrapSettings;
import org.callhome.nms.bootstrap.OwnerSigner;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.sztp.CmsSigning;
import org.callhome.shared.sztp.SztpContentType;
import org.callhome.shared.sztp.Voucher;
import org.callhome.shared.sztp.VoucherAssertion;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero touch from the factory to management (RFC 8572): a real {@code device-client} process that
 * has nothing but its IDevID (key and certificate, subject serialNumber = its serial) and its
 * manufacturer's CA bootstraps from the bootstrap server of a real NMS, which trusts nothing of the
 * device beforehand and knows it only through {@code --idevid-ca} and a voucher the manufacturer
 * signed (made here with {@link CmsSigning}, as a MASA would). The device verifies voucher, owner
 * certificate and signed conveyed information without trusting the server's TLS certificate, calls
 * home with the conveyed strategy, becomes connected in the NMS API and answers a get-config through
 * it; no operator step in between. The three strategies.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ZeroTouchEndToEndTest {

    private static final String SERIAL = "SN-ZT-0001";

    @TempDir
    Path dir;

    private final X509Lab pki = new X509Lab();
    private final Instant now = Instant.now();
    private CallHomeLab lab;
    private Issued manufacturer;
    private Issued masa;
    private Issued idevid;
    private Issued nmsTlsCa;
    private Issued nmsTls;
    private List<X509Certificate> nmsTlsChain;
    private Process device;

    @BeforeEach
    void setUp() {
        lab = new CallHomeLab(dir);
        manufacturer = valid(pki.root("Manufacturer Root")).issue();
        masa = valid(pki.device(manufacturer, "masa").subject("CN=masa").keyUsage(KeyUsage.digitalSignature))
                .issue();
        idevid = valid(pki.device(manufacturer, SERIAL)).issue();
        nmsTlsCa = valid(pki.root("NMS TLS CA")).issue();
        nmsTls = valid(pki.device(nmsTlsCa, null).subject("CN=nms").extendedKeyUsage(X509Lab.TLS_CLIENT)).issue();
        nmsTlsChain = List.of(nmsTls.certificate(), nmsTlsCa.certificate());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (device != null) {
            device.destroyForcibly();
            device.waitFor(20, TimeUnit.SECONDS);
        }
        if (lab.nms != null) {
            lab.nms.close();
        }
        lab.close();
    }

    @Test
    void aFactoryFreshReverseSshDeviceBootstrapsCallsHomeAndIsManaged() throws Exception {
        bootstrapAndManage(CallHomeStrategy.REVERSE_SSH);
    }

    /**
     * device-ssh-client: the device logs in as its serial with its IDevID as X.509 user certificate
     * (RFC 6187), which the NMS takes because it chains to the IDevID CA; its sessions run as the bind
     * account the configuration created.
     */
    @Test
    void aFactoryFreshDeviceSshClientDeviceBootstrapsLogsInWithItsIdevidAndIsManaged() throws Exception {
        bootstrapAndManage(CallHomeStrategy.DEVICE_SSH_CLIENT);
        assertTrue(Files.isRegularFile(dir.resolve("device-data/idevid.key")), "the IDevID key is the login key");
        JsonObject identity = new JsonObject(lab.get("/api/devices/" + SERIAL).body()).getJsonObject("identity");
        assertEquals("x509", identity.getString("kind"), identity.encodePrettily());
        assertEquals(SERIAL, identity.getString("principal"), identity.encodePrettily());
    }

    /**
     * tls: the device presents its IDevID as TLS server certificate and accepts the NMS's client
     * certificate by the CA conveyed to it. Its IDevID allows clientAuth only, as one made for
     * bootstrapping may, so --idevid-ca as a device CA would refuse it for a TLS server: the NMS takes
     * it because bootstrap-complete pinned its key. What was conveyed holds no private key.
     */
    @Test
    void aFactoryFreshTlsDeviceBootstrapsCallsHomeWithItsIdevidAndIsManaged() throws Exception {
        idevid = valid(pki.device(manufacturer, SERIAL).extendedKeyUsage(X509Lab.TLS_CLIENT)).issue();
        bootstrapAndManage(CallHomeStrategy.TLS);
        assertTrustedByItsIdevidKeyAndConveyedNoSecret();
        assertEquals(X509Lab.pem(nmsTlsCa.certificate()).strip(),
                Files.readString(dir.resolve("device-data/bootstrap/nms-tls.pem")).strip());
    }

    /** tls with an NMS whose certificate is self-signed, alone in its chain: the device is told to pin it. */
    @Test
    void aTlsDeviceBootstrappedByAnNmsWithASelfSignedCertificatePinsIt() throws Exception {
        nmsTls = valid(pki.selfSigned("nms").extendedKeyUsage(X509Lab.TLS_CLIENT)).issue();
        nmsTlsChain = List.of(nmsTls.certificate());
        bootstrapAndManage(CallHomeStrategy.TLS);
        assertTrustedByItsIdevidKeyAndConveyedNoSecret();
        assertEquals(X509Lab.pem(nmsTls.certificate()).strip(),
                Files.readString(dir.resolve("device-data/bootstrap/nms-tls.pem")).strip());
    }

    private void assertTrustedByItsIdevidKeyAndConveyedNoSecret() throws Exception {
        JsonObject listed = new JsonObject(lab.get("/api/devices/" + SERIAL).body());
        assertEquals("zero-touch", listed.getJsonObject("trust").getString("source"), listed.encodePrettily());
        assertEquals("pinned-host-key", listed.getJsonObject("security").getString("peerVerification"),
                listed.encodePrettily());
        for (String conveyed : List.of("bootstrap/call-home.json", "bootstrap/nms-tls.pem")) {
            String text = Files.readString(dir.resolve("device-data").resolve(conveyed));
            assertFalse(text.contains("PRIVATE KEY"), conveyed + ": " + text);
        }
    }

    /**
     * The command line's other way in and its memory: the device finds the bootstrap server in a
     * lease file as dhclient writes it (option 143 under dhclient's name for an undeclared option);
     * restarted, it calls home with what it stored, even with a lease naming a server nobody runs;
     * with {@code --rebootstrap} it asks the bootstrap server again.
     */
    @Test
    void aDeviceFindsItsBootstrapServerInItsDhcpLeaseKeepsWhatItAppliedAndRebootstrapsWhenAsked() throws Exception {
        NmsServer nms = startNms(CallHomeStrategy.REVERSE_SSH);
        Path lease = lease("dhclient.leases", nms.bootstrapPort().orElseThrow());
        device = startDevice("device-1.log", "--dhcp-lease", lease.toString());
        awaitConnected("device-1.log");
        assertEquals(1, initiated(), "one bootstrap");

        stopDevice();
        int nobody;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = closed.getLocalPort();
        }
        device = startDevice("device-2.log", "--dhcp-lease", lease("nobody.leases", nobody).toString());
        awaitConnected("device-2.log");
        assertEquals(1, initiated(), "the restarted device used what it stored");
        assertTrue(Files.readString(dir.resolve("device-2.log")).contains("stored by an earlier zero-touch bootstrap"),
                deviceLog("device-2.log"));

        stopDevice();
        device = startDevice("device-3.log", "--dhcp-lease", lease.toString(), "--rebootstrap");
        Eventually.value(CallHomeLab.WAIT, () -> initiated() == 2 ? Optional.of(true) : Optional.empty(),
                () -> "a second bootstrap; device log:\n" + deviceLogOrWhy("device-3.log"));
        awaitConnected("device-3.log");
    }

    private void bootstrapAndManage(CallHomeStrategy strategy) throws Exception {
        NmsServer nms = startNms(strategy);
        device = startDevice("device.log", "--bootstrap", "https://127.0.0.1:" + nms.bootstrapPort().orElseThrow());

        JsonObject listed = awaitConnected("device.log");
        assertEquals(strategy.wireName(), listed.getString("strategy"), listed.encodePrettily());
        HttpResponse<String> get = lab.post("/api/devices/" + SERIAL + "/rpc", GET_CONFIG);
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("<data"), get.body());
        assertTrue(Files.isRegularFile(dir.resolve("device-data/bootstrap/call-home.json")),
                "the device stored what it applied");
    }

    /**
     * The NMS serving the three strategies, trusting no device, its bootstrap server configuring devices
     * for {@code strategy}; owner certificates under an owner root that the voucher pins; its tls client
     * certificate names the account "nms" and comes with its CA.
     */
    private NmsServer startNms(CallHomeStrategy strategy) throws Exception {
        Issued tlsRoot = valid(pki.root("Bootstrap TLS Root")).issue();
        Issued tls = valid(pki.device(tlsRoot, "bootstrap").subject("CN=bootstrap").subjectAltNames("ip:127.0.0.1")
                .extendedKeyUsage(X509Lab.TLS_SERVER)).issue();
        Issued ownerRoot = valid(pki.root("Owner Root")).issue();
        Issued owner = valid(pki.device(ownerRoot, "owner").subject("CN=owner")).issue();
        Path vouchers = Files.createDirectories(dir.resolve("vouchers"));
        Files.write(vouchers.resolve(SERIAL + ".vcj"), voucher(ownerRoot));
        Path idevidCa = X509Lab.write(dir.resolve("idevid-ca.pem"), X509Lab.pem(manufacturer.certificate()));
        BootstrapSettings bootstrap = new BootstrapSettings(new InetSocketAddress("127.0.0.1", 0), tls.keyPair(),
                List.of(tls.certificate(), tlsRoot.certificate()), List.of(manufacturer.certificate()),
                new OwnerSigner(owner.keyPair().getPrivate(), List.of(owner.certificate(), ownerRoot.certificate())),
                vouchers, strategy, "127.0.0.1");
        NmsSettings settings = new NmsSettings(
                Optional.of(new NmsSettings.ReverseSsh(new InetSocketAddress("127.0.0.1", 0),
                        KnownDevices.of(Map.of()), SshKeys.generateEd25519(), "nms", false)),
                Optional.of(new NmsSettings.DeviceSsh(new InetSocketAddress("127.0.0.1", 0), SshKeys.generateEd25519(),
                        KnownDevices.of(Map.of()), DeviceSshServer.DEFAULT_SUBSYSTEM)),
                new InetSocketAddress("127.0.0.1", 0), Optional.empty(), Duration.ofSeconds(10),
                NmsSettings.DEFAULT_MAX_STARTUPS, new Keepalives(Duration.ofSeconds(2), 3), Duration.ofSeconds(10),
                NetconfLimits.DEFAULT, dir.resolve("nms-state"),
                new DeviceCertificates(Optional.empty(), Optional.empty(), Optional.empty(),
                        DeviceCertificates.DEFAULT_REVOCATION_POLL, Optional.of(X509Authorities.load(idevidCa))))
                .withTls(new NmsSettings.Tls(new InetSocketAddress("127.0.0.1", 0), nmsTls.keyPair(),
                        nmsTlsChain));
        NmsServer nms = NmsServer.start(settings, NmsServer.openTrustStore(settings), Optional.of(bootstrap));
        lab.nms = nms;
        return nms;
    }

    /** The manufacturer's voucher for {@link #SERIAL}, pinning the owner's root, signed by its MASA. */
    private byte[] voucher(Issued ownerRoot) {
        Voucher voucher = new Voucher(now.minus(Duration.ofHours(1)), Optional.of(now.plus(Duration.ofDays(7))),
                VoucherAssertion.VERIFIED, SERIAL, Optional.empty(), ownerRoot.certificate(), Optional.empty(),
                Optional.empty(), Optional.empty());
        return CmsSigning.sign(SztpContentType.VOUCHER_JSON, voucher.toJson(), masa.keyPair().getPrivate(),
                masa.certificate(), List.of(masa.certificate()));
    }

    /**
     * {@code device-client} as a factory-fresh device runs it: IDevID, manufacturer CA and {@code
     * where} it finds its bootstrap server; its output in {@code log}.
     */
    private Process startDevice(String log, String... where) throws IOException {
        Path key = X509Lab.write(dir.resolve("idevid-key.pem"), X509Lab.pem("PRIVATE KEY",
                idevid.keyPair().getPrivate().getEncoded()));
        Path certificate = X509Lab.write(dir.resolve("idevid-cert.pem"), X509Lab.pem(idevid.certificate()));
        Path anchors = X509Lab.write(dir.resolve("manufacturer-ca.pem"), X509Lab.pem(manufacturer.certificate()));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                DeviceClientMain.class.getName(), "--datastore", dir.resolve("device-data").toString(),
                "--idevid-key", key.toString(), "--idevid-cert", certificate.toString(), "--manufacturer-ca",
                anchors.toString()));
        command.addAll(List.of(where));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile())
                .start();
    }

    private void stopDevice() throws Exception {
        device.destroy();
        assertTrue(device.waitFor(20, TimeUnit.SECONDS), "the device stops on SIGTERM");
        lab.awaitDevice(state(SERIAL, "disconnected"), SERIAL + " disconnected");
    }

    private JsonObject awaitConnected(String log) throws Exception {
        try {
            return lab.awaitDevice(state(SERIAL, "connected"), SERIAL + " connected after zero touch");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\ndevice log:\n" + deviceLog(log), e);
        }
    }

    /** How many bootstraps the device reported starting to the NMS's bootstrap server. */
    private long initiated() throws Exception {
        JsonArray devices = new JsonObject(lab.get("/api/bootstrap").body()).getJsonArray("devices");
        return devices.stream().map(JsonObject.class::cast).filter(entry -> SERIAL.equals(entry.getString("serial")))
                .flatMap(entry -> entry.getJsonArray("reports").stream().map(JsonObject.class::cast))
                .filter(report -> "bootstrap-initiated".equals(report.getString("progressType"))).count();
    }

    /**
     * A dhclient lease file whose current lease carries option 143 naming the bootstrap server on
     * {@code port}, written as dhclient writes an option it has no declaration for: hex bytes without
     * leading zeros, separated by colons.
     */
    private Path lease(String name, int port) throws IOException {
        byte[] list = SztpRedirectOption.encode(List.of(URI.create("https://127.0.0.1:" + port)));
        StringBuilder hex = new StringBuilder();
        for (byte b : list) {
            hex.append(hex.length() == 0 ? "" : ":").append(Integer.toHexString(b & 0xff));
        }
        return Files.writeString(dir.resolve(name), "default-duid \"\\000\\001\\000\\001\";\n"
                + "lease {\n"
                + "  interface \"eth0\";\n"
                + "  fixed-address 192.0.2.20;\n"
                + "  option subnet-mask 255.255.255.0;\n"
                + "  option dhcp-lease-time 86400;\n"
                + "  option " + DhcpLeaseFile.UNKNOWN_OPTION_NAME + " " + hex + ";\n"
                + "  renew 6 2099/01/03 10:00:00;\n"
                + "  rebind 6 2099/01/03 20:00:00;\n"
                + "  expire 6 2099/01/03 23:00:00;\n"
                + "}\n");
    }

    private String deviceLogOrWhy(String name) {
        try {
            return deviceLog(name);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private String deviceLog(String name) throws IOException {
        Path log = dir.resolve(name);
        return Files.exists(log) ? Files.readString(log) : "(none)";
    }

    private X509Lab.Spec valid(X509Lab.Spec spec) {
        return spec.validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }
}
