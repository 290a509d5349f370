package org.callhome.device.reversessh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.SessionFactory;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.cert.VerifierJudgedKeyExchange;
import org.callhome.shared.ssh.x509.X509HostKeys;
import org.callhome.shared.ssh.x509.X509UserKeys;

/**
 * The NMS side of reverse-ssh for the device's tests: a real MINA SSH <em>client</em> behind a
 * listener on 127.0.0.1 at a port the system picked, as the NMS runs it. On each connection the
 * device makes, it takes whatever host key the device shows, logs in as one user with one
 * identity (a key pair, an OpenSSH certificate with its private key, or an X.509 chain as
 * {@code X509PublicKey.keyPair} makes one) and reports what happened; it
 * opens no channel, so the device's built-in server and stock sshd are tested alike.
 *
 * <p>MINA's client would refuse any host certificate here: it compares the principals with the
 * address it connected to, and on an accepted connection it connected to nothing. Its key
 * exchanges are therefore MINA's own with that check left out; this NMS judges nothing anyway.
 * Asked to, it also takes X.509 host chains (RFC 6187), offering their algorithms first; the chain
 * then reaches it as an {@code X509PublicKey}.
 */
public final class ReverseSshNms implements AutoCloseable {

    private static final long WAIT_SECONDS = 30;
    private static final AttributeKey<PublicKey> HOST_KEY = new AttributeKey<>();
    private static final AttributeKey<Boolean> STARTED = new AttributeKey<>();

    /**
     * One connection the device made.
     *
     * @param hostKey  the key or certificate the device presented
     * @param accepted whether the device let the NMS log in
     * @param closed   completes when the connection's SSH session has closed
     * @param session  the NMS's SSH session, open after an accepted login when sessions are kept
     */
    public record Login(PublicKey hostKey, boolean accepted, CompletableFuture<Void> closed, ClientSession session) {
    }

    private final SshClient client;
    private final IoAcceptor acceptor;
    private final BlockingQueue<Login> logins = new LinkedBlockingQueue<>();
    private final boolean keepSessions;

    /** @param identity a key pair, or {@code KeyPair(certificate, private key)} to log in with a certificate */
    public ReverseSshNms(String username, KeyPair identity) throws IOException {
        this(username, identity, false);
    }

    /** @param keepSessions whether a session stays open after the login, until the device ends it */
    public ReverseSshNms(String username, KeyPair identity, boolean keepSessions) throws IOException {
        this(username, identity, keepSessions, false);
    }

    /** @param x509Hosts whether it offers the RFC 6187 host key algorithms, before the others */
    public ReverseSshNms(String username, KeyPair identity, boolean keepSessions, boolean x509Hosts)
            throws IOException {
        this.keepSessions = keepSessions;
        client = SshClient.setUpDefaultClient();
        SshPolicy.applyTo(client, VerifierJudgedKeyExchange.FACTORY);
        X509UserKeys.offer(client);
        if (x509Hosts) {
            X509HostKeys.accept(client);
        }
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier((session, remote, key) -> {
            session.setAttribute(HOST_KEY, key);
            return true;
        });
        client.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.KeyEstablished && session.setAttribute(STARTED, Boolean.TRUE) == null) {
                    logIn((ClientSession) session, username, identity);
                }
            }
        });
        client.start();
        acceptor = client.getIoServiceFactory().createAcceptor(new SessionFactory(client));
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public Endpoint endpoint() {
        return new Endpoint("nms", "127.0.0.1", ((InetSocketAddress) acceptor.getBoundAddresses().iterator().next())
                .getPort());
    }

    /** The next connection's outcome, once the NMS's login has been accepted or refused. */
    public Login nextLogin() throws InterruptedException {
        Login login = logins.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (login == null) {
            throw new AssertionError("no login on a connection from the device within " + WAIT_SECONDS + " s");
        }
        return login;
    }

    private void logIn(ClientSession session, String username, KeyPair identity) {
        session.setUsername(username);
        session.addPublicKeyIdentity(identity);
        CompletableFuture<Void> closed = new CompletableFuture<>();
        session.addCloseFutureListener(done -> closed.complete(null));
        try {
            session.auth().addListener(done -> {
                logins.add(new Login(session.getAttribute(HOST_KEY), done.isSuccess(), closed, session));
                if (!keepSessions || !done.isSuccess()) {
                    session.close(false);
                }
            });
        } catch (IOException e) {
            logins.add(new Login(session.getAttribute(HOST_KEY), false, closed, session));
        }
    }


    @Override
    public void close() throws IOException {
        acceptor.close(true);
        client.stop();
    }
}
