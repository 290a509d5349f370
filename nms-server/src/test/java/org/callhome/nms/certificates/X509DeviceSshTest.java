package org.callhome.nms.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.SshException;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * device-ssh-client devices that log in with an X.509 user certificate chain (RFC 6187): a real NMS
 * whose {@code --device-ca} is a PEM CA certificate and which presents an X.509 host chain of its own,
 * MINA devices logging in over loopback with chains made with Bouncy Castle, valid around the real
 * clock, and what the API then says.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class X509DeviceSshTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant now = Instant.now();
    private Issued ca;
    private Issued nmsCertificate;
    private CertifiedNms nms;
    private LoggingInDevice device;

    @BeforeEach
    void start() throws Exception {
        ca = lab.root("Device CA").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).issue();
        KeyPair hostKey = ecKey();
        nmsCertificate = lab.device(ca, "nms").key(hostKey).validity(now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1))).extendedKeyUsage(X509Lab.SSH_SERVER).issue();
        DeviceCertificates certificates = new DeviceCertificates(Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofMillis(100), Optional.of(X509Authorities.of(List.of(ca.certificate()))));
        nms = new CertifiedNms(dir.resolve("state"), certificates, ecKey(), Optional.empty(), hostKey,
                Optional.empty(), List.of(nmsCertificate.certificate()));
        device = new LoggingInDevice(true);
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
    void aDeviceLogsInWithAnX509UserCertificateOfItsLoginNameAndShowsIt() throws Exception {
        Issued certificate = userCertificate(ca, "dev-1").issue();
        device.connect(nms.deviceSsh(), "dev-1", identity(certificate));

        JsonObject shown = nms.awaitDevice("dev-1", d -> "connected".equals(d.getString("state")), "is connected");
        assertEquals(SshKeys.fingerprint(certificate.publicKey()), shown.getString("fingerprint"));
        JsonObject identity = shown.getJsonObject("identity");
        assertEquals("x509", identity.getString("kind"));
        assertEquals("dev-1", identity.getString("principal"));
        assertEquals("CN=Device CA", identity.getString("issuer"));
        JsonObject security = shown.getJsonObject("security");
        assertEquals("x509-user-certificate", security.getString("peerVerification"));
        assertTrue(security.getString("hostKeyAlgorithm").startsWith("x509v3-"), security.encode());
        assertEquals(SshKeys.fingerprint(nmsCertificate.publicKey()), security.getJsonArray("keys").getJsonObject(1)
                .getString("fingerprint"), security.encode());
        assertTrue(device.nmsHostKeys.stream().anyMatch(key -> key instanceof X509PublicKey),
                "the NMS presented its X.509 host chain: " + device.nmsHostKeys);
    }

    @Test
    void x509LoginsThatDoNotProveTheDeviceAreRefusedWithTheirPreciseWords() throws Exception {
        Issued other = lab.root("Other CA").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .issue();
        Map<String, Issued> cases = new LinkedHashMap<>();
        cases.put("unknown-ca", userCertificate(other, "dev-1").issue());
        cases.put("principal-mismatch", userCertificate(ca, "dev-2").issue());
        cases.put("expired", userCertificate(ca, "dev-1").validity(now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofDays(1))).issue());
        for (Map.Entry<String, Issued> refused : cases.entrySet()) {
            String refusal = refused.getKey();
            assertThrows(SshException.class, () -> device.login(nms.deviceSsh(), "dev-1",
                    identity(refused.getValue())), refusal);
            JsonObject event = nms.awaitRejectedEvent(refusal, SshKeys.fingerprint(refused.getValue().publicKey()));
            assertEquals("certificate", event.getString("kind"), refusal);
            assertEquals("device-ssh-client", event.getString("strategy"), refusal);
        }
        assertTrue(nms.device("dev-1").isEmpty(), "a refused certificate adds no device");
    }

    @Test
    void aCrlChangedAtRuntimeDropsTheLiveX509Login() throws Exception {
        Path crl = dir.resolve("revoked.pem");
        writeCrl(crl, BigInteger.ONE);
        nms.close();
        KeyPair hostKey = ecKey();
        Issued hostCertificate = lab.device(ca, "nms").key(hostKey).validity(now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1))).extendedKeyUsage(X509Lab.SSH_SERVER).issue();
        nms = new CertifiedNms(dir.resolve("state-2"), new DeviceCertificates(Optional.empty(), Optional.empty(),
                Optional.of(RevokedKeysFile.open(crl)), Duration.ofMillis(100),
                Optional.of(X509Authorities.of(List.of(ca.certificate())))), ecKey(), Optional.empty(), hostKey,
                Optional.empty(), List.of(hostCertificate.certificate()));
        Issued certificate = userCertificate(ca, "dev-3").issue();
        device.connect(nms.deviceSsh(), "dev-3", identity(certificate));
        nms.awaitDevice("dev-3", d -> "connected".equals(d.getString("state")), "is connected");

        writeCrl(crl, certificate.serial());

        nms.awaitDevice("dev-3", d -> !"connected".equals(d.getString("state")), "is dropped");
        JsonObject event = nms.awaitRejectedEvent("revoked", SshKeys.fingerprint(certificate.publicKey()));
        assertEquals("dev-3", event.getString("id"));
        assertTrue(event.getString("reason").startsWith("revoked while connected: "), event.encode());
        assertTrue(event.getString("reason").contains("serial " + certificate.serial()), event.encode());
    }

    /** The CA's CRL revoking {@code serial}, written as a new file that replaces the old one in one rename. */
    private void writeCrl(Path file, BigInteger serial) throws IOException {
        Path next = X509Lab.write(file.resolveSibling(file.getFileName() + ".new"), X509Lab.pem(lab.crl(ca, serial)
                .dates(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1))).issue()));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A device certificate for {@code id} (its subject serialNumber), an SSH client's, valid around now. */
    private X509Lab.Spec userCertificate(Issued issuer, String id) {
        return lab.device(issuer, id).validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)))
                .extendedKeyUsage(X509Lab.SSH_CLIENT);
    }

    private static KeyPair identity(Issued certificate) {
        return X509PublicKey.keyPair(certificate.keyPair(), List.of(certificate.certificate()));
    }

    private static KeyPair ecKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }
}
