package org.callhome.compare.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.callhome.shared.tls.TlsContexts;

/**
 * A device trying to log into a TLS call-home NMS as a TLS client would log into a server: on the
 * NMS's device-facing port it first listens to what the NMS sends unprompted (a TLS client opens
 * with its ClientHello, a TLS server waits for one), then, on a connection of its own, runs a TLS
 * client handshake with the device's key and certificate. The handshake accepts whatever the NMS
 * would present: the question is whether anything there answers as a server, not whom to trust.
 * Blocks the caller's thread, each step bounded by the timeout.
 */
final class TlsLoginProbe {

    /** A TLS record of type handshake (RFC 8446 §5.1) whose first message is a ClientHello (§4). */
    private static final int HANDSHAKE_RECORD = 0x16;
    private static final int CLIENT_HELLO = 0x01;
    /** The record header (type, version, length) and the handshake message's type. */
    private static final int OPENING_BYTES = 6;
    private static final char[] STORE_PASSWORD = "probe".toCharArray();

    /**
     * What the NMS sent first, unprompted.
     *
     * @param clientHello whether it was a TLS ClientHello: the NMS is the TLS client of the connection
     */
    record Opening(String described, boolean clientHello) {
    }

    private TlsLoginProbe() {
    }

    /** Connects and reads the first bytes the NMS sends without being spoken to. */
    static Opening opening(InetSocketAddress nms, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(nms, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = socket.getInputStream();
            byte[] first = in.readNBytes(OPENING_BYTES);
            if (first.length == 0) {
                return new Opening("closed the connection without sending a byte", false);
            }
            if (first.length == OPENING_BYTES && first[0] == HANDSHAKE_RECORD && first[5] == CLIENT_HELLO) {
                return new Opening("sent a TLS ClientHello first, a TLS client's opening message", true);
            }
            String text = new String(first, StandardCharsets.US_ASCII);
            return new Opening(text.startsWith("SSH-") ? "sent an SSH identification string first"
                    : "sent bytes " + HexFormat.ofDelimiter(" ").formatHex(first) + " first", false);
        } catch (SocketTimeoutException silent) {
            return new Opening("sent nothing within " + timeout.toMillis() + " ms, as a server waiting for its "
                    + "client does", false);
        } catch (IOException e) {
            return new Opening("could not be read: " + DialerLog.message(e), false);
        }
    }

    /**
     * A TLS client handshake as {@code device}, presenting {@code chain} for {@code key}; allowed
     * when the NMS completes it as a TLS server.
     */
    static Probe handshake(InetSocketAddress nms, String device, KeyPair key, List<X509Certificate> chain,
                           Duration timeout) {
        String what = "TLS client handshake as " + device + " with its key and certificate";
        AnyServer server = new AnyServer();
        SSLContext context;
        try {
            context = clientContext(key, chain, server);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the probe's TLS client cannot be made: " + e.getMessage(), e);
        }
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(nms, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setEnabledProtocols(TlsContexts.PROTOCOLS.toArray(String[]::new));
            socket.startHandshake();
            return new Probe(what, true, "the NMS completed the handshake as a TLS server, presenting "
                    + server.presented());
        } catch (IOException e) {
            String answer = DialerLog.message(e);
            return new Probe(what, false, "handshake failed: " + answer + (answer.contains("client_hello")
                    ? " (the NMS sent a ClientHello: it is a TLS client here too)" : ""));
        }
    }

    private static SSLContext clientContext(KeyPair key, List<X509Certificate> chain, AnyServer server)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("device", key.getPrivate(), STORE_PASSWORD, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, STORE_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), new TrustManager[] {server}, null);
        return context;
    }

    /** Accepts any server chain, noting the subject of the latest: the probe asks whether there is a server at all. */
    private static final class AnyServer implements X509TrustManager {

        private volatile String presented = "no certificate";

        String presented() {
            return presented;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("the probe is a TLS client only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            presented = chain.length == 0 ? "no certificate" : "'" + chain[0].getSubjectX500Principal().getName() + "'";
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
