package org.callhome.system;

import static org.callhome.system.CallHomeLab.GET_CONFIG;
import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.io.Closer;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our device-ssh-client device against our NMS with X.509 certificates both ways (RFC 6187): the
 * NMS presents {@code --host-key} (PKCS#8 PEM) with {@code --host-cert} (a chain of the NMS CA
 * naming 127.0.0.1), trusts the device CA ({@code --device-ca}, PEM) and pins nothing per device;
 * the device pins the NMS CA ({@code --nms-host-key} holding its PEM certificate) and logs in with
 * {@code --identity} and {@code --identity-cert} (a user certificate whose subject serialNumber is
 * its login). What each side sees: the NMS's API shows the device's {@code x509} identity; the
 * device refuses an NMS certificate for another host or of another CA during key exchange, before
 * sending any credential; and a CRL that later names the NMS's certificate ends the live session.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class X509DeviceSshClientEndToEndTest {

    private static final String DEVICE = "dev-c1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private CallHomeLab lab;
    private final Closer running = new Closer();
    private final X509Lab pki = new X509Lab();
    private final Instant now = Instant.now();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private Issued deviceRoot;
    private Issued nmsRoot;

    @BeforeEach
    void setUp() {
        lab = new CallHomeLab(dir);
        deviceRoot = pki.root("Device Root").validity(now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(3650)))
                .issue();
        nmsRoot = pki.root("NMS Root").validity(now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(3650)))
                .issue();
    }

    @AfterEach
    void tearDown() throws Exception {
        running.close();
        lab.close();
    }

    @Test
    void theDeviceChecksTheNmsChainThenLogsInWithItsOwnAndTheApiShowsItsX509Identity() throws Exception {
        startNms(nmsCertificate(nmsRoot, "ip:127.0.0.1"));
        startDevice(Optional.empty());

        assertTrue(next().startsWith("connected"), "the device's dialer connected");
        JsonObject listed = lab.awaitDevice(state(DEVICE, "connected"), DEVICE + " connected by its X.509 chain");
        assertEquals(CallHomeStrategy.DEVICE_SSH_CLIENT.wireName(), listed.getString("strategy"),
                listed.encodePrettily());
        JsonObject identity = new JsonObject(lab.get("/api/devices/" + DEVICE).body()).getJsonObject("identity");
        assertNotNull(identity, DEVICE + " has an identity");
        assertEquals("x509", identity.getString("kind"), identity.encodePrettily());
        assertEquals(DEVICE, identity.getString("principal"), identity.encodePrettily());
        assertEquals("CN=Device Root", identity.getString("issuer"), identity.encodePrettily());

        HttpResponse<String> get = lab.post("/api/devices/" + DEVICE + "/rpc", GET_CONFIG);
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("<data"), get.body());
    }

    @Test
    void anNmsCertificateForAnotherHostIsRefusedBeforeAnyCredentialIsSent() throws Exception {
        startNms(nmsCertificate(nmsRoot, "ip:127.0.0.2", "dns:nms.example.net"));
        startDevice(Optional.empty());

        String failed = next();
        assertTrue(failed.startsWith("failed"), failed);
        assertTrue(failed.contains("principal-mismatch") && failed.contains("no credential sent"), failed);
        assertNeverLoggedIn();
    }

    @Test
    void anNmsChainOfAnotherCaIsRefusedBeforeAnyCredentialIsSent() throws Exception {
        Issued otherRoot = pki.root("Other Root").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(9)))
                .issue();
        startNms(nmsCertificate(otherRoot, "ip:127.0.0.1"));
        startDevice(Optional.empty());

        String failed = next();
        assertTrue(failed.startsWith("failed") && failed.contains("unknown-ca"), failed);
        assertNeverLoggedIn();
    }

    @Test
    void aCrlThatLaterNamesTheNmsCertificateEndsTheLiveSession() throws Exception {
        Issued nmsCertificate = nmsCertificate(nmsRoot, "ip:127.0.0.1");
        startNms(nmsCertificate);
        Path crl = X509Lab.write(dir.resolve("device-revoked.pem"), crlOf(BigInteger.ONE));
        startDevice(Optional.of(crl));
        assertTrue(next().startsWith("connected"), "connected while another serial is listed");
        lab.awaitDevice(state(DEVICE, "connected"), DEVICE + " connected");

        X509Lab.write(crl, crlOf(nmsCertificate.serial()));

        String ended = next();
        assertTrue(ended.startsWith("disconnected") && ended.contains("revoked while connected"), ended);
        String again = next();
        assertTrue(again.startsWith("failed") && again.contains("(revoked)"), "the next call is refused: " + again);
    }

    private String crlOf(BigInteger serial) {
        return X509Lab.pem(pki.crl(nmsRoot, serial).dates(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(7)))
                .issue());
    }

    private String next() throws InterruptedException {
        String event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(event, "the device's dialer reported nothing within " + WAIT);
        return event;
    }

    private void assertNeverLoggedIn() throws Exception {
        assertEquals(404, lab.get("/api/devices/" + DEVICE).statusCode(), "the NMS never saw the device log in");
        assertFalse(lab.devices().encode().contains(DEVICE), lab.devices().encodePrettily());
    }

    /** An NMS host certificate issued by {@code root}: subject CN=nms, for SSH servers, naming {@code names}. */
    private Issued nmsCertificate(Issued root, String... names) {
        return pki.device(root, "nms").subject("CN=nms").key(X509Lab.ec("secp384r1"))
                .extendedKeyUsage(X509Lab.SSH_SERVER).subjectAltNames(names)
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365))).issue();
    }

    private void startNms(Issued hostCertificate) throws Exception {
        Path deviceCa = X509Lab.write(dir.resolve("device-ca.pem"), X509Lab.pem(deviceRoot.certificate()));
        KnownDevices none = KnownDevices.of(Map.of());
        NmsSettings settings = new NmsSettings(Optional.empty(),
                Optional.of(new NmsSettings.DeviceSsh(new InetSocketAddress("127.0.0.1", 0), hostCertificate.keyPair(),
                        none, DeviceSshServer.DEFAULT_SUBSYSTEM, Optional.empty(),
                        List.of(hostCertificate.certificate()))),
                new InetSocketAddress("127.0.0.1", 0), Optional.empty(), Duration.ofSeconds(10),
                NmsSettings.DEFAULT_MAX_STARTUPS, new Keepalives(Duration.ofSeconds(2), 3), Duration.ofSeconds(10),
                NetconfLimits.DEFAULT, dir.resolve("nms-state"),
                new DeviceCertificates(Optional.empty(), Optional.empty(), Optional.empty(),
                        DeviceCertificates.DEFAULT_REVOCATION_POLL, Optional.of(X509Authorities.load(deviceCa))));
        NmsServer nms = NmsServer.start(settings);
        running.register(nms);
        lab.nms = nms;
    }

    /**
     * Starts the device agent in device-ssh-client with an EC key (PKCS#8 PEM, 0600) and a user
     * certificate of the device CA whose subject serialNumber is its login, pinning the NMS root,
     * its dialer reporting to {@link #events}.
     */
    private void startDevice(Optional<Path> revokedKeys) throws Exception {
        KeyPair key = X509Lab.ec("secp256r1");
        Issued certificate = pki.device(deviceRoot, DEVICE).key(key).extendedKeyUsage(X509Lab.SSH_CLIENT)
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365))).issue();
        Path keyFile = X509Lab.write(dir.resolve("login_key.pem"), X509Lab.pem("PRIVATE KEY",
                key.getPrivate().getEncoded()));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Path chain = X509Lab.write(dir.resolve("login_cert.pem"), X509Lab.pem(certificate.certificate()));
        Path nmsCa = X509Lab.write(dir.resolve("nms-ca.pem"), X509Lab.pem(nmsRoot.certificate()));
        DeviceSshSettings accounts = new DeviceSshSettings(dir.resolve("unused_host_key"),
                List.of(new Account("netconf", Role.ADMIN, Optional.empty()))).withCertificates(Optional.empty(),
                revokedKeys);
        DeviceAgent.Settings settings = DeviceAgent.Settings.deviceSshClient(dir.resolve("device-data"),
                CallHomeLab.callHome(lab.nms.deviceSshAddress().getPort()), accounts, Duration.ofSeconds(10),
                NetconfLimits.DEFAULT, new DeviceAgent.ClientLogin(DEVICE, keyFile, nmsCa,
                        DeviceSshServer.DEFAULT_SUBSYSTEM, "netconf").withIdentityCertificate(chain));
        running.register(DeviceAgent.start(settings, new DialerListener() {
            @Override
            public void connected(Endpoint endpoint) {
                events.add("connected");
            }

            @Override
            public void failed(Endpoint endpoint, Throwable why) {
                events.add("failed: " + why.getMessage());
            }

            @Override
            public void disconnected(Endpoint endpoint, String reason) {
                events.add("disconnected: " + reason);
            }
        }));
    }
}
