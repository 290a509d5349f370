package org.callhome.shared.ssh.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 6187 against another implementation: AsyncSSH (Debian's python3-asyncssh 2.10, X.509
 * through pyOpenSSL), both ways, for each {@link X509Algorithm}:
 * <ol type="a">
 *   <li>AsyncSSH's client validates the host certificate our server presents against the root CA;
 *   <li>our client takes the host certificate AsyncSSH's server presents, its verifier handed the
 *       chain AsyncSSH sent;
 *   <li>AsyncSSH's client logs in to our server with a user certificate, which our authenticator is
 *       handed;
 *   <li>our client logs in to AsyncSSH's server, which trusts the root CA, with a user certificate.
 * </ol>
 * And that each side really judges: AsyncSSH refuses a host chain of another CA, and a user
 * certificate of another CA. What AsyncSSH checks of a chain: its path to a trusted certificate
 * (OpenSSL), the end-entity's extended key usage against {@code secureShellServer} (host) or
 * {@code secureShellClient} (user) when it has one, and the host name or address the client
 * connected to (subject alternative names, else the common name) or the user name (RFC 822
 * names, else the common name); the certificates here are made to pass all of that.
 */
class X509AsyncSshInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER = MinaPeers.USER;

    private static Rfc6187Pki pki;

    @TempDir
    Path dir;

    private final MinaPeers peers = new MinaPeers();
    private final List<AsyncSshProcess> processes = new ArrayList<>();
    private final List<PublicKey> saw = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void asyncSshAndPki() throws Exception {
        AsyncSshProcess.require();
        pki = new Rfc6187Pki();
    }

    @AfterEach
    void stop() throws IOException {
        processes.forEach(AsyncSshProcess::close);
        peers.close();
    }

    /** (a) */
    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void asyncSshValidatesOurHostCertificate(X509Algorithm algorithm) throws Exception {
        SshServer server = peers.server(pki.host(algorithm, "CN=dev-1"), refuse(), s -> { });

        JsonNode result = asyncSshClient(server, pki.root.certificate(), algorithm, plainUserKeyFile(), null);

        assertEquals("connected", result.path("event").asText(), result::toString);
        assertEquals(USER, result.path("username").asText());
    }

    /** (a), refused: AsyncSSH trusting another root CA does not take the chain. */
    @Test
    void asyncSshRefusesOurHostCertificateUnderAnotherCa() throws Exception {
        SshServer server = peers.server(pki.host(X509Algorithm.ECDSA_NISTP256, "CN=dev-1"), refuse(), s -> { });

        JsonNode result = asyncSshClient(server, new Rfc6187Pki("Other Root CA").root.certificate(), X509Algorithm.ECDSA_NISTP256,
                plainUserKeyFile(), null);

        assertEquals("failed", result.path("event").asText(), result::toString);
        assertEquals("HostKeyNotVerifiable", result.path("error").asText(), result::toString);
    }

    /** (a), refused: AsyncSSH checks the extended key usage: a certificate for SSH clients is no host certificate. */
    @Test
    void asyncSshRefusesOurHostCertificateForClientsOnly() throws Exception {
        SshServer server = peers.server(pki.host(X509Algorithm.ECDSA_NISTP256, "CN=dev-1",
                X509Lab.SSH_CLIENT), refuse(), s -> { });

        JsonNode result = asyncSshClient(server, pki.root.certificate(), X509Algorithm.ECDSA_NISTP256, plainUserKeyFile(), null);

        assertEquals("failed", result.path("event").asText(), result::toString);
        assertEquals("Certificate purpose mismatch", result.path("message").asText(), result::toString);
    }

    /** (b) */
    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void weTakeAsyncSshsHostCertificate(X509Algorithm algorithm) throws Exception {
        Rfc6187Pki.Chain host = pki.host(algorithm, "CN=asyncssh");
        Path authorized = Files.writeString(dir.resolve("authorized_keys"),
                SshKeys.toOpenSsh(peers.plainUserKey.getPublic()) + "\n", StandardCharsets.US_ASCII);
        AsyncSshProcess asyncSsh = asyncSshServer(host, authorized, null);
        int port = asyncSsh.await("listening", WAIT).path("port").asInt();
        SshClient client = peers.client(true, (session, address, key) -> saw.add(key), c -> { });

        try (ClientSession session = MinaPeers.login(client, port, peers.plainUserKey)) {
            assertTrue(session.isAuthenticated());
            assertEquals(algorithm.wireName(), session.getNegotiatedKexParameter(KexProposalOption.SERVERKEYS));
        }
        X509PublicKey seen = assertInstanceOf(X509PublicKey.class, saw.get(0));
        assertEquals(host.chain(), seen.chain());
        JsonNode login = asyncSsh.await("auth", WAIT);
        assertEquals(USER, login.path("username").asText());
        assertEquals(algorithm.wireName(), login.path("host_key_algorithm").asText());
    }

    /** (c) */
    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void asyncSshLogsInToUsWithAUserCertificate(X509Algorithm algorithm) throws Exception {
        Rfc6187Pki.Chain user = pki.user(algorithm, USER);
        SshServer server = peers.server(null, issuedByTheLab(), s -> { });

        JsonNode result = asyncSshClient(server, null, null, privateKey(user.key(), "user_key"),
                pem(dir.resolve("user-chain.pem"), user.chain()));

        assertEquals("connected", result.path("event").asText(), result::toString);
        X509PublicKey seen = assertInstanceOf(X509PublicKey.class, saw.get(saw.size() - 1));
        assertEquals(user.chain(), seen.chain());
        assertEquals(algorithm, seen.x509Algorithm());
    }

    /** (d) */
    @ParameterizedTest
    @EnumSource(X509Algorithm.class)
    void weLogInToAsyncSshWithAUserCertificate(X509Algorithm algorithm) throws Exception {
        AsyncSshProcess asyncSsh = asyncSshServer(pki.host(X509Algorithm.ECDSA_NISTP256, "CN=asyncssh"),
                Files.writeString(dir.resolve("authorized_keys"), ""), pem(dir.resolve("ca.pem"),
                        List.of(pki.root.certificate())));
        int port = asyncSsh.await("listening", WAIT).path("port").asInt();
        SshClient client = peers.client(false, (session, address, key) -> true, X509UserKeys::offer);

        try (ClientSession session = MinaPeers.login(client, port, pki.user(algorithm, USER).x509KeyPair())) {
            assertTrue(session.isAuthenticated());
        }
        assertEquals(USER, asyncSsh.await("auth", WAIT).path("username").asText());
    }

    /** (d), refused: AsyncSSH does not take a user certificate of another CA. */
    @Test
    void asyncSshRefusesAUserCertificateOfAnotherCa() throws Exception {
        AsyncSshProcess asyncSsh = asyncSshServer(pki.host(X509Algorithm.ECDSA_NISTP256, "CN=asyncssh"),
                Files.writeString(dir.resolve("authorized_keys"), ""), pem(dir.resolve("ca.pem"),
                        List.of(pki.root.certificate())));
        int port = asyncSsh.await("listening", WAIT).path("port").asInt();
        SshClient client = peers.client(false, (session, address, key) -> true, X509UserKeys::offer);
        Rfc6187Pki.Chain stranger = new Rfc6187Pki("Other Root CA").user(X509Algorithm.ECDSA_NISTP256, USER);

        assertThrows(IOException.class, () -> MinaPeers.login(client, port, stranger.x509KeyPair()).close());
    }

    /** Runs AsyncSSH's client against {@code server} once and returns its result line. */
    private JsonNode asyncSshClient(SshServer server, X509Certificate ca, X509Algorithm hostAlgorithm, Path key,
                                    Path chain) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("client", "--port", Integer.toString(server.getPort()),
                "--user", USER, "--key", key.toString()));
        if (chain != null) {
            arguments.addAll(List.of("--chain", chain.toString()));
        }
        if (ca != null) {
            arguments.addAll(List.of("--ca", pem(dir.resolve("ca.pem"), List.of(ca)).toString(),
                    "--host-alg", hostAlgorithm.wireName()));
        }
        AsyncSshProcess asyncSsh = AsyncSshProcess.start(dir, arguments);
        processes.add(asyncSsh);
        JsonNode result = asyncSsh.next(WAIT);
        System.out.println("AsyncSSH client: " + result);
        return result;
    }

    private AsyncSshProcess asyncSshServer(Rfc6187Pki.Chain host, Path authorized, Path authorizedCa) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("server",
                "--key", privateKey(host.key(), "host_key").toString(),
                "--chain", pem(dir.resolve("host-chain.pem"), host.chain()).toString(),
                "--authorized", authorized.toString()));
        if (authorizedCa != null) {
            arguments.addAll(List.of("--authorized-ca", authorizedCa.toString()));
        }
        AsyncSshProcess asyncSsh = AsyncSshProcess.start(dir, arguments);
        processes.add(asyncSsh);
        return asyncSsh;
    }

    private Path plainUserKeyFile() throws IOException {
        return privateKey(peers.plainUserKey, "id_ed25519");
    }

    /** An OpenSSH private key file: AsyncSSH reads it with the public key in it (unlike a JCA PKCS#8 EC key). */
    private Path privateKey(KeyPair key, String name) throws IOException {
        Path file = dir.resolve(name);
        SshKeys.writePrivateKey(key, file);
        return file;
    }

    /** Writes certificates as PEM {@code CERTIFICATE}s, in order. */
    private static Path pem(Path file, List<X509Certificate> certificates) {
        return X509Lab.write(file, X509Lab.pem(certificates.toArray(X509Certificate[]::new)));
    }

    private static PublickeyAuthenticator refuse() {
        return (username, key, session) -> false;
    }

    /**
     * A stand-in for the policy: the chain's end-entity certificate was signed by the PKI's
     * intermediate CA, and names the user; records what it was handed.
     */
    private PublickeyAuthenticator issuedByTheLab() {
        return (username, key, session) -> {
            saw.add(key);
            X509PublicKey chain = (X509PublicKey) key;
            try {
                chain.endEntity().verify(pki.intermediate.publicKey());
            } catch (Exception e) {
                return false;
            }
            return chain.endEntity().getSubjectX500Principal().getName().equals("CN=" + username);
        };
    }
}
