package org.callhome.system;

import static org.callhome.system.CallHomeLab.GET_CONFIG;
import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.io.Closer;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
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
 * Our reverse-ssh device against our NMS over X.509 host certificates (RFC 6187): an NMS whose
 * {@code --device-ca} is a PEM root certificate and that pins no device key, real device agents
 * presenting {@code --host-key} (PKCS#8 PEM, 0600) with {@code --host-cert} (their certificate and the
 * intermediate's, end-entity first), and what the operator sees in the API: the device identified by
 * its subject serialNumber (an EC P-256 or an RSA-2048 end entity), or refused with the word of what
 * was wrong with its chain: {@code unknown-ca} for another root, {@code revoked} for a certificate a
 * CRL in {@code --revoked-keys} names.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class X509EndToEndTest {

    @TempDir
    Path dir;

    private CallHomeLab lab;
    private final Closer running = new Closer();
    private final X509Lab pki = new X509Lab();
    private final Instant now = Instant.now();
    private Issued root;
    private Issued intermediate;

    @BeforeEach
    void setUp() {
        lab = new CallHomeLab(dir);
        root = pki.root("Device Root").key(ec()).validity(now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(3650)))
                .issue();
        intermediate = pki.intermediate(root, "Device Intermediate").key(ec())
                .validity(now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(1825))).issue();
    }

    @AfterEach
    void tearDown() throws Exception {
        running.close();
        lab.close();
    }

    @Test
    void aDeviceKnownOnlyByItsX509ChainConnectsAndAnswersRpcs() throws Exception {
        startNms(Optional.empty());
        Issued device = hostCertificate(intermediate, "dev-x1", ec());
        startDevice("dev-x1", device, intermediate);

        JsonObject listed = lab.awaitDevice(state("dev-x1", "connected"), "dev-x1 connected by its X.509 chain");
        assertEquals(CallHomeStrategy.REVERSE_SSH.wireName(), listed.getString("strategy"), listed.encodePrettily());
        assertFalse(listed.getBoolean("trusted"), "no key was pinned for dev-x1: " + listed.encodePrettily());
        assertEquals(SshKeys.fingerprint(device.publicKey()), listed.getString("fingerprint"));
        assertNull(listed.getString("lastRefusal"), listed.encodePrettily());

        JsonObject shown = new JsonObject(lab.get("/api/devices/dev-x1").body());
        JsonObject identity = shown.getJsonObject("identity");
        assertNotNull(identity, shown.encodePrettily());
        assertEquals("x509", identity.getString("kind"), identity.encodePrettily());
        assertEquals("dev-x1", identity.getString("principal"), identity.encodePrettily());
        assertEquals("serialNumber", identity.getString("source"), identity.encodePrettily());
        assertEquals("CN=Device Intermediate", identity.getString("issuer"), identity.encodePrettily());
        assertTrue(identity.getString("subject").contains("dev-x1"), identity.encodePrettily());
        assertEquals(device.serial().toString(), identity.getString("serial"), identity.encodePrettily());
        assertEquals(X509Authorities.of(List.of(root.certificate())).all().get(0).fingerprint(),
                identity.getString("ca"), identity.encodePrettily());
        assertEquals(device.certificate().getNotBefore().toInstant().toString(), identity.getString("validAfter"));
        assertEquals(device.certificate().getNotAfter().toInstant().toString(), identity.getString("validBefore"));
        assertTrue(identity.getBoolean("caVouched"), "without --device-ids only the CA vouches for dev-x1");

        HttpResponse<String> get = lab.post("/api/devices/dev-x1/rpc", GET_CONFIG);
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("<data"), get.body());
        assertFalse(get.body().contains("<rpc-error"), get.body());
    }

    @Test
    void aChainOfAnotherRootIsRefusedAsUnknownCa() throws Exception {
        startNms(Optional.empty());
        Issued otherRoot = pki.root("Other Root").key(ec())
                .validity(now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(3650))).issue();
        Issued otherIntermediate = pki.intermediate(otherRoot, "Other Intermediate").key(ec())
                .validity(now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(1825))).issue();
        Issued device = hostCertificate(otherIntermediate, "dev-x1", ec());
        startDevice("dev-x1", device, otherIntermediate);
        awaitRefused("dev-x1", device, "unknown-ca");
    }

    @Test
    void anRsa2048EndEntityConnectsToo() throws Exception {
        startNms(Optional.empty());
        Issued device = hostCertificate(intermediate, "dev-x2", X509Lab.rsa(2048));
        startDevice("dev-x2", device, intermediate);

        lab.awaitDevice(state("dev-x2", "connected"), "dev-x2 connected by its RSA X.509 chain");
        JsonObject identity = new JsonObject(lab.get("/api/devices/dev-x2").body()).getJsonObject("identity");
        assertNotNull(identity, "dev-x2 has an identity");
        assertEquals("x509", identity.getString("kind"), identity.encodePrettily());
        assertEquals("dev-x2", identity.getString("principal"), identity.encodePrettily());
        assertEquals(device.serial().toString(), identity.getString("serial"), identity.encodePrettily());

        HttpResponse<String> get = lab.post("/api/devices/dev-x2/rpc", GET_CONFIG);
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("<data"), get.body());
    }

    @Test
    void aChainWhoseCertificateACrlRevokesIsRefusedAsRevoked() throws Exception {
        Issued device = hostCertificate(intermediate, "dev-x3", ec());
        X509CRL crl = pki.crl(intermediate, device.serial())
                .dates(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(7))).issue();
        startNms(Optional.of(X509Lab.write(dir.resolve("revoked-keys.pem"), X509Lab.pem(crl))));
        startDevice("dev-x3", device, intermediate);
        awaitRefused("dev-x3", device, "revoked");
    }

    /** Waits until the device's key is listed as rejected with {@code refusal}, and checks it added no device. */
    private void awaitRefused(String deviceId, Issued device, String refusal) throws Exception {
        String fingerprint = SshKeys.fingerprint(device.publicKey());
        JsonObject listed = lab.awaitDevice(d -> fingerprint.equals(d.getString("fingerprint"))
                && refusal.equals(d.getString("lastRefusal")), deviceId + " refused as " + refusal);
        assertEquals("rejected", listed.getString("state"), listed.encodePrettily());
        assertEquals(CallHomeStrategy.REVERSE_SSH.wireName(), listed.getString("strategy"), listed.encodePrettily());
        assertNull(listed.getJsonObject("identity"), "a refused chain proves nothing: " + listed.encodePrettily());
        assertEquals(404, lab.get("/api/devices/" + deviceId).statusCode(), "a refused chain adds no device");
    }

    /**
     * A host certificate of {@code key} issued by {@code issuer}: subject serialNumber
     * {@code deviceId}, extended key usage {@code id-kp-secureShellServer}, valid now.
     */
    private Issued hostCertificate(Issued issuer, String deviceId, KeyPair key) {
        return pki.device(issuer, deviceId).key(key).extendedKeyUsage(X509Lab.SSH_SERVER)
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365))).issue();
    }

    /**
     * Starts a reverse-ssh device agent calling the running NMS with {@code device}'s key as its
     * host key (PKCS#8 PEM) and its chain up to {@code issuer} as its host certificate.
     */
    private void startDevice(String deviceId, Issued device, Issued issuer) throws Exception {
        Path key = X509Lab.write(dir.resolve(deviceId + "_host_key.pem"),
                X509Lab.pem("PRIVATE KEY", device.keyPair().getPrivate().getEncoded()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path chain = X509Lab.write(dir.resolve(deviceId + "_host_cert.pem"),
                X509Lab.pem(device.certificate(), issuer.certificate()));
        lab.startCertifiedDevice(CallHomeStrategy.REVERSE_SSH, deviceId, key, chain);
    }

    /**
     * Starts the NMS serving reverse-ssh with the root as its only {@code --device-ca}, no pinned key,
     * and {@code revokedKeys} as its {@code --revoked-keys} if given.
     */
    private void startNms(Optional<Path> revokedKeys) throws Exception {
        Path caFile = X509Lab.write(dir.resolve("device-ca.pem"), X509Lab.pem(root.certificate()));
        Path identity = dir.resolve("nms_identity");
        SshKeys.writePrivateKey(lab.nmsIdentity, identity);
        KnownDevices none = KnownDevices.of(Map.of());
        Optional<RevokedKeysFile> revoked = revokedKeys.isPresent()
                ? Optional.of(RevokedKeysFile.open(revokedKeys.get())) : Optional.empty();
        NmsSettings settings = new NmsSettings(
                Optional.of(new NmsSettings.ReverseSsh(new InetSocketAddress("127.0.0.1", 0), none,
                        SshKeys.loadPrivateKey(identity), "nms", false)),
                Optional.of(new NmsSettings.DeviceSsh(new InetSocketAddress("127.0.0.1", 0), lab.nmsHostKey, none,
                        DeviceSshServer.DEFAULT_SUBSYSTEM)),
                new InetSocketAddress("127.0.0.1", 0), Optional.empty(), Duration.ofSeconds(10),
                NmsSettings.DEFAULT_MAX_STARTUPS, new Keepalives(Duration.ofSeconds(2), 3), Duration.ofSeconds(10),
                NetconfLimits.DEFAULT, dir.resolve("nms-state"),
                new DeviceCertificates(Optional.empty(), Optional.empty(), revoked,
                        DeviceCertificates.DEFAULT_REVOCATION_POLL, Optional.of(X509Authorities.load(caFile))));
        NmsServer nms = NmsServer.start(settings);
        running.register(nms);
        lab.nms = nms;
    }

    /** A new EC P-256 key pair made by the JDK's own provider, as an operator's tools would make it. */
    private static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key", e);
        }
    }
}
