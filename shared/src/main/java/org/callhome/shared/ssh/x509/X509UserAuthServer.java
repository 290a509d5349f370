package org.callhome.shared.ssh.x509;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.GenericUtils;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.BufferException;
import org.apache.sshd.server.ServerAuthenticationManager;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.auth.UserAuth;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.session.ServerSession;
import org.callhome.shared.text.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's {@code publickey} login (RFC 4252 §7) that also takes RFC 6187 certificate chains: a
 * request for an {@code x509v3-*} algorithm is handled here, any other goes to the server's own
 * public key login ({@code plainKeys}), whatever it is. MINA's own cannot read the blob.
 *
 * <p>A chain reaches the authenticator only with a signature that verified: the blob is read
 * ({@link X509KeyBlob#decode}, bounded) and must be of the algorithm requested; a query without a
 * signature is answered SSH_MSG_USERAUTH_PK_OK for any readable chain, without asking; a signed
 * request is checked with the end-entity key and a base-named signature over the session identifier
 * and the request (MINA's {@code verifySignature}), and only then is the authenticator asked, with
 * the {@link X509PublicKey}. Runs on MINA I/O threads.
 */
final class X509UserAuthServer extends UserAuthPublicKey {

    private static final Logger LOG = LoggerFactory.getLogger(X509UserAuthServer.class);

    private final PublickeyAuthenticator authenticator;
    private final UserAuthFactory plainKeys;
    private UserAuth plain;

    private X509UserAuthServer(PublickeyAuthenticator authenticator, UserAuthFactory plainKeys) {
        this.authenticator = authenticator;
        this.plainKeys = plainKeys;
    }

    /**
     * Puts this login in place of {@code server}'s {@code publickey} method, which it hands every
     * other key (or refuses them, if the server had none): its methods as set, or those MINA would
     * pick for its authenticators.
     */
    static void installOn(ServerFactoryManager server, PublickeyAuthenticator authenticator) {
        List<UserAuthFactory> methods = new ArrayList<>(GenericUtils.isEmpty(server.getUserAuthFactories())
                ? ServerAuthenticationManager.resolveUserAuthFactories(server) : server.getUserAuthFactories());
        UserAuthFactory plainKeys = methods.stream().filter(method -> NAME.equals(method.getName())).findFirst()
                .orElse(null);
        UserAuthFactory both = factory(authenticator, plainKeys);
        if (plainKeys == null) {
            methods.add(both);
        } else {
            methods.set(methods.indexOf(plainKeys), both);
        }
        server.setUserAuthFactories(methods);
    }

    /**
     * @param authenticator decides on chains whose signature verified
     * @param plainKeys     the login for every other key; null to refuse them
     */
    private static UserAuthFactory factory(PublickeyAuthenticator authenticator, UserAuthFactory plainKeys) {
        return new UserAuthPublicKeyFactory() {
            @Override
            public UserAuthPublicKey createUserAuth(ServerSession session) {
                return new X509UserAuthServer(authenticator, plainKeys);
            }
        };
    }

    @Override
    public Boolean auth(ServerSession session, String username, String service, Buffer buffer) throws Exception {
        if (requested(buffer).isPresent() || plainKeys == null) {
            return super.auth(session, username, service, buffer);
        }
        plain = plainKeys.createUserAuth(session);
        return plain.auth(session, username, service, buffer);
    }

    @Override
    public Boolean next(Buffer buffer) throws Exception {
        return plain != null ? plain.next(buffer) : super.next(buffer);
    }

    @Override
    public String getUsername() {
        return plain != null ? plain.getUsername() : super.getUsername();
    }

    @Override
    public ServerSession getServerSession() {
        return plain != null ? plain.getServerSession() : super.getServerSession();
    }

    @Override
    public void destroy() {
        if (plain != null) {
            plain.destroy();
        }
        super.destroy();
    }

    @Override
    public Boolean doAuth(Buffer buffer, boolean init) throws Exception {
        ServerSession session = getServerSession();
        String username = getUsername();
        boolean signed = buffer.getBoolean();
        String name = buffer.getString();
        X509Algorithm algorithm = X509Algorithm.find(name).orElse(null);
        if (algorithm == null) {
            LOG.info("refused login as {}: public key algorithm {} is not taken", PeerText.quote(username),
                    PeerText.quote(name));
            return Boolean.FALSE;
        }
        int blobStart = buffer.rpos();
        byte[] blob = buffer.getBytes();
        int blobEnd = buffer.rpos();
        X509PublicKey key;
        try {
            key = X509PublicKey.decode(blob);
        } catch (X509BlobException e) {
            LOG.info("refused login as {}: its {} key cannot be read: {}", PeerText.quote(username), name,
                    e.getMessage());
            return Boolean.FALSE;
        }
        if (key.x509Algorithm() != algorithm) {
            LOG.info("refused login as {}: an {} chain offered as {}", PeerText.quote(username),
                    key.x509Algorithm().wireName(), name);
            return Boolean.FALSE;
        }
        if (!signed) {
            if (buffer.available() != 0) {
                return Boolean.FALSE;
            }
            sendPublicKeyResponse(session, username, name, key, buffer.array(), blobStart, blobEnd - blobStart, buffer);
            return null;
        }
        byte[] signature = buffer.getBytes();
        if (buffer.available() != 0) {
            return Boolean.FALSE;
        }
        Signature verifier = X509Signature.factory(algorithm).create();
        verifier.initVerifier(session, key);
        buffer.rpos(blobStart);
        buffer.wpos(blobEnd);
        if (!verifySignature(session, username, name, key, buffer, verifier, signature)) {
            LOG.info("refused login as {} with {}: the signature does not verify with the end-entity key",
                    PeerText.quote(username), key);
            return Boolean.FALSE;
        }
        return authenticator.authenticate(username, key, session);
    }

    /** The X.509 algorithm a publickey request names, read without consuming it; empty for any other or a malformed one. */
    private static Optional<X509Algorithm> requested(Buffer buffer) {
        int start = buffer.rpos();
        try {
            buffer.getBoolean();
            return X509Algorithm.find(buffer.getString());
        } catch (BufferException malformed) {
            return Optional.empty();
        } finally {
            buffer.rpos(start);
        }
    }
}
