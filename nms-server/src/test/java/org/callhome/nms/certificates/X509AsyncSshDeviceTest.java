package org.callhome.nms.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.AsyncSshProcess;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop: an AsyncSSH device (another RFC 6187 implementation) calls our NMS home. AsyncSSH's
 * {@code connect_reverse} dials the NMS and runs AsyncSSH's SSH server on that connection,
 * presenting an X.509 host certificate chain, lets the NMS log in with its key and answers the
 * {@code netconf} subsystem ({@code asyncssh_device.py}). The NMS takes it under the certificate's
 * identity, and refuses, with the precise word in the API's {@code rejected} event, a chain of
 * another CA ({@code unknown-ca}), an expired certificate ({@code expired}) and, with
 * {@code --device-ids}, a certificate naming an id not listed ({@code unexpected-identity}); a
 * refused device is not added. Skipped with a message where AsyncSSH cannot run, failed under
 * {@code CI=true}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class X509AsyncSshDeviceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SCRIPT = "asyncssh_device.py";

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant now = Instant.now();
    private Issued ca;
    private KeyPair nmsKey;
    private CertifiedNms nms;
    private AsyncSshProcess device;

    @BeforeEach
    void setUp() throws Exception {
        AsyncSshProcess.require();
        ca = root("Device CA");
        nmsKey = ecKey();
    }

    /** Starts the NMS trusting {@code ca} for device certificates, expecting only {@code deviceIds} if given. */
    private void startTheNms(Optional<Set<String>> deviceIds) throws Exception {
        nms = new CertifiedNms(dir.resolve("state"), new DeviceCertificates(Optional.empty(), deviceIds,
                Optional.empty(), Duration.ofMillis(100), Optional.of(X509Authorities.of(List.of(ca.certificate())))),
                nmsKey, Optional.empty(), ecKey(), Optional.empty());
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
    void anAsyncSshDeviceWithAnX509HostCertificateIsTakenAsItsIdentity() throws Exception {
        startTheNms(Optional.empty());
        Issued certificate = hostCertificate(ca, "dev-as1");
        device = call(certificate);
        device.await("connected", WAIT);
        JsonNode hello = device.await("hello", WAIT);
        assertTrue(hello.path("capabilities").asInt() > 0, hello.toString());

        JsonObject connected = nms.awaitDevice("dev-as1", d -> "connected".equals(d.getString("state")),
                "is connected");
        JsonObject identity = connected.getJsonObject("identity");
        assertEquals("x509", identity.getString("kind"));
        assertEquals("dev-as1", identity.getString("principal"));
        assertEquals(certificate.serial().toString(), identity.getString("serial"));
        assertEquals(SshKeys.fingerprint(certificate.publicKey()), connected.getString("fingerprint"));
        JsonObject security = connected.getJsonObject("security");
        assertEquals("x509-host-certificate", security.getString("peerVerification"));
        assertEquals("x509v3-ecdsa-sha2-nistp256", security.getString("hostKeyAlgorithm"));
    }

    @Test
    void anAsyncSshDeviceCertifiedByAnotherCaIsRefusedAsUnknownCa() throws Exception {
        startTheNms(Optional.empty());
        refusedAs("unknown-ca", hostCertificate(root("Other CA"), "dev-as2"), "dev-as2");
    }

    @Test
    void anAsyncSshDeviceWithAnExpiredHostCertificateIsRefusedAsExpired() throws Exception {
        startTheNms(Optional.empty());
        Issued expired = lab.device(ca, "dev-as3").key(ecKey()).validity(now.minus(Duration.ofDays(2)),
                now.minus(Duration.ofDays(1))).extendedKeyUsage(X509Lab.SSH_SERVER).issue();
        refusedAs("expired", expired, "dev-as3");
    }

    @Test
    void anAsyncSshDeviceNamingAnIdNotInDeviceIdsIsRefusedAsUnexpectedIdentity() throws Exception {
        startTheNms(Optional.of(Set.of("dev-as1")));
        refusedAs("unexpected-identity", hostCertificate(ca, "dev-as4"), "dev-as4");
    }

    /**
     * AsyncSSH presenting {@code certificate} is refused: it reports the failed connection, the NMS's
     * API shows a {@code rejected} event of this certificate with {@code refusal}, and no device {@code id}.
     */
    private void refusedAs(String refusal, Issued certificate, String id) throws Exception {
        device = call(certificate);
        JsonNode failed = device.await("failed", WAIT);
        JsonObject event = nms.awaitRejectedEvent(refusal, SshKeys.fingerprint(certificate.publicKey()));
        assertEquals("certificate", event.getString("kind"), failed.toString());
        assertEquals("reverse-ssh", event.getString("strategy"), event.encode());
        assertEquals(Optional.empty(), nms.device(id), "a refused certificate adds no device");
    }

    /** Starts the AsyncSSH device, which calls the NMS at once, presenting {@code certificate}. */
    private AsyncSshProcess call(Issued certificate) throws Exception {
        Path key = dir.resolve("device_key");
        SshKeys.writePrivateKey(certificate.keyPair(), key);
        Path chain = X509Lab.write(dir.resolve("device-chain.pem"), X509Lab.pem(certificate.certificate()));
        Path nmsPublic = Files.writeString(dir.resolve("nms.pub"), SshKeys.toOpenSsh(nmsKey.getPublic()) + "\n");
        return AsyncSshProcess.start(dir, X509AsyncSshDeviceTest.class, SCRIPT, List.of("reverse-ssh", "--port",
                Integer.toString(nms.callHome().getPort()), "--key", key.toString(), "--chain", chain.toString(),
                "--nms-key", nmsPublic.toString()));
    }

    private Issued root(String name) {
        return lab.root(name).validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).issue();
    }

    /** A host certificate for {@code id} (its subject serialNumber) of a new EC P-256 key, valid around now. */
    private Issued hostCertificate(Issued issuer, String id) throws NoSuchAlgorithmException {
        return lab.device(issuer, id).key(ecKey()).validity(now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1))).extendedKeyUsage(X509Lab.SSH_SERVER).issue();
    }

    private static KeyPair ecKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }
}
