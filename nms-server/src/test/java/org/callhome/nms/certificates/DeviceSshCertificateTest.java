package org.callhome.nms.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * device-ssh-client devices that log into the NMS with a user certificate, their login name being
 * the certificate's principal, and nothing configured for them on the NMS: a real NMS with
 * {@code --device-ca} and {@code --host-cert}, MINA clients as devices, certificates made by
 * {@code ssh-keygen}, and what the API says of each login.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeviceSshCertificateTest {

    @TempDir
    Path dir;

    private CertLab lab;
    private KeyPair hostKey;
    private OpenSshCertificate hostCertificate;
    private CertifiedNms nms;
    private LoggingInDevice devices;

    @BeforeEach
    void start() throws Exception {
        lab = new CertLab(dir);
        hostKey = lab.keyPair("nms-host");
        // the device dials the NMS, so its MINA client matches the principal against the address it dialled
        hostCertificate = lab.hostCertificate("nms-ca", "nms-host", "127.0.0.1", 1);
        Path krl = lab.krl("revoked.krl", "device-ca", "serial: 7\n");
        nms = new CertifiedNms(dir.resolve("state"), lab.deviceCertificates(List.of("device-ca"), null, krl),
                SshKeys.generateEd25519(), Optional.empty(), hostKey, Optional.of(hostCertificate));
        devices = new LoggingInDevice();
    }

    @AfterEach
    void stop() throws Exception {
        if (devices != null) {
            devices.close();
        }
        if (nms != null) {
            nms.close();
        }
    }

    @Test
    void aDeviceLogsInWithAUserCertificateOfItsLoginNameAndShowsIt() throws Exception {
        CertifiedKey certified = lab.userCertificate("device-ca", "dev-1-key", "dev-1", 5);
        devices.connect(nms.deviceSsh(), "dev-1", certified.certificateKeyPair());

        JsonObject dev1 = nms.awaitDevice("dev-1", d -> "connected".equals(d.getString("state")), "is connected");
        assertFalse(dev1.getBoolean("trusted"));
        assertEquals(lab.fingerprint("dev-1-key"), dev1.getString("fingerprint"));
        JsonObject identity = dev1.getJsonObject("identity");
        assertEquals("openssh-cert", identity.getString("kind"));
        assertEquals(lab.fingerprint("device-ca"), identity.getString("ca"));
        assertEquals("5", identity.getString("serial"));
        assertEquals("dev-1-user-5", identity.getString("keyId"));
        assertTrue(identity.getBoolean("caVouched"));
        assertEquals("openssh-user-certificate", dev1.getJsonObject("security").getString("peerVerification"));

        // the NMS presented its host certificate (its plain key stays in the facts)
        OpenSshCertificate presented = assertInstanceOf(OpenSshCertificate.class, devices.nmsHostKeys.get(0));
        assertEquals(OpenSshCertificate.Type.HOST, presented.getType());
        assertEquals(List.of("127.0.0.1"), List.copyOf(presented.getPrincipals()));
        assertEquals(SshKeys.fingerprint(hostKey.getPublic()), dev1.getJsonObject("security").getJsonArray("keys")
                .getJsonObject(1).getString("fingerprint"));
    }

    @Test
    void certificateLoginsThatDoNotProveTheDeviceAreRefusedWithTheirReasonsInTheApi() throws Exception {
        Map<String, KeyPair> cases = new LinkedHashMap<>();
        cases.put("unknown-ca", lab.userCertificate("other-ca", "key-a", "dev-a", 1).certificateKeyPair());
        cases.put("expired", lab.userCertificate("device-ca", "key-b", "dev-b", 2, "-V", "20200101:20200201")
                .certificateKeyPair());
        cases.put("wrong-certificate-type", new KeyPair(lab.hostCertificate("device-ca", "key-c", "dev-c", 3),
                lab.keyPair("key-c").getPrivate()));
        cases.put("revoked", lab.userCertificate("device-ca", "key-d", "dev-d", 7).certificateKeyPair());
        cases.put("principal-mismatch", lab.userCertificate("device-ca", "key-e", "dev-e", 8).certificateKeyPair());
        Map<String, String> logins = Map.of("unknown-ca", "dev-a", "expired", "dev-b", "wrong-certificate-type",
                "dev-c", "revoked", "dev-d", "principal-mismatch", "dev-9");
        Map<String, String> keys = Map.of("unknown-ca", "key-a", "expired", "key-b", "wrong-certificate-type",
                "key-c", "revoked", "key-d", "principal-mismatch", "key-e");

        for (Map.Entry<String, KeyPair> refused : cases.entrySet()) {
            String refusal = refused.getKey();
            assertThrows(Exception.class, () -> devices.login(nms.deviceSsh(), logins.get(refusal),
                    refused.getValue()).close(), refusal);
            String fingerprint = lab.fingerprint(keys.get(refusal));
            JsonObject listed = nms.awaitListed(fingerprint, d -> refusal.equals(d.getString("lastRefusal")),
                    "refused as " + refusal);
            assertEquals("rejected", listed.getString("state"), refusal);
            assertEquals(logins.get(refusal), listed.getString("claimedName"), refusal);
            assertEquals("certificate", nms.awaitRejectedEvent(refusal, fingerprint).getString("kind"), refusal);
        }
    }

    @Test
    void aRevocationListChangedAtRuntimeDropsTheLiveSession() throws Exception {
        CertifiedKey certified = lab.userCertificate("device-ca", "dev-3-key", "dev-3", 5);
        ClientSession session = devices.connect(nms.deviceSsh(), "dev-3", certified.certificateKeyPair());
        nms.awaitDevice("dev-3", d -> "connected".equals(d.getString("state")), "is connected");

        lab.krl("revoked.krl", "device-ca", "serial: 5\n");
        Eventually.until(CertifiedNms.WAIT, session::isClosed, () -> "the NMS drops dev-3's session");
        nms.awaitDevice("dev-3", d -> !"connected".equals(d.getString("state")), "is dropped");
        assertEquals("dev-3", nms.awaitRejectedEvent("revoked", lab.fingerprint("dev-3-key")).getString("id"));

        assertThrows(Exception.class, () -> devices.login(nms.deviceSsh(), "dev-3", certified.certificateKeyPair()));
        JsonObject again = nms.awaitDevice("dev-3", d -> "rejected".equals(d.getString("state")),
                "is refused when it logs in again");
        assertEquals("revoked", again.getString("lastRefusal"));
    }

    @Test
    void aPinnedLoginKeyStillIdentifiesADeviceBesideCertificates() throws Exception {
        KeyPair key = lab.keyPair("dev-5-key");
        HttpResponse<String> approved = nms.post("/api/devices", new JsonObject().put("id", "dev-5")
                .put("strategy", "device-ssh-client").put("publicKey", SshKeys.toOpenSsh(key.getPublic())));
        assertEquals(201, approved.statusCode(), approved.body());
        devices.connect(nms.deviceSsh(), "dev-5", key);

        JsonObject dev5 = nms.awaitDevice("dev-5", d -> "connected".equals(d.getString("state")), "is connected");
        assertEquals("pinned-key", dev5.getJsonObject("identity").getString("kind"));
        assertEquals("pinned-user-key", dev5.getJsonObject("security").getString("peerVerification"));
    }

    /** An explicit pin wins over a CA: a certificate login for an id pinned to another key is refused. */
    @Test
    void aCertificateLoginForAnIdPinnedToAnotherKeyIsRefusedAsPinnedKeyMismatch() throws Exception {
        KeyPair pinned = lab.keyPair("dev-6-pinned");
        assertEquals(201, nms.post("/api/devices", new JsonObject().put("id", "dev-6")
                .put("strategy", "device-ssh-client").put("publicKey", SshKeys.toOpenSsh(pinned.getPublic())))
                .statusCode());
        CertifiedKey certified = lab.userCertificate("device-ca", "dev-6-key", "dev-6", 6);

        assertThrows(Exception.class, () -> devices.login(nms.deviceSsh(), "dev-6", certified.certificateKeyPair()));
        JsonObject refused = nms.awaitDevice("dev-6", d -> "pinned-key-mismatch".equals(CertifiedNms.lastRefusedAttempt(d).getString("refusal")),
                "refused: its id is pinned to another key");
        assertEquals(lab.fingerprint("dev-6-pinned"), refused.getString("fingerprint"), "the pin stays");
        assertEquals("certificate", nms.awaitRejectedEvent("pinned-key-mismatch", lab.fingerprint("dev-6-key"))
                .getString("kind"));

        devices.connect(nms.deviceSsh(), "dev-6", pinned);
        JsonObject dev6 = nms.awaitDevice("dev-6", d -> "connected".equals(d.getString("state")), "connects by its pin");
        assertEquals("pinned-user-key", dev6.getJsonObject("security").getString("peerVerification"));
    }

    /** An id is one device whatever its strategy: a pin under reverse-ssh refuses a device-ssh-client certificate. */
    @Test
    void aPinUnderTheOtherStrategyRefusesACertificateForItsId() throws Exception {
        KeyPair key = lab.keyPair("dev-7-key");
        assertEquals(201, nms.post("/api/devices", new JsonObject().put("id", "dev-7")
                .put("strategy", "reverse-ssh").put("publicKey", SshKeys.toOpenSsh(key.getPublic()))).statusCode());
        CertifiedKey certified = lab.userCertificate("device-ca", "dev-7-key", "dev-7", 9);

        assertThrows(Exception.class, () -> devices.login(nms.deviceSsh(), "dev-7", certified.certificateKeyPair()));
        JsonObject refused = nms.awaitDevice("dev-7", d -> "pinned-key-mismatch".equals(CertifiedNms.lastRefusedAttempt(d).getString("refusal")),
                "refused: its id is pinned for reverse-ssh");
        assertEquals("reverse-ssh", refused.getString("strategy"));
        assertTrue(CertifiedNms.lastRefusedAttempt(refused).getString("reason").startsWith("device 'dev-7' is pinned with this key for the other"
                + " strategy: a pin wins over a CA"),
                CertifiedNms.lastRefusedAttempt(refused).getString("reason"));
    }
}
