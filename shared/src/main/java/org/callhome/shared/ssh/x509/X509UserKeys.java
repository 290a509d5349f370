package org.callhome.shared.ssh.x509;

import java.util.Objects;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;

/**
 * X.509 user certificates (RFC 6187) in MINA's {@code publickey} login, beside plain keys and
 * OpenSSH certificates.
 *
 * <p>A client that {@link #offer offers} them logs in with any identity whose public half is an
 * {@link X509PublicKey} ({@code session.addPublicKeyIdentity(X509PublicKey.keyPair(key, chain))}),
 * under its {@code x509v3-*} algorithm with a base-named signature; its plain identities log in as
 * before, and its host key algorithms do not change.
 *
 * <p>A server that {@link #accept accepts} them takes {@code x509v3-*} logins in its
 * {@code publickey} method: it reads the chain, verifies the signature with the end-entity key, and
 * only then asks the authenticator given here, handing it the {@link X509PublicKey}; every other key
 * goes to the server's own {@code publickey} login and authenticator, as before. The server also
 * names the {@code x509v3-*} algorithms in its {@code server-sig-algs} (RFC 8308), which some clients
 * (AsyncSSH) need to pick {@code x509v3-rsa2048-sha256}; that does not make it offer X.509 host keys.
 */
public final class X509UserKeys {

    private X509UserKeys() {
    }

    /**
     * Makes {@code client}'s {@code publickey} login take X.509 identities too. Call after setting
     * its user authentication methods (MINA's defaults if none), before it connects.
     */
    public static void offer(SshClient client) {
        X509UserAuthClient.installOn(client);
    }

    /**
     * Makes {@code server}'s {@code publickey} login take X.509 chains too, decided by
     * {@code authenticator} once their signature verified. Call after setting its user
     * authentication methods and authenticators, before it starts.
     *
     * @param authenticator decides on an {@link X509PublicKey}; the server's own
     *     {@code PublickeyAuthenticator} still decides on every other key
     */
    public static void accept(ServerFactoryManager server, PublickeyAuthenticator authenticator) {
        Objects.requireNonNull(authenticator, "authenticator");
        X509UserAuthServer.installOn(server, authenticator);
        X509HostKeys.withSignatures(server, X509Signature.FACTORIES, false);
    }
}
