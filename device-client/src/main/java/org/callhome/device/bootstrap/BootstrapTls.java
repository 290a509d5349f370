package org.callhome.device.bootstrap;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS side of a bootstrap server connection (RFC 8572 §5.4): the device presents its IDevID as
 * client certificate; the server's certificate is checked against trust anchors (PKIX, with the
 * HTTPS host name check the HTTP client asks for) when the device has some for that server, and
 * not at all otherwise: the server is then untrusted and only signed data it returns is accepted,
 * which {@link ZeroTouchBootstrap} enforces.
 */
final class BootstrapTls {

    private static final char[] IN_MEMORY = new char[0];

    private BootstrapTls() {
    }

    /** @param anchors the server's trust anchors; empty for an untrusted server */
    static SSLContext context(Idevid idevid, List<X509Certificate> anchors) throws GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try {
            keys.load(null, IN_MEMORY);
        } catch (IOException e) {
            throw new GeneralSecurityException("an empty in-memory key store", e);
        }
        keys.setKeyEntry("idevid", idevid.key().getPrivate(), IN_MEMORY, idevid.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, IN_MEMORY);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), anchors.isEmpty() ? new TrustManager[] {new Unauthenticated()}
                : trusting(anchors), null);
        return context;
    }

    private static TrustManager[] trusting(List<X509Certificate> anchors) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, IN_MEMORY);
        } catch (IOException e) {
            throw new GeneralSecurityException("an empty in-memory key store", e);
        }
        for (int i = 0; i < anchors.size(); i++) {
            store.setCertificateEntry("anchor-" + i, anchors.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return factory.getTrustManagers();
    }

    /**
     * Accepts any server certificate: RFC 8572 §5.4 lets a device without trust anchors for a
     * bootstrap server talk to it, on condition that nothing it returns is used unless signed.
     */
    private static final class Unauthenticated extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws
                CertificateException {
            throw new CertificateException("the device is never a TLS server here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws
                CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws
                CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
