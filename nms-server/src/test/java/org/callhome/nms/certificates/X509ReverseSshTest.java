package org.callhome.nms.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * reverse-ssh devices identified by an X.509 host certificate alone (RFC 6187, RFC 8071 C6): a real
 * NMS whose {@code --device-ca} is a PEM CA certificate, with nothing configured per device, MINA
 * devices that call it over loopback presenting certificate chains made with Bouncy Castle, valid
 * around the real clock as the NMS checks them, and what the API then says.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class X509ReverseSshTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant now = Instant.now();
    private final List<CallingDevice> devices = new ArrayList<>();
    private Issued ca;
    private KeyPair nmsKey;
    private CertifiedNms nms;

    @BeforeEach
    void makeTheCa() throws Exception {
        ca = lab.root("Device CA").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).issue();
        nmsKey = ecKey();
    }

    @AfterEach
    void stop() throws Exception {
        for (CallingDevice device : devices) {
            device.close();
        }
        if (nms != null) {
            nms.close();
        }
    }

    @Test
    void aDeviceKnownOnlyByItsX509HostCertificateConnectsAsItsSerialNumber() throws Exception {
        start(null, null);
        Issued certificate = hostCertificate(ca, "dev-x1").issue();
        device(certificate).call(nms.callHome());

        JsonObject device = nms.awaitDevice("dev-x1", d -> "connected".equals(d.getString("state")), "is connected");
        assertFalse(device.getBoolean("trusted"), "no trust was configured for it");
        assertEquals(SshKeys.fingerprint(certificate.publicKey()), device.getString("fingerprint"));
        JsonObject identity = device.getJsonObject("identity");
        assertEquals("x509", identity.getString("kind"));
        assertEquals("dev-x1", identity.getString("principal"));
        assertEquals("serialNumber", identity.getString("source"));
        assertTrue(identity.getString("subject").contains("dev-x1"), identity.encode());
        assertEquals("CN=Device CA", identity.getString("issuer"));
        assertEquals(certificate.serial().toString(), identity.getString("serial"));
        assertEquals(X509Authorities.of(List.of(ca.certificate())).all().get(0).fingerprint(),
                identity.getString("ca"));
        assertEquals(certificate.certificate().getNotBefore().toInstant().toString(), identity.getString("validAfter"));
        assertEquals(certificate.certificate().getNotAfter().toInstant().toString(), identity.getString("validBefore"));
        assertTrue(identity.getBoolean("caVouched"), "without --device-ids only the CA vouches for it");
        JsonObject security = device.getJsonObject("security");
        assertEquals("x509-host-certificate", security.getString("peerVerification"));
        assertTrue(security.getString("hostKeyAlgorithm").startsWith("x509v3-"), security.encode());
        assertEquals("x509-host-certificate", security.getJsonArray("keys").getJsonObject(0).getString("check"));
        assertNull(device.getString("lastRefusal"));
    }

    @Test
    void chainsThatDoNotProveAnExpectedDeviceAreRefusedWithTheirPreciseWords() throws Exception {
        Issued other = lab.root("Other CA").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .issue();
        Issued revoked = hostCertificate(ca, "dev-d").issue();
        Path crl = writeCrl(revoked.serial());
        start(Set.of("dev-a", "dev-b", "dev-c", "dev-d"), crl);
        Map<String, Issued> cases = new LinkedHashMap<>();
        cases.put("unknown-ca", hostCertificate(other, "dev-a").issue());
        cases.put("expired", hostCertificate(ca, "dev-b").validity(now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofDays(1))).issue());
        cases.put("wrong-certificate-type", hostCertificate(ca, "dev-c").extendedKeyUsage(X509Lab.SSH_CLIENT).issue());
        cases.put("revoked", revoked);
        cases.put("unexpected-identity", hostCertificate(ca, "dev-z").issue());
        for (Issued certificate : cases.values()) {
            device(certificate).call(nms.callHome());
        }
        for (Map.Entry<String, Issued> refused : cases.entrySet()) {
            String refusal = refused.getKey();
            String fingerprint = SshKeys.fingerprint(refused.getValue().publicKey());
            JsonObject listed = nms.awaitListed(fingerprint, d -> refusal.equals(d.getString("lastRefusal")),
                    "refused as " + refusal);
            assertEquals("rejected", listed.getString("state"), refusal);
            assertNull(listed.getJsonObject("identity"), "a refused certificate proves nothing: " + refusal);
            assertNotNull(listed.getString("lastError"), refusal);
            JsonObject event = nms.awaitRejectedEvent(refusal, fingerprint);
            assertEquals("certificate", event.getString("kind"), refusal);
        }
        assertTrue(nms.device("dev-d").isEmpty(), "a refused certificate adds no device");
        assertTrue(nms.device("dev-z").isEmpty(), "an unexpected identity adds no device");
    }

    /**
     * Past its signatures to a trusted CA, a chain's identity is that CA's word: a known device
     * whose next chain is refused shows the refusal under its id, not as an unknown key.
     */
    @Test
    void aKnownDeviceWhoseNextChainIsRefusedShowsTheRefusalUnderItsId() throws Exception {
        start(Set.of("dev-e"), writeCrl());
        device(hostCertificate(ca, "dev-e").issue()).call(nms.callHome());
        nms.awaitDevice("dev-e", d -> "connected".equals(d.getString("state")), "is connected");

        Issued expired = hostCertificate(ca, "dev-e").validity(now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofDays(1))).issue();
        device(expired).call(nms.callHome());

        JsonObject shown = nms.awaitDevice("dev-e", d -> "expired".equals(d.getString("lastRefusal")),
                "shows the expired chain's refusal");
        assertTrue(shown.getString("lastError").contains("expired"), shown.encode());
        JsonObject event = nms.awaitRejectedEvent("expired", SshKeys.fingerprint(expired.publicKey()));
        assertEquals("dev-e", event.getString("id"), event.encode());
    }

    @Test
    void aCrlChangedAtRuntimeDropsTheLiveSession() throws Exception {
        Path crl = writeCrl();
        start(Set.of("dev-x3"), crl);
        Issued certificate = hostCertificate(ca, "dev-x3").issue();
        device(certificate).call(nms.callHome());
        JsonObject connected = nms.awaitDevice("dev-x3", d -> "connected".equals(d.getString("state")),
                "is connected");
        assertFalse(connected.getJsonObject("identity").getBoolean("caVouched"), "--device-ids expected it");

        writeCrl(certificate.serial());
        nms.awaitDevice("dev-x3", d -> !"connected".equals(d.getString("state")), "is dropped");
        JsonObject event = nms.awaitRejectedEvent("revoked", SshKeys.fingerprint(certificate.publicKey()));
        assertEquals("dev-x3", event.getString("id"));
        assertTrue(event.getString("reason").startsWith("revoked while connected: "), event.encode());
    }

    /** A device certificate for {@code id} (its subject serialNumber), an SSH server's, valid around now. */
    private X509Lab.Spec hostCertificate(Issued issuer, String id) {
        return lab.device(issuer, id).validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)))
                .extendedKeyUsage(X509Lab.SSH_SERVER);
    }

    /** The CA's CRL revoking {@code serials}, written as a new file that replaces the old one in one rename. */
    private Path writeCrl(BigInteger... serials) throws IOException {
        String pem = X509Lab.pem(lab.crl(ca, serials).dates(now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1))).issue());
        Path fresh = X509Lab.write(dir.resolve("crl.pem.new"), pem);
        return Files.move(fresh, dir.resolve("crl.pem"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private void start(Set<String> deviceIds, Path crl) throws Exception {
        DeviceCertificates certificates = new DeviceCertificates(Optional.empty(), Optional.ofNullable(deviceIds),
                crl == null ? Optional.empty() : Optional.of(RevokedKeysFile.open(crl)), Duration.ofMillis(100),
                Optional.of(X509Authorities.of(List.of(ca.certificate()))));
        nms = new CertifiedNms(dir.resolve("state"), certificates, nmsKey, Optional.empty(), ecKey(),
                Optional.empty());
    }

    private CallingDevice device(Issued certificate) {
        CallingDevice device = new CallingDevice(certificate.keyPair(), List.<X509Certificate>of(
                certificate.certificate()), nmsKey.getPublic());
        devices.add(device);
        return device;
    }

    private static KeyPair ecKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }
}
