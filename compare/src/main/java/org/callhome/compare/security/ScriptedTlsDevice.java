package org.callhome.compare.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.text.PeerText;
import org.callhome.shared.tls.TlsContexts;

/**
 * A tls device as an attacker scripts it, to see what an NMS gives away: it dials the NMS and runs
 * the TLS server's handshake there (RFC 8071 §4.1), presenting a key and chain of the attacker's
 * choosing (stolen, forged, issued by a stolen certificate), and records what the NMS sent: its
 * client certificate if it sent one, how the handshake ended and the first NETCONF message. It
 * takes whatever client certificate comes and never answers NETCONF, so the NMS's own checks are
 * all that is tried ({@link TlsLoginProbe} tries the other role, a TLS client's handshake).
 * Blocking I/O on the caller's thread, every read bounded by the timeout.
 */
final class ScriptedTlsDevice {

    /** The end of a NETCONF message framed as a hello is (RFC 6242 §4.1, RFC 7589 §3). */
    private static final String END_OF_MESSAGE = "]]>]]>";
    /** More of the NMS's output than a hello needs is not read. */
    private static final int MAX_READ_BYTES = 64 * 1024;
    private static final String ALIAS = "presented";

    /**
     * What one call saw.
     *
     * @param nmsChain   the client certificate chain the NMS sent, empty if it sent none
     * @param handshook  whether the TLS handshake completed: the NMS accepted the certificate
     * @param ending     how the handshake ended, in the TLS library's words when it failed
     * @param nmsNetconf the start of the first NETCONF message the NMS sent, empty for none
     */
    record Call(List<X509Certificate> nmsChain, boolean handshook, String ending, String nmsNetconf) {

        Call {
            nmsChain = List.copyOf(nmsChain);
        }

        /** What the NMS sent, as evidence: its certificate (subject and key) or none, and NETCONF or none. */
        String nmsSent() {
            String certificate = nmsChain.isEmpty() ? "no certificate"
                    : "its client certificate '" + nmsChain.get(0).getSubjectX500Principal().getName() + "' (key "
                    + SshKeys.fingerprint(nmsChain.get(0).getPublicKey()) + ")";
            return certificate + (nmsNetconf.isEmpty() ? " and no NETCONF byte" : " and NETCONF: "
                    + PeerText.quote(nmsNetconf, 120));
        }

        @Override
        public String toString() {
            return (handshook ? "handshake completed" : "handshake failed: " + ending) + "; the NMS sent " + nmsSent();
        }
    }

    private final KeyPair key;
    private final List<X509Certificate> chain;
    private final Duration timeout;

    /**
     * @param key   the key the device side proves
     * @param chain the certificates it presents for {@code key}, its own first, whatever they say
     */
    ScriptedTlsDevice(KeyPair key, List<X509Certificate> chain, Duration timeout) {
        this.key = key;
        this.chain = List.copyOf(chain);
        this.timeout = timeout;
        if (this.chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS server presents at least one certificate");
        }
    }

    /**
     * Dials {@code nms} and runs the TLS server's handshake; once it completes, reads the NMS's first
     * NETCONF message (its hello) and closes, so the NMS sees a device that never says hello.
     */
    Call call(InetSocketAddress nms) throws IOException {
        Recording recorded = new Recording();
        try (Socket tcp = connect(nms);
             SSLSocket tls = (SSLSocket) context(recorded).getSocketFactory().createSocket(tcp,
                     nms.getHostString(), nms.getPort(), true)) {
            tls.setUseClientMode(false);
            tls.setNeedClientAuth(true);
            limit(tls);
            try {
                tls.startHandshake();
            } catch (IOException failed) {
                return new Call(recorded.chain(), false, DialerLog.message(failed), "");
            }
            return new Call(recorded.chain(), true, "completed", firstMessage(tls.getInputStream()));
        }
    }

    private Socket connect(InetSocketAddress nms) throws IOException {
        Socket tcp = new Socket();
        try {
            tcp.connect(nms, (int) timeout.toMillis());
            tcp.setSoTimeout((int) timeout.toMillis());
        } catch (IOException e) {
            tcp.close();
            throw new IOException("could not connect to " + nms + ": " + e.getMessage(), e);
        }
        return tcp;
    }

    /** The versions and suites the project's devices speak, so only the certificate differs from a real one. */
    private static void limit(SSLSocket tls) {
        tls.setEnabledProtocols(TlsContexts.PROTOCOLS.toArray(String[]::new));
        tls.setEnabledCipherSuites(TlsContexts.CIPHER_SUITES.stream()
                .filter(suite -> Arrays.asList(tls.getSupportedCipherSuites()).contains(suite)).toArray(String[]::new));
    }

    /** The NMS's output up to the end of its first message, a size cap or the timeout. */
    private static String firstMessage(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            while (read.size() < MAX_READ_BYTES) {
                int count = in.read(buffer);
                if (count < 0) {
                    break;
                }
                read.write(buffer, 0, count);
                if (read.toString(StandardCharsets.UTF_8).contains(END_OF_MESSAGE)) {
                    break;
                }
            }
        } catch (SocketTimeoutException quiet) {
            // what came before the timeout is the answer
        }
        String text = read.toString(StandardCharsets.UTF_8);
        int end = text.indexOf(END_OF_MESSAGE);
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private SSLContext context(Recording recorded) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new Presenting(key, chain)}, new TrustManager[] {recorded}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("no TLS context for the scripted device: " + e.getMessage(), e);
        }
    }

    /** Presents the one key and chain, for its own key type only, in either role. */
    private static final class Presenting extends X509ExtendedKeyManager {

        private final KeyPair key;
        private final X509Certificate[] chain;

        Presenting(KeyPair key, List<X509Certificate> chain) {
            this.key = key;
            this.chain = chain.toArray(X509Certificate[]::new);
        }

        private String aliasFor(String keyType) {
            return key.getPrivate().getAlgorithm().equals(keyType) ? ALIAS : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return Arrays.stream(keyTypes).map(this::aliasFor).filter(alias -> alias != null).findFirst().orElse(null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key.getPrivate() : null;
        }
    }

    /** Takes any certificate the peer presents and keeps the client's; judging it is not the attacker's concern. */
    private static final class Recording extends X509ExtendedTrustManager {

        private final List<X509Certificate> clientChain = new CopyOnWriteArrayList<>();

        List<X509Certificate> chain() {
            return List.copyOf(clientChain);
        }

        private void record(X509Certificate[] chain) {
            clientChain.clear();
            clientChain.addAll(Arrays.asList(chain));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            record(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            record(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            record(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the scripted device is a TLS server only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
