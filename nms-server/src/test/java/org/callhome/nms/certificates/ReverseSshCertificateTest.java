package org.callhome.nms.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * reverse-ssh devices identified by their host certificate alone (RFC 8071 C6): a real NMS with
 * {@code --device-ca} and nothing configured per device, devices that call it over loopback TCP
 * with certificates made by {@code ssh-keygen}, and what the API then says. The devices' principals
 * are device ids, never the address they call from, so a device that gets in shows that MINA's
 * address check is not applied.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReverseSshCertificateTest {

    @TempDir
    Path dir;

    private CertLab lab;
    private KeyPair nmsKey;
    private CertifiedKey nmsCertificate;
    private CertifiedNms nms;
    private final List<CallingDevice> devices = new ArrayList<>();

    @BeforeEach
    void makeTheNmsIdentity() throws Exception {
        lab = new CertLab(dir);
        nmsKey = lab.keyPair("nms");
        nmsCertificate = CertifiedKey.load(lab.sign("nms-ca", "nms", "nms-user", "-n", "nms"), lab.key("nms"),
                OpenSshCertificate.Type.USER);
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
    void aDeviceKnownOnlyByItsHostCertificateConnectsAndShowsItsCertificate() throws Exception {
        start(null, null);
        CallingDevice device = device("dev-1-key", lab.hostCertificate("device-ca", "dev-1-key", "dev-1", 5));
        device.call(nms.callHome());

        JsonObject dev1 = nms.awaitDevice("dev-1", d -> "connected".equals(d.getString("state")), "is connected");
        assertFalse(dev1.getBoolean("trusted"), "no trust was configured for it");
        assertEquals(lab.fingerprint("dev-1-key"), dev1.getString("fingerprint"));
        JsonObject identity = dev1.getJsonObject("identity");
        assertEquals("openssh-cert", identity.getString("kind"));
        assertEquals("dev-1", identity.getString("principal"));
        assertEquals(lab.fingerprint("device-ca"), identity.getString("ca"));
        assertEquals("5", identity.getString("serial"));
        assertEquals("dev-1-host-5", identity.getString("keyId"));
        assertNotNull(identity.getString("validAfter"));
        assertNotNull(identity.getString("validBefore"));
        assertTrue(identity.getBoolean("caVouched"), "without --device-ids only the CA vouches for it");
        JsonObject security = dev1.getJsonObject("security");
        assertEquals("openssh-host-certificate", security.getString("peerVerification"));
        assertEquals("device-host-key", security.getJsonArray("keys").getJsonObject(0).getString("role"));
        assertEquals("openssh-host-certificate", security.getJsonArray("keys").getJsonObject(0).getString("check"));
        assertNull(dev1.getString("lastRefusal"));

        // the NMS logged in with its own user certificate first
        PublicKey login = device.nmsLogins.get(0);
        assertEquals(OpenSshCertificate.Type.USER, assertInstanceOf(OpenSshCertificate.class, login).getType());
        assertTrue(nms.metrics().contains("callhome_handshakes_total{outcome=\"ok\",strategy=\"reverse-ssh\"}"));
    }

    @Test
    void certificatesThatDoNotProveADeviceAreRefusedWithTheirReasonsInTheApi() throws Exception {
        Path krl = lab.krl("revoked.krl", "device-ca", "serial: 7\n");
        start(null, krl);
        Map<String, OpenSshCertificate> cases = Map.of(
                "unknown-ca", lab.hostCertificate("other-ca", "key-a", "dev-a", 1),
                "expired", lab.hostCertificate("device-ca", "key-b", "dev-b", 2, "-V", "20200101:20200201"),
                "wrong-certificate-type", lab.certificate(lab.sign("device-ca", "key-c", "dev-c-user", "-n", "dev-c", "-z",
                        "3")),
                "revoked", lab.hostCertificate("device-ca", "key-d", "dev-d", 7));
        Map<String, String> keys = Map.of("unknown-ca", "key-a", "expired", "key-b", "wrong-certificate-type",
                "key-c", "revoked", "key-d");
        for (Map.Entry<String, OpenSshCertificate> refused : cases.entrySet()) {
            device(keys.get(refused.getKey()), refused.getValue()).call(nms.callHome());
        }
        for (String refusal : cases.keySet()) {
            String fingerprint = lab.fingerprint(keys.get(refusal));
            JsonObject listed = nms.awaitListed(fingerprint, d -> refusal.equals(d.getString("lastRefusal")),
                    "refused as " + refusal);
            assertEquals("rejected", listed.getString("state"), refusal);
            assertNull(listed.getJsonObject("identity"), "a refused certificate proves nothing: " + refusal);
            assertNotNull(listed.getString("lastError"), refusal);
            JsonObject event = nms.awaitRejectedEvent(refusal, fingerprint);
            assertEquals("certificate", event.getString("kind"), refusal);
            assertTrue(nms.metrics().contains("callhome_rejections_total{reason=\"" + refusal
                    + "\",strategy=\"reverse-ssh\"}"), refusal);
        }
        assertTrue(nms.device("dev-d").isEmpty(), "a refused certificate adds no device");
    }

    @Test
    void aRevocationListChangedAtRuntimeDropsTheLiveSession() throws Exception {
        Path krl = lab.krl("revoked.krl", "device-ca", "serial: 99\n");
        start(null, krl);
        CallingDevice device = device("dev-3-key", lab.hostCertificate("device-ca", "dev-3-key", "dev-3", 5));
        device.call(nms.callHome());
        nms.awaitDevice("dev-3", d -> "connected".equals(d.getString("state")), "is connected");

        lab.krl("revoked.krl", "device-ca", "serial: 5\n");
        nms.awaitDevice("dev-3", d -> !"connected".equals(d.getString("state")), "is dropped");
        JsonObject event = nms.awaitRejectedEvent("revoked", lab.fingerprint("dev-3-key"));
        assertEquals("dev-3", event.getString("id"));
        assertTrue(event.getString("reason").startsWith("revoked while connected: "), event.encode());
        Eventually.until(CertifiedNms.WAIT, () -> !device.lastConnectionOpen(), () -> "the NMS closes the connection");

        device.call(nms.callHome());
        JsonObject again = nms.awaitDevice("dev-3", d -> "rejected".equals(d.getString("state")),
                "is refused when it calls again");
        assertEquals("revoked", again.getString("lastRefusal"));
    }

    @Test
    void deviceIdsRefuseAnIdentityTheNmsDidNotExpect() throws Exception {
        start(Set.of("dev-1"), null);
        device("dev-2-key", lab.hostCertificate("device-ca", "dev-2-key", "dev-2", 2)).call(nms.callHome());
        JsonObject listed = nms.awaitListed(lab.fingerprint("dev-2-key"),
                d -> "unexpected-identity".equals(d.getString("lastRefusal")), "refused as unexpected");
        assertEquals("dev-2", listed.getString("claimedName"));
        assertTrue(nms.device("dev-2").isEmpty());

        device("dev-1-key", lab.hostCertificate("device-ca", "dev-1-key", "dev-1", 1)).call(nms.callHome());
        JsonObject dev1 = nms.awaitDevice("dev-1", d -> "connected".equals(d.getString("state")), "is connected");
        assertFalse(dev1.getJsonObject("identity").getBoolean("caVouched"), "--device-ids expected it");
    }

    @Test
    void aPinnedHostKeyStillIdentifiesADeviceBesideCertificates() throws Exception {
        start(null, null);
        KeyPair hostKey = lab.keyPair("dev-5-key");
        HttpResponse<String> approved = nms.post("/api/devices", new JsonObject().put("id", "dev-5")
                .put("strategy", "reverse-ssh").put("publicKey", SshKeys.toOpenSsh(hostKey.getPublic())));
        assertEquals(201, approved.statusCode(), approved.body());
        CallingDevice device = new CallingDevice(hostKey, Optional.empty(), nmsKey.getPublic());
        devices.add(device);
        device.call(nms.callHome());

        JsonObject dev5 = nms.awaitDevice("dev-5", d -> "connected".equals(d.getString("state")), "is connected");
        assertEquals("pinned-key", dev5.getJsonObject("identity").getString("kind"));
        assertEquals("pinned-host-key", dev5.getJsonObject("security").getString("peerVerification"));
    }

    /**
     * An explicit pin wins over a CA: a certificate naming an id pinned to another key is refused as
     * {@code pinned-key-mismatch}, on the pinned device's entry, while the device of the pinned key
     * keeps working; approving the certified key in place of the pin (revoke, then approve) lets it in.
     */
    @Test
    void aCertificateForAnIdPinnedToAnotherKeyIsRefusedAsPinnedKeyMismatch() throws Exception {
        start(null, null);
        KeyPair pinned = lab.keyPair("dev-6-pinned");
        assertEquals(201, nms.post("/api/devices", new JsonObject().put("id", "dev-6").put("strategy", "reverse-ssh")
                .put("publicKey", SshKeys.toOpenSsh(pinned.getPublic()))).statusCode());

        CallingDevice certified = device("dev-6-key", lab.hostCertificate("device-ca", "dev-6-key", "dev-6", 6));
        certified.call(nms.callHome());
        JsonObject refused = nms.awaitDevice("dev-6", d -> "pinned-key-mismatch".equals(CertifiedNms.lastRefusedAttempt(d).getString("refusal")),
                "refused: its id is pinned to another key");
        // a refusal of someone presenting its id is an attempt of its own: the trusted device shows as it was
        assertEquals("disconnected", refused.getString("state"));
        assertTrue(refused.getBoolean("trusted"));
        assertEquals(lab.fingerprint("dev-6-pinned"), refused.getString("fingerprint"), "the pin stays");
        assertEquals("pinned-key", refused.getJsonObject("identity").getString("kind"));
        assertTrue(CertifiedNms.lastRefusedAttempt(refused).getString("reason").startsWith("device 'dev-6' is pinned to key "
                + lab.fingerprint("dev-6-pinned") + ", and the certificate certifies " + lab.fingerprint("dev-6-key")
                + ": a pin wins over a CA"), CertifiedNms.lastRefusedAttempt(refused).getString("reason"));
        JsonObject event = nms.awaitRejectedEvent("pinned-key-mismatch", lab.fingerprint("dev-6-key"));
        assertEquals("certificate", event.getString("kind"));
        assertTrue(nms.metrics().contains("callhome_rejections_total{reason=\"pinned-key-mismatch\","
                + "strategy=\"reverse-ssh\"}"));

        CallingDevice pinnedDevice = new CallingDevice(pinned, Optional.empty(), nmsKey.getPublic());
        devices.add(pinnedDevice);
        pinnedDevice.call(nms.callHome());
        JsonObject dev6 = nms.awaitDevice("dev-6", d -> "connected".equals(d.getString("state")), "connects by its pin");
        assertEquals("pinned-host-key", dev6.getJsonObject("security").getString("peerVerification"));
        pinnedDevice.close();
        nms.awaitDevice("dev-6", d -> !"connected".equals(d.getString("state")), "is gone");

        // the operator replaces the pin: revoked, then the certified key approved under the id
        assertEquals(200, nms.delete("/api/devices/dev-6").statusCode());
        certified.call(nms.callHome());
        nms.awaitListed(lab.fingerprint("dev-6-key"), d -> "revoked".equals(d.getString("lastRefusal")),
                "refused while the id is revoked");
        assertEquals(201, nms.post("/api/devices", new JsonObject().put("id", "dev-6")
                .put("approveFingerprint", lab.fingerprint("dev-6-key"))).statusCode());
        certified.call(nms.callHome());
        nms.awaitDevice("dev-6", d -> "connected".equals(d.getString("state")), "connects with the new pin");
    }

    /** Pinning a certificate-identified device's id to another key drops its live session, and refuses it since. */
    @Test
    void pinningTheIdOfALiveCertifiedDeviceToAnotherKeyDropsIt() throws Exception {
        start(null, null);
        CallingDevice certified = device("dev-8-key", lab.hostCertificate("device-ca", "dev-8-key", "dev-8", 8));
        certified.call(nms.callHome());
        nms.awaitDevice("dev-8", d -> "connected".equals(d.getString("state")), "is connected");

        HttpResponse<String> pinned = nms.post("/api/devices", new JsonObject().put("id", "dev-8")
                .put("strategy", "reverse-ssh").put("publicKey", SshKeys.toOpenSsh(lab.keyPair("dev-8-pinned")
                        .getPublic())));
        assertEquals(201, pinned.statusCode(), pinned.body());
        assertTrue(new JsonObject(pinned.body()).getString("trustTakesEffect").startsWith("The trust applies from the"
                + " device's next call"), pinned.body());
        Eventually.until(CertifiedNms.WAIT, () -> !certified.lastConnectionOpen(), () -> "the NMS drops dev-8");

        certified.call(nms.callHome());
        JsonObject refused = nms.awaitDevice("dev-8", d -> "pinned-key-mismatch".equals(CertifiedNms.lastRefusedAttempt(d).getString("refusal")),
                "refused since");
        assertEquals(lab.fingerprint("dev-8-pinned"), refused.getString("fingerprint"));
    }

    @Test
    void revokingACertificateIdentifiedDeviceRefusesItsIdUntilItIsApprovedAgain() throws Exception {
        start(null, null);
        OpenSshCertificate certificate = lab.hostCertificate("device-ca", "dev-4-key", "dev-4", 4);
        CallingDevice device = device("dev-4-key", certificate);
        device.call(nms.callHome());
        nms.awaitDevice("dev-4", d -> "connected".equals(d.getString("state")), "is connected");

        HttpResponse<String> revoked = nms.delete("/api/devices/dev-4");
        assertEquals(200, revoked.statusCode(), revoked.body());
        JsonObject revocation = new JsonObject(revoked.body()).getJsonObject("revoked");
        assertEquals("dev-4", revocation.getString("id"));
        assertEquals(lab.fingerprint("dev-4-key"), revocation.getString("fingerprint"));
        Eventually.until(CertifiedNms.WAIT, () -> !device.lastConnectionOpen(), () -> "the NMS drops dev-4");
        assertTrue(nms.device("dev-4").isEmpty());

        device.call(nms.callHome());
        String fingerprint = lab.fingerprint("dev-4-key");
        JsonObject refused = nms.awaitListed(fingerprint, d -> "revoked".equals(d.getString("lastRefusal")),
                "refused: its id is revoked");
        assertEquals("dev-4", refused.getString("claimedName"));

        HttpResponse<String> approved = nms.post("/api/devices", new JsonObject().put("id", "dev-4")
                .put("approveFingerprint", fingerprint));
        assertEquals(201, approved.statusCode(), approved.body());
        device.call(nms.callHome());
        nms.awaitDevice("dev-4", d -> "connected".equals(d.getString("state")), "is connected again");
    }

    /**
     * Starts the NMS: device CA {@code device-ca}, these expected ids and revocation list (null for
     * none), its own user certificate by {@code nms-ca}.
     */
    private void start(Set<String> deviceIds, Path revokedKeys) throws Exception {
        nms = new CertifiedNms(dir.resolve("state"), lab.deviceCertificates(List.of("device-ca"), deviceIds,
                revokedKeys), nmsKey, Optional.of(nmsCertificate), SshKeys.generateEd25519(), Optional.empty());
    }

    /** A device with host key {@code key} presenting {@code certificate}, letting the NMS log in with its key. */
    private CallingDevice device(String key, OpenSshCertificate certificate) throws Exception {
        CallingDevice device = new CallingDevice(lab.keyPair(key), Optional.of(certificate), nmsKey.getPublic());
        devices.add(device);
        return device;
    }
}
