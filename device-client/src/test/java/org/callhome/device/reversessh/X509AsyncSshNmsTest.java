package org.callhome.device.reversessh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.callhome.device.DeviceAgent;
import org.callhome.device.X509HostPki;
import org.callhome.device.accounts.AccountTable;
import org.callhome.device.callhome.DialerListener;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.AsyncSshProcess;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with AsyncSSH as the NMS: a whole device agent in reverse-ssh, its host key a PKCS#8 PEM
 * file and its host certificate an X.509 chain in PEM, calls AsyncSSH's {@code listen_reverse},
 * which is the SSH client on that connection, takes X.509 host keys only, validates the device's
 * chain against the root CA for the name {@code dev-1} (the certificate's common name), logs in,
 * opens the {@code netconf} subsystem and reads the device's hello. An AsyncSSH that trusts another
 * CA, or expects another name, refuses the device during key exchange.
 *
 * <p>AsyncSSH logs in either with an Ed25519 key of the {@code netops} account's authorized_keys, or
 * with an X.509 user certificate chain (RFC 6187, {@code client_keys=[(key, chain)]}) for the account
 * {@code nms-1}, whose {@code --account} file is the NMS CA's PEM certificate: a chain to that CA
 * whose common name is the account's name logs in as {@code nms-1}, one of another CA or naming
 * another account is refused and AsyncSSH reports the failed authentication.
 * Skipped without python3-asyncssh and pyOpenSSL, failed then under CI=true.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class X509AsyncSshNmsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HOST_ALGORITHMS = "x509v3-ecdsa-sha2-nistp256,x509v3-ecdsa-sha2-nistp384,"
            + "x509v3-ecdsa-sha2-nistp521,x509v3-rsa2048-sha256";
    private static final String X509_ACCOUNT = "nms-1";

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();
    private final Instant from = Instant.now().minus(Duration.ofHours(1));
    private final Instant to = Instant.now().plus(Duration.ofDays(1));
    private X509HostPki pki;
    private X509Lab.Issued nmsRoot;
    private X509Lab.Issued nmsUsers;
    private List<Account> accounts;
    private List<String> keyLogin;
    private AsyncSshProcess nms;
    private DeviceAgent agent;

    /** What AsyncSSH logs in with: its arguments, and the public half the device is offered. */
    private record Login(List<String> arguments, KeyPair identity) {
    }

    @BeforeEach
    void setUp() throws Exception {
        AsyncSshProcess.require();
        pki = new X509HostPki(dir, "Device Root CA");
        KeyPair nmsKey = SshKeys.generateEd25519();
        Path nmsKeyFile = dir.resolve("nms_key");
        SshKeys.writePrivateKey(nmsKey, nmsKeyFile);
        keyLogin = List.of("--user", "netops", "--key", nmsKeyFile.toString());
        Path authorized = Files.writeString(dir.resolve("nms.authorized_keys"), SshKeys.toOpenSsh(nmsKey.getPublic())
                + " nms\n");
        nmsRoot = lab.root("NMS Root CA").validity(from, to).issue();
        nmsUsers = lab.intermediate(nmsRoot, "NMS Users CA").validity(from, to).issue();
        Path nmsCa = X509Lab.write(dir.resolve("nms-ca.pem"), X509Lab.pem(nmsRoot.certificate()));
        accounts = List.of(new Account("netops", Role.ADMIN, Optional.of(authorized)),
                new Account(X509_ACCOUNT, Role.ADMIN, Optional.of(nmsCa)));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (nms != null) {
            nms.close();
        }
    }

    /**
     * What AsyncSSH reports of the first connection of a device {@code dev-1} with {@code hostKey},
     * trusting {@code caFile}, expecting the name {@code host} and logging in with {@code login}
     * (AsyncSSH's arguments). Both stay up until the test ends.
     */
    private JsonNode firstConnection(KeyPair hostKey, Path caFile, String host, List<String> login) throws Exception {
        Path keyFile = pki.keyFile("host_key.pem", hostKey);
        Path chainFile = pki.write("host_chain.pem", pki.chain("dev-1", hostKey));
        List<String> arguments = new ArrayList<>(login);
        arguments.addAll(List.of("--ca", caFile.toString(), "--host", host, "--host-algs", HOST_ALGORITHMS));
        nms = AsyncSshProcess.start(dir, X509AsyncSshNmsTest.class, "asyncssh_nms.py", arguments);
        JsonNode listening = nms.next(WAIT);
        assertEquals("listening", listening.path("event").asText(), listening.toString());
        DeviceSshSettings ssh = new DeviceSshSettings(keyFile, accounts, Optional.of(chainFile), Optional.empty());
        DeviceAgent.Settings settings = new DeviceAgent.Settings(dir.resolve("data"), CallHomeSettings.defaults(
                "nms", List.of(new Endpoint("nms", "127.0.0.1", listening.path("port").asInt()))), ssh,
                Duration.ofSeconds(30), DeviceAgent.SshServerKind.MINA, NetconfLimits.DEFAULT);
        agent = DeviceAgent.start(settings, new DialerListener() { });
        return nms.next(WAIT);
    }

    /** The first connection of a device with an EC P-256 host key, which AsyncSSH trusts, logging in with {@code login}. */
    private JsonNode firstConnection(List<String> login) throws Exception {
        return firstConnection(X509HostPki.ec("secp256r1"), pki.rootFile("root.pem"), "dev-1", login);
    }

    /**
     * An X.509 login as {@code X509_ACCOUNT}: a new EC key and its user certificate {@code CN=<cn>}
     * (extended key usage id-kp-secureShellClient) of {@code issuer}, written for AsyncSSH as an
     * OpenSSH private key and a PEM chain up to, not including, the root; AsyncSSH keeps the
     * connection open after the hello.
     */
    private Login x509Login(X509Lab.Issued issuer, String cn) throws Exception {
        KeyPair key = X509Lab.ec("secp256r1");
        X509Certificate user = lab.device(issuer, null).subject("CN=" + cn).key(key)
                .extendedKeyUsage(X509Lab.SSH_CLIENT).validity(from, to).issue().certificate();
        List<X509Certificate> chain = issuer == nmsUsers ? List.of(user, nmsUsers.certificate()) : List.of(user);
        Path keyFile = dir.resolve("user_key");
        SshKeys.writePrivateKey(key, keyFile);
        Path chainFile = X509Lab.write(dir.resolve("user_chain.pem"), X509Lab.pem(chain.toArray(X509Certificate[]::new)));
        return new Login(List.of("--user", X509_ACCOUNT, "--key", keyFile.toString(), "--chain", chainFile.toString(),
                "--hold"), X509PublicKey.keyPair(key, chain));
    }

    private void readsTheHelloOfADeviceWith(KeyPair hostKey) throws Exception {
        JsonNode result = firstConnection(hostKey, pki.rootFile("root.pem"), "dev-1", keyLogin);

        assertEquals("hello", result.path("event").asText(), result.toString());
        assertEquals("netops", result.path("username").asText());
        String hello = result.path("hello").asText();
        assertTrue(hello.contains("urn:ietf:params:netconf:base:1.0") && hello.contains("<session-id>"), hello);
    }

    /** Why the device's accounts refuse {@code login}: the same check that refused AsyncSSH, with its wire word. */
    private String refusal(Login login) throws Exception {
        return assertInstanceOf(NmsVerdict.Refused.class, AccountTable.load(accounts).check(X509_ACCOUNT,
                login.identity().getPublic())).detail();
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

        JsonNode result = firstConnection(X509HostPki.ec("secp256r1"), otherRoot, "dev-1", keyLogin);

        assertEquals("failed", result.path("event").asText(), result.toString());
        assertEquals("handshake", result.path("stage").asText(), result.toString());
        assertEquals("HostKeyNotVerifiable", result.path("error").asText(), result.toString());
    }

    @Test
    void asyncSshExpectingAnotherNameRefusesTheDevice() throws Exception {
        JsonNode result = firstConnection(X509HostPki.ec("secp256r1"), pki.rootFile("root.pem"), "dev-2", keyLogin);

        assertEquals("failed", result.path("event").asText(), result.toString());
        assertEquals("HostKeyNotVerifiable", result.path("error").asText(), result.toString());
    }

    @Test
    void asyncSshLogsInWithAnX509UserCertificateNamingTheAccount() throws Exception {
        Login login = x509Login(nmsUsers, X509_ACCOUNT);

        JsonNode result = firstConnection(login.arguments());

        assertEquals("hello", result.path("event").asText(), result.toString());
        assertEquals(X509_ACCOUNT, result.path("username").asText());
        assertTrue(result.path("hello").asText().contains("urn:ietf:params:netconf:base:1.0"), result.toString());
        SecurityFacts session = Eventually.value(WAIT, () -> agent.sessions().values().stream().findFirst(),
                () -> "the device's NETCONF session of the X.509 login");
        assertEquals(X509_ACCOUNT, session.netconfUsername());
        assertEquals(PeerVerification.X509_USER_CERTIFICATE, session.peerVerification());
        assertEquals(SshKeys.fingerprint(((X509PublicKey) login.identity().getPublic()).signingKey()),
                session.peerKeyFingerprint());
    }

    @Test
    void aUserCertificateOfAnotherCaIsRefusedByTheDevice() throws Exception {
        Login login = x509Login(lab.root("Other NMS CA").validity(from, to).issue(), X509_ACCOUNT);

        JsonNode result = firstConnection(login.arguments());

        assertEquals("failed", result.path("event").asText(), result.toString());
        assertEquals("PermissionDenied", result.path("error").asText(), result.toString());
        assertTrue(refusal(login).endsWith("(unknown-ca)"), refusal(login));
        assertTrue(agent.sessions().isEmpty(), "a refused NMS has no NETCONF session");
    }

    @Test
    void aUserCertificateNamingAnotherAccountIsRefusedByTheDevice() throws Exception {
        Login login = x509Login(nmsUsers, "netops");

        JsonNode result = firstConnection(login.arguments());

        assertEquals("failed", result.path("event").asText(), result.toString());
        assertEquals("PermissionDenied", result.path("error").asText(), result.toString());
        assertTrue(refusal(login).endsWith("(principal-mismatch)"), refusal(login));
        assertTrue(agent.sessions().isEmpty(), "a refused NMS has no NETCONF session");
    }
}
