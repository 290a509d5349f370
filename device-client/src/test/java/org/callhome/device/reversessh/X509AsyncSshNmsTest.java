package org.callhome.device.reversessh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.callhome.device.DeviceAgent;
import org.callhome.device.X509HostPki;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.AsyncSshProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with AsyncSSH as the NMS: a whole device agent in reverse-ssh, its host key a PKCS#8 PEM
 * file and its host certificate an X.509 chain in PEM, calls AsyncSSH's {@code listen_reverse},
 * which is the SSH client on that connection, takes X.509 host keys only, validates the device's
 * chain against the root CA for the name {@code dev-1} (the certificate's common name), logs in with
 * an Ed25519 key the device's account authorizes, opens the {@code netconf} subsystem and reads the
 * device's hello. An AsyncSSH that trusts another CA, or expects another name, refuses the device
 * during key exchange.
 * Skipped without python3-asyncssh and pyOpenSSL, failed then under CI=true.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class X509AsyncSshNmsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HOST_ALGORITHMS = "x509v3-ecdsa-sha2-nistp256,x509v3-ecdsa-sha2-nistp384,"
            + "x509v3-ecdsa-sha2-nistp521,x509v3-rsa2048-sha256";

    @TempDir
    Path dir;

    private X509HostPki pki;
    private Path nmsKeyFile;
    private Path authorized;

    @BeforeEach
    void setUp() throws Exception {
        AsyncSshProcess.require();
        pki = new X509HostPki(dir, "Device Root CA");
        KeyPair nmsKey = SshKeys.generateEd25519();
        nmsKeyFile = dir.resolve("nms_key");
        SshKeys.writePrivateKey(nmsKey, nmsKeyFile);
        authorized = Files.writeString(dir.resolve("nms.authorized_keys"), SshKeys.toOpenSsh(nmsKey.getPublic())
                + " nms\n");
    }

    /**
     * What AsyncSSH reports of the first connection of a device {@code dev-1} with {@code hostKey},
     * trusting {@code caFile} and expecting the name {@code host}.
     */
    private JsonNode firstConnection(KeyPair hostKey, Path caFile, String host) throws Exception {
        Path keyFile = pki.keyFile("host_key.pem", hostKey);
        Path chainFile = pki.write("host_chain.pem", pki.chain("dev-1", hostKey));
        try (AsyncSshProcess nms = AsyncSshProcess.start(dir, X509AsyncSshNmsTest.class, "asyncssh_nms.py",
                List.of("--user", "netops", "--key", nmsKeyFile.toString(),
                "--ca", caFile.toString(), "--host", host, "--host-algs", HOST_ALGORITHMS))) {
            JsonNode listening = nms.next(WAIT);
            assertEquals("listening", listening.path("event").asText(), listening.toString());
            DeviceSshSettings ssh = new DeviceSshSettings(keyFile, List.of(new Account("netops", Role.ADMIN,
                    Optional.of(authorized))), Optional.of(chainFile), Optional.empty());
            DeviceAgent.Settings settings = new DeviceAgent.Settings(dir.resolve("data"), CallHomeSettings.defaults(
                    "nms", List.of(new Endpoint("nms", "127.0.0.1", listening.path("port").asInt()))), ssh,
                    Duration.ofSeconds(30), DeviceAgent.SshServerKind.MINA, NetconfLimits.DEFAULT);
            DeviceAgent agent = DeviceAgent.start(settings, new DialerListener() { });
            try {
                return nms.next(WAIT);
            } finally {
                agent.close();
            }
        }
    }

    private void readsTheHelloOfADeviceWith(KeyPair hostKey) throws Exception {
        JsonNode result = firstConnection(hostKey, pki.rootFile("root.pem"), "dev-1");

        assertEquals("hello", result.path("event").asText(), result.toString());
        assertEquals("netops", result.path("username").asText());
        String hello = result.path("hello").asText();
        assertTrue(hello.contains("urn:ietf:params:netconf:base:1.0") && hello.contains("<session-id>"), hello);
    }

    @Test
    void asyncSshValidatesAnEcP256ChainLogsInAndReadsTheHello() throws Exception {
        readsTheHelloOfADeviceWith(X509HostPki.ec("secp256r1"));
    }

    @Test
    void asyncSshValidatesAnRsa2048ChainLogsInAndReadsTheHello() throws Exception {
        readsTheHelloOfADeviceWith(X509HostPki.rsa(2048));
    }

    @Test
    void asyncSshTrustingAnotherCaRefusesTheDevice() throws Exception {
        Path otherRoot = new X509HostPki(dir, "Other Root CA").rootFile("other_root.pem");

        JsonNode result = firstConnection(X509HostPki.ec("secp256r1"), otherRoot, "dev-1");

        assertEquals("failed", result.path("event").asText(), result.toString());
        assertEquals("handshake", result.path("stage").asText(), result.toString());
        assertEquals("HostKeyNotVerifiable", result.path("error").asText(), result.toString());
    }

    @Test
    void asyncSshExpectingAnotherNameRefusesTheDevice() throws Exception {
        JsonNode result = firstConnection(X509HostPki.ec("secp256r1"), pki.rootFile("root.pem"), "dev-2");

        assertEquals("failed", result.path("event").asText(), result.toString());
        assertEquals("HostKeyNotVerifiable", result.path("error").asText(), result.toString());
    }
}
