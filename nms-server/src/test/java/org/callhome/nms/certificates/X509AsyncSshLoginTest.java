package org.callhome.nms.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.ssh.KeyFile;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.AsyncSshProcess;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop: an AsyncSSH device (another RFC 6187 implementation) logs into our device-ssh-client NMS.
 * The NMS's SSH server has the files an operator gives it: {@code --host-key} a PKCS#8 PEM key,
 * {@code --host-cert} its X.509 chain in PEM (extended key usage id-kp-secureShellServer,
 * subjectAltName iPAddress 127.0.0.1) of the NMS CA, {@code --device-ca} the device CA's PEM
 * certificate, each read by the loader the program uses. AsyncSSH ({@code asyncssh_device.py
 * device-ssh-client}) takes X.509 host keys only and no known_hosts: it validates the NMS's chain
 * against the NMS CA for 127.0.0.1, then logs in as its device id with its X.509 user certificate,
 * opens the NMS's subsystem and is the NETCONF server in it. The API then shows the device connected
 * under its certificate's identity. AsyncSSH trusting another CA refuses the NMS before any login;
 * a user certificate of a CA the NMS does not trust is refused as {@code unknown-ca}, as the API's
 * {@code rejected} event says. Skipped with a message where AsyncSSH cannot run, failed under
 * {@code CI=true}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class X509AsyncSshLoginTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SCRIPT = "asyncssh_device.py";
    private static final String HOST_ALGORITHMS = "x509v3-ecdsa-sha2-nistp256,x509v3-ecdsa-sha2-nistp384,"
            + "x509v3-ecdsa-sha2-nistp521,x509v3-rsa2048-sha256";
    private static final String DEVICE = "dev-as1";

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant now = Instant.now();
    private Issued nmsCa;
    private Issued deviceCa;
    private Issued nmsCertificate;
    private CertifiedNms nms;
    private AsyncSshProcess device;

    @BeforeEach
    void startTheNms() throws Exception {
        AsyncSshProcess.require();
        nmsCa = root("NMS CA");
        deviceCa = root("Device CA");
        nmsCertificate = lab.device(nmsCa, "nms").validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)))
                .extendedKeyUsage(X509Lab.SSH_SERVER).subjectAltNames("ip:127.0.0.1").issue();
        Path hostKeyFile = X509Lab.write(dir.resolve("nms_host_key.pem"), X509Lab.pem("PRIVATE KEY",
                nmsCertificate.keyPair().getPrivate().getEncoded()));
        Path hostCertFile = X509Lab.write(dir.resolve("nms_host_cert.pem"), X509Lab.pem(nmsCertificate.certificate()));
        Path deviceCaFile = X509Lab.write(dir.resolve("device-ca.pem"), X509Lab.pem(deviceCa.certificate()));
        KeyPair hostKey = KeyFile.open(hostKeyFile).keyPair();
        DeviceCertificates certificates = new DeviceCertificates(Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofMillis(100), Optional.of(X509Authorities.load(deviceCaFile)));
        nms = new CertifiedNms(dir.resolve("state"), certificates, SshKeys.generateEd25519(), Optional.empty(),
                hostKey, Optional.empty(), X509ChainFile.load(hostCertFile, hostKey, hostKeyFile, "--host-key"));
    }

    @AfterEach
    void stop() throws Exception {
        if (device != null) {
            device.close();
        }
        if (nms != null) {
            nms.close();
        }
    }

    @Test
    void anAsyncSshDeviceValidatesTheNmsCertificateAndLogsInWithItsOwn() throws Exception {
        Issued certificate = userCertificate(deviceCa, DEVICE);
        device = logIn(certificate, nmsCa);
        assertEquals(DEVICE, device.await("connected", WAIT).path("username").asText());
        JsonNode hello = device.await("hello", WAIT);
        assertTrue(hello.path("capabilities").asInt() > 0, hello.toString());

        JsonObject connected = nms.awaitDevice(DEVICE, d -> "connected".equals(d.getString("state")), "is connected");
        assertEquals("device-ssh-client", connected.getString("strategy"), connected.encode());
        assertEquals(SshKeys.fingerprint(certificate.publicKey()), connected.getString("fingerprint"));
        JsonObject identity = connected.getJsonObject("identity");
        assertEquals("x509", identity.getString("kind"));
        assertEquals(DEVICE, identity.getString("principal"));
        assertEquals("CN=Device CA", identity.getString("issuer"));
        assertEquals(certificate.serial().toString(), identity.getString("serial"));
        JsonObject security = connected.getJsonObject("security");
        assertEquals("x509-user-certificate", security.getString("peerVerification"));
        assertEquals("x509v3-ecdsa-sha2-nistp256", security.getString("hostKeyAlgorithm"), security.encode());
    }

    @Test
    void anAsyncSshDeviceTrustingAnotherCaRefusesTheNmsBeforeLoggingIn() throws Exception {
        Issued certificate = userCertificate(deviceCa, DEVICE);
        device = logIn(certificate, root("Other CA"));

        JsonNode failed = device.await("failed", WAIT);

        assertEquals("HostKeyNotVerifiable", failed.path("error").asText(), failed.toString());
        String fingerprint = SshKeys.fingerprint(certificate.publicKey());
        assertTrue(nms.recentEvents().stream().map(JsonObject.class::cast).map(event -> event.getJsonObject("data"))
                .noneMatch(data -> data != null && fingerprint.equals(data.getString("offeredFingerprint"))),
                "no login reached the NMS: " + nms.recentEvents().encode());
        assertEquals(Optional.empty(), nms.device(DEVICE), "a device that never logged in is not added");
    }

    @Test
    void anAsyncSshDeviceCertifiedByACaTheNmsDoesNotTrustIsRefusedAsUnknownCa() throws Exception {
        Issued certificate = userCertificate(root("Other CA"), DEVICE);
        device = logIn(certificate, nmsCa);

        JsonNode failed = device.await("failed", WAIT);

        assertEquals("PermissionDenied", failed.path("error").asText(), failed.toString());
        JsonObject event = nms.awaitRejectedEvent("unknown-ca", SshKeys.fingerprint(certificate.publicKey()));
        assertEquals("certificate", event.getString("kind"), event.encode());
        assertEquals("device-ssh-client", event.getString("strategy"), event.encode());
        assertEquals(Optional.empty(), nms.device(DEVICE), "a refused certificate adds no device");
    }

    /** Starts the AsyncSSH device, which logs in at once with {@code certificate}, trusting {@code trusted} for the NMS. */
    private AsyncSshProcess logIn(Issued certificate, Issued trusted) throws Exception {
        Path key = dir.resolve("device_key");
        SshKeys.writePrivateKey(certificate.keyPair(), key);
        Path chain = X509Lab.write(dir.resolve("device-chain.pem"), X509Lab.pem(certificate.certificate()));
        Path ca = X509Lab.write(dir.resolve("nms-ca.pem"), X509Lab.pem(trusted.certificate()));
        return AsyncSshProcess.start(dir, X509AsyncSshLoginTest.class, SCRIPT, List.of("device-ssh-client",
                "--port", Integer.toString(nms.deviceSsh().getPort()), "--user", DEVICE, "--key", key.toString(),
                "--chain", chain.toString(), "--ca", ca.toString(), "--host-algs", HOST_ALGORITHMS,
                "--subsystem", DeviceSshServer.DEFAULT_SUBSYSTEM));
    }

    private Issued root(String name) {
        return lab.root(name).validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).issue();
    }

    /** A user certificate for {@code id} (its subject serialNumber) of a new EC P-256 key, valid around now. */
    private Issued userCertificate(Issued issuer, String id) {
        return lab.device(issuer, id).validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)))
                .extendedKeyUsage(X509Lab.SSH_CLIENT).issue();
    }
}
