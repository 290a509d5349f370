package org.callhome.compare.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.PublicKeyAuthenticationReporter;
import org.apache.sshd.client.auth.pubkey.PublicKeyIdentity;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.X509UserKeys;

/**
 * An attacker's raw SSH client holding a device's stolen login key: logs into an SSH server as
 * the device and tries, each in a session of its own, what an ordinary account allows (a shell,
 * a command, a port forward, a subsystem), recording every answer. It offers its key as it is:
 * a certificate goes to the server whatever its type and validity, where MINA's own client, like
 * the device, would keep it back, so the server's checks are what is tried. Blocks the caller's
 * thread, each step bounded by the timeout; {@link #close()} stops the client.
 */
final class AccountProbe implements AutoCloseable {

    /** What a forward that opens is asked for, to show what it reaches. */
    private static final String HTTP_REQUEST = "GET /api/devices HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    private static final int MAX_QUOTED_CHARS = 160;

    private final SshClient client;
    private final InetSocketAddress server;
    private final String login;
    private final KeyPair key;
    private final Duration timeout;
    /** Whether the server of the latest connection presented a host key: set on a MINA I/O thread. */
    private volatile boolean hostKeyPresented;

    /**
     * @param hostKey the server's host key to insist on (presented plain or certified), or null to
     *                accept any (to learn whether there is an SSH server at all)
     * @param key     the login key; a certificate in its public half (OpenSSH, or an X.509 chain)
     *                logs in with that certificate
     */
    AccountProbe(InetSocketAddress server, PublicKey hostKey, String login, KeyPair key, Duration timeout) {
        this.server = server;
        this.login = login;
        this.key = key;
        this.timeout = timeout;
        client = SshClient.setUpDefaultClient();
        SshPolicy.applyTo(client);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(AsIsPublicKey.FACTORY));
        if (key.getPublic() instanceof X509PublicKey) {
            // an X.509 chain logs in under its x509v3-* algorithm (RFC 6187), whatever the chain says
            X509UserKeys.offer(client);
        }
        client.setServerKeyVerifier((session, remote, offered) -> {
            hostKeyPresented = true;
            // a host certificate proves the key it certifies; MINA has checked its signature and principals
            PublicKey presented = offered instanceof OpenSshCertificate certificate ? certificate.getCertPubKey()
                    : offered;
            return hostKey == null || KeyUtils.compareKeys(hostKey, presented);
        });
        client.start();
    }

    /**
     * Logs in as the device and leaves again. A port that never presents a host key has no SSH
     * server to log in to, which the answer says before the library's reason.
     */
    Probe login() {
        String what = "login as '" + login + "'";
        hostKeyPresented = false;
        try (ClientSession session = loggedIn()) {
            return new Probe(what, session.isAuthenticated(), session.isAuthenticated()
                    ? "the server accepted the key" : "the session ended before the login was done");
        } catch (IOException e) {
            return new Probe(what, false, (hostKeyPresented ? "" : "no host key presented, so no SSH server to "
                    + "log in to: ") + DialerLog.message(e));
        }
    }

    /** Whether the server of the latest connection presented a host key: whether an SSH server answered at all. */
    boolean sshServerAnswered() {
        return hostKeyPresented;
    }

    Probe shell() {
        return request("shell", "shell", buffer -> { });
    }

    Probe exec(String command) {
        return request("exec '" + command + "'", "exec", buffer -> buffer.putString(command));
    }

    Probe subsystem(String name) {
        return request("subsystem '" + name + "'", "subsystem", buffer -> buffer.putString(name));
    }

    /** Local port forwarding (a direct-tcpip channel) to {@code target}; if it opens, an HTTP request through it. */
    Probe forward(InetSocketAddress target) {
        String what = "direct-tcpip to " + target.getHostString() + ":" + target.getPort();
        try (ClientSession session = loggedIn()) {
            ChannelDirectTcpip channel = session.createDirectTcpipChannel(new SshdSocketAddress("127.0.0.1", 40000),
                    new SshdSocketAddress(target.getHostString(), target.getPort()));
            try {
                channel.open().verify(timeout);
            } catch (IOException refused) {
                return new Probe(what, false, Probe.refusal(refused));
            }
            return new Probe(what, true, "channel opened; through it: " + httpThrough(channel));
        } catch (IOException e) {
            return new Probe(what, false, "no session: " + DialerLog.message(e));
        }
    }

    private Probe request(String what, String type, Consumer<Buffer> payload) {
        try (ClientSession session = loggedIn()) {
            RequestChannel channel;
            try {
                channel = RequestChannel.open(session, timeout);
            } catch (IOException refused) {
                return new Probe(what, false, "session channel refused: " + Probe.refusal(refused));
            }
            boolean accepted = channel.request(type, payload).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!accepted) {
                return new Probe(what, false, "SSH_MSG_CHANNEL_FAILURE");
            }
            Thread.sleep(ScenarioLab.QUIET.toMillis());
            return new Probe(what, true, "SSH_MSG_CHANNEL_SUCCESS; output: \"" + cut(channel.output()) + "\"");
        } catch (IOException e) {
            return new Probe(what, false, "no session: " + DialerLog.message(e));
        } catch (TimeoutException e) {
            return new Probe(what, false, "no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(what, false, "interrupted");
        } catch (ExecutionException e) {
            return new Probe(what, false, DialerLog.message(e));
        }
    }

    private ClientSession loggedIn() throws IOException {
        ClientSession session = client.connect(login, server.getHostString(), server.getPort())
                .verify(timeout).getSession();
        try {
            session.addPublicKeyIdentity(key);
            session.auth().verify(timeout);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    /** Sends one HTTP request through an open forward and quotes the first line of the answer. */
    private String httpThrough(ChannelDirectTcpip channel) {
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            try {
                OutputStream toTarget = channel.getInvertedIn();
                toTarget.write(HTTP_REQUEST.getBytes(StandardCharsets.US_ASCII));
                toTarget.flush();
                // the first chunk is enough to quote: the status line and some headers
                InputStream fromTarget = channel.getInvertedOut();
                byte[] bytes = new byte[4096];
                int read = fromTarget.read(bytes);
                return read < 0 ? "connection closed without an answer"
                        : new String(bytes, 0, read, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "error: " + e.getMessage();
            }
        });
        try {
            String response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return "\"" + cut(response) + "\"";
        } catch (Exception e) {
            return "no answer (" + DialerLog.message(e) + ")";
        } finally {
            channel.close(true);
        }
    }

    private static String cut(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_QUOTED_CHARS ? oneLine : oneLine.substring(0, MAX_QUOTED_CHARS) + "...";
    }

    @Override
    public void close() {
        client.stop();
    }

    /**
     * MINA's public-key login without its client-side filter: MINA skips a certificate that is not
     * a user certificate or not valid now, without telling the server; this offers every key it
     * holds, as any client may. Runs on MINA's I/O threads.
     */
    private static final class AsIsPublicKey extends UserAuthPublicKey {

        static final UserAuthPublicKeyFactory FACTORY = new UserAuthPublicKeyFactory() {
            @Override
            public UserAuthPublicKey createUserAuth(ClientSession session) {
                return new AsIsPublicKey(getSignatureFactories());
            }
        };

        private AsIsPublicKey(List<NamedFactory<Signature>> factories) {
            super(factories);
        }

        @Override
        protected PublicKeyIdentity resolveAttemptedPublicKeyIdentity(ClientSession session, String service,
                                                                      PublicKeyAuthenticationReporter reporter) {
            return keys != null && keys.hasNext() ? keys.next() : null;
        }
    }
}
