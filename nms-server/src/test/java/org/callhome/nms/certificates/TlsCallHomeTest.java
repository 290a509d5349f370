package org.callhome.nms.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
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
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.nms.config.StartupLimits;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.tls.TlsContexts;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS call home (RFC 8071 §4) as the NMS serves it, with a real device dialing over loopback: the
 * device is the TLS server, the NMS the TLS client; a device is the identity of its certificate of a
 * --device-ca CA for a TLS server, and a refused certificate is reported with its precise word, as
 * the SSH strategies report theirs.
 */
class TlsCallHomeTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant now = Instant.now();
    private final List<TlsCallingDevice> devices = new ArrayList<>();
    private Issued ca;
    private Issued nmsCa;
    private Issued nmsCertificate;
    private CertifiedNms nms;

    @BeforeEach
    void makeTheCas() {
        ca = lab.root("Device CA").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).issue();
        nmsCa = lab.root("NMS CA").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).issue();
        nmsCertificate = certificate(nmsCa, "nms-1", X509Lab.TLS_CLIENT).issue();
    }

    @AfterEach
    void stop() throws Exception {
        for (TlsCallingDevice device : devices) {
            device.close();
        }
        if (nms != null) {
            nms.close();
        }
    }

    @Test
    void aDeviceCertifiedForATlsServerConnectsAsItsIdentityAndAnswersRpcs() throws Exception {
        start(null);
        Issued certificate = certificate(ca, "dev-t1", X509Lab.TLS_SERVER).issue();
        TlsCallingDevice device = device(certificate).call(nms.tls());

        JsonObject shown = nms.awaitDevice("dev-t1", d -> "connected".equals(d.getString("state")), "is connected");
        assertEquals("tls", shown.getString("strategy"), shown.encode());
        assertEquals(SshKeys.fingerprint(certificate.publicKey()), shown.getString("fingerprint"));
        JsonObject identity = shown.getJsonObject("identity");
        assertEquals("x509", identity.getString("kind"), identity.encode());
        assertEquals("dev-t1", identity.getString("principal"));
        JsonObject security = shown.getJsonObject("security");
        assertEquals("x509-host-certificate", security.getString("peerVerification"), security.encode());
        assertEquals("cert-to-name", security.getString("netconfUsernameSource"), security.encode());
        assertEquals("TLSv1.3", security.getString("keyExchange"), security.encode());
        assertTrue(TlsContexts.CIPHER_SUITES.contains(security.getString("cipherClientToServer")), security.encode());
        assertEquals("device-tls-server-key", security.getJsonArray("keys").getJsonObject(0).getString("role"));
        assertEquals("nms-tls-client-key", security.getJsonArray("keys").getJsonObject(1).getString("role"));
        X509Verdict nmsVerdict = device.nmsVerdict.get(CertifiedNms.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertInstanceOf(X509Verdict.Accepted.class, nmsVerdict, "the device took the NMS's client certificate");
        assertEquals("nms-1", ((X509Verdict.Accepted) nmsVerdict).identity().identity());

        HttpResponse<String> config = nms.get("/api/devices/dev-t1/config");
        assertEquals(200, config.statusCode(), config.body());
        assertTrue(config.body().contains("data"), config.body());

        // no ietf-netconf-monitoring in its hello: the modules are those its hello names
        HttpResponse<String> schemas = nms.get("/api/devices/dev-t1/schemas");
        assertEquals(200, schemas.statusCode(), schemas.body());
        JsonObject listed = new JsonObject(schemas.body());
        assertEquals("dev-t1", listed.getString("device"));
        assertEquals("hello", listed.getString("source"));
        assertEquals(new JsonObject().put("identifier", "example-system").put("version", "2026-12-06")
                .put("format", "yang").put("namespace", "urn:example:system").put("location", new JsonArray()),
                listed.getJsonArray("schemas").getJsonObject(0));
        assertEquals(1, listed.getJsonArray("schemas").size(), listed.encode());
    }

    @Test
    void certificatesThatDoNotProveAnExpectedTlsServerAreRefusedWithTheirPreciseWords() throws Exception {
        Issued other = lab.root("Other CA").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).issue();
        start(Set.of("dev-a", "dev-b", "dev-c", "dev-d"));
        Map<String, Issued> cases = new LinkedHashMap<>();
        cases.put("unknown-ca", certificate(other, "dev-a", X509Lab.TLS_SERVER).issue());
        cases.put("expired", certificate(ca, "dev-b", X509Lab.TLS_SERVER).validity(now.minus(Duration.ofDays(10)),
                now.minus(Duration.ofDays(1))).issue());
        cases.put("extended-key-usage", certificate(ca, "dev-c", X509Lab.SSH_SERVER).issue());
        cases.put("wrong-certificate-type", certificate(ca, "dev-d", X509Lab.TLS_CLIENT).issue());
        cases.put("unexpected-identity", certificate(ca, "dev-z", X509Lab.TLS_SERVER).issue());
        for (Issued certificate : cases.values()) {
            device(certificate).call(nms.tls());
        }
        for (Map.Entry<String, Issued> refused : cases.entrySet()) {
            String refusal = refused.getKey();
            String fingerprint = SshKeys.fingerprint(refused.getValue().publicKey());
            JsonObject event = nms.awaitRejectedEvent(refusal, fingerprint);
            assertEquals("certificate", event.getString("kind"), refusal);
            assertEquals("tls", event.getString("strategy"), event.encode());
            JsonObject listed = nms.awaitListed(fingerprint, d -> refusal.equals(d.getString("lastRefusal")),
                    "refused as " + refusal);
            assertNull(listed.getJsonObject("identity"), "a refused certificate proves nothing: " + refusal);
        }
        for (TlsCallingDevice device : devices) {
            assertTrue(device.connected.handle((channel, failure) -> failure != null)
                    .get(CertifiedNms.WAIT.toSeconds(), TimeUnit.SECONDS), "the device's handshake failed too");
        }
        assertTrue(nms.device("dev-z").isEmpty(), "an unexpected identity adds no device");
    }

    @Test
    void aSecondConnectionOfALiveDeviceIsRefused() throws Exception {
        start(null);
        Issued certificate = certificate(ca, "dev-t2", X509Lab.TLS_SERVER).issue();
        device(certificate).call(nms.tls());
        nms.awaitDevice("dev-t2", d -> "connected".equals(d.getString("state")), "is connected");

        device(certificate).call(nms.tls());
        JsonObject event = nms.awaitRejectedEvent("already-connected", SshKeys.fingerprint(certificate.publicKey()));
        assertEquals("dev-t2", event.getString("id"), event.encode());
        assertEquals("connected", nms.device("dev-t2").orElseThrow().getString("state"), "the first one stays");
    }

    /**
     * A device whose certificate no --device-ca CA issued (self-signed, say) is refused with its key
     * listed; approved by that key through the API, its next call gets in as the approved id.
     */
    @Test
    void aDeviceOfAnUnknownCaApprovedByItsKeyConnectsAsTheApprovedId() throws Exception {
        start(null);
        Issued own = lab.root("dev-own CA").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).issue();
        Issued certificate = certificate(own, "whatever-it-says", X509Lab.TLS_SERVER).issue();
        String fingerprint = SshKeys.fingerprint(certificate.publicKey());
        device(certificate).call(nms.tls());
        nms.awaitListed(fingerprint, d -> "unknown-ca".equals(d.getString("lastRefusal")), "refused as unknown-ca");

        HttpResponse<String> approved = nms.post("/api/devices", new JsonObject().put("id", "dev-pinned")
                .put("approveFingerprint", fingerprint));
        assertEquals(201, approved.statusCode(), approved.body());
        device(certificate).call(nms.tls());

        JsonObject shown = nms.awaitDevice("dev-pinned", d -> "connected".equals(d.getString("state")),
                "is connected by its approved key");
        assertEquals("tls", shown.getString("strategy"), shown.encode());
        assertEquals("pinned-host-key", shown.getJsonObject("security").getString("peerVerification"),
                shown.encode());
        assertTrue(shown.getBoolean("trusted"), shown.encode());
    }

    /**
     * A device known by its approved key whose key the revocation list names later is dropped and
     * reported as the SSH strategies report a revoked pinned key (kind and refusal {@code revoked}),
     * not as a revoked certificate; and its next call is refused.
     */
    @Test
    void aPinnedDeviceRevokedWhileConnectedIsDroppedAsARevokedKey() throws Exception {
        Path revokedKeys = dir.resolve("revoked_keys");
        Files.writeString(revokedKeys, "");
        start(null, StartupLimits.hardLimit(NmsSettings.DEFAULT_MAX_STARTUPS, Duration.ofSeconds(10)),
                Optional.of(RevokedKeysFile.open(revokedKeys)));
        Issued own = lab.root("dev-own CA").validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).issue();
        Issued certificate = certificate(own, "dev-r", X509Lab.TLS_SERVER).issue();
        String fingerprint = SshKeys.fingerprint(certificate.publicKey());
        device(certificate).call(nms.tls());
        nms.awaitListed(fingerprint, d -> "unknown-ca".equals(d.getString("lastRefusal")), "refused as unknown-ca");
        HttpResponse<String> approved = nms.post("/api/devices", new JsonObject().put("id", "dev-r")
                .put("approveFingerprint", fingerprint));
        assertEquals(201, approved.statusCode(), approved.body());
        device(certificate).call(nms.tls());
        nms.awaitDevice("dev-r", d -> "connected".equals(d.getString("state")), "is connected by its approved key");

        Files.writeString(revokedKeys, SshKeys.toOpenSsh(certificate.publicKey()) + " stolen\n");
        JsonObject event = nms.awaitRejectedEvent("revoked", fingerprint);
        assertEquals("revoked", event.getString("kind"), event.encode());
        assertTrue(event.getString("reason").startsWith("revoked while connected"), event.encode());
        nms.awaitDevice("dev-r", d -> !"connected".equals(d.getString("state")), "is dropped");
    }

    /**
     * --max-startups applies to tls as to the SSH listeners: a connection that never handshakes holds
     * the one place, so a device calling meanwhile is refused (per source: both come from 127.0.0.1,
     * and the hard limit of one is the per-source limit too); at the key-exchange deadline it
     * is closed (kex-timeout) and the next call gets in.
     */
    @Test
    void aConnectionThatNeverHandshakesHoldsItsPlaceOnlyUntilTheKeyExchangeDeadline() throws Exception {
        start(null, StartupLimits.hardLimit(1, Duration.ofSeconds(2)));
        Issued certificate = certificate(ca, "dev-t3", X509Lab.TLS_SERVER).issue();
        try (Socket silent = new Socket()) {
            silent.connect(nms.tls(), (int) CertifiedNms.WAIT.toMillis());
            Eventually.until(CertifiedNms.WAIT, () -> {
                device(certificate).call(nms.tls());
                return nms.metrics().contains(
                        "callhome_startups_refused_total{reason=\"per-source\",strategy=\"tls\"}");
            }, () -> "a call refused while the silent connection holds the place");
            silent.setSoTimeout((int) CertifiedNms.WAIT.toMillis());
            // the NMS, the TLS client, speaks first (its ClientHello); then, at the deadline, the end of the stream
            while (silent.getInputStream().read() >= 0) {
                continue;
            }
        }
        assertTrue(nms.metrics().contains("callhome_startups_refused_total{reason=\"kex-timeout\",strategy=\"tls\"} 1.0"),
                nms.metrics());
        device(certificate).call(nms.tls());
        nms.awaitDevice("dev-t3", d -> "connected".equals(d.getString("state")), "is connected once the place is free");
    }

    private X509Lab.Spec certificate(Issued issuer, String id, String purpose) {
        return lab.device(issuer, id).validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)))
                .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(purpose);
    }

    private void start(Set<String> deviceIds) throws Exception {
        start(deviceIds, StartupLimits.hardLimit(NmsSettings.DEFAULT_MAX_STARTUPS, Duration.ofSeconds(10)));
    }

    private void start(Set<String> deviceIds, StartupLimits startups) throws Exception {
        start(deviceIds, startups, Optional.empty());
    }

    private void start(Set<String> deviceIds, StartupLimits startups, Optional<RevokedKeysFile> revoked)
            throws Exception {
        DeviceCertificates certificates = new DeviceCertificates(Optional.empty(), Optional.ofNullable(deviceIds),
                revoked, Duration.ofMillis(100), Optional.of(X509Authorities.of(List.of(ca.certificate()))));
        NmsSettings.Tls tls = new NmsSettings.Tls(new InetSocketAddress("127.0.0.1", 0), nmsCertificate.keyPair(),
                List.of(nmsCertificate.certificate()));
        KeyPair sshKey = X509Lab.key(X509Algorithm.ECDSA_NISTP256);
        nms = new CertifiedNms(dir.resolve("state"), certificates, sshKey, X509Lab.key(X509Algorithm.ECDSA_NISTP256),
                tls, startups);
    }

    private TlsCallingDevice device(Issued certificate) throws Exception {
        TlsCallingDevice device = new TlsCallingDevice(certificate.keyPair(), List.<X509Certificate>of(
                certificate.certificate()), List.of(nmsCa.certificate()));
        devices.add(device);
        return device;
    }
}
