package org.callhome.shared.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS both sides of TLS call home speak, as named constants: TLS 1.3 and 1.2 only (RFC 7589
 * §2 needs 1.2 at least; 1.3 has no renegotiation at all, and the device, the TLS server, refuses
 * the NMS's in 1.2), and for 1.2 only suites with an ephemeral ECDH key exchange and an AEAD
 * cipher. Both sides prove themselves with an X.509
 * certificate; the peer's chain is judged by a {@link ChainJudge}, never by the JDK's default
 * trust store or the peer's address. The device is the TLS server on the connection it dialed
 * (RFC 8071 §4.1); the NMS is the TLS client on the connection it accepted (§4.2).
 */
public final class TlsContexts {

    /** The protocol versions offered and accepted, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** TLS 1.3's AEAD suites, then TLS 1.2's ECDHE ones with AES-GCM or ChaCha20-Poly1305. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /**
     * The JDK's switch that refuses a client's renegotiation in TLS 1.2 (1.3 has none), read once
     * when its first server handshake starts: set before the device's first one unless the operator
     * set it.
     */
    static final String REJECT_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    private TlsContexts() {
    }

    /**
     * The device's side: a TLS server on the connection it dialed, presenting {@code chain} (its
     * certificate first) for {@code key}, requiring the NMS's client certificate, which
     * {@code nms} judges.
     */
    public static SslContext device(PrivateKey key, List<X509Certificate> chain, X509TrustManager nms)
            throws SSLException {
        if (System.getProperty(REJECT_CLIENT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_CLIENT_RENEGOTIATION, "true");
        }
        return SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .ciphers(CIPHER_SUITES)
                .clientAuth(ClientAuth.REQUIRE)
                .trustManager(nms)
                .build();
    }

    /**
     * The NMS's side: a TLS client on the connection it accepted, presenting {@code chain} for
     * {@code key}; {@code devices} judges the device's certificate. No host name is checked: the
     * device is named by its certificate (RFC 8071 §5, C6), never by its address.
     */
    public static SslContext nms(PrivateKey key, List<X509Certificate> chain, X509TrustManager devices)
            throws SSLException {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .ciphers(CIPHER_SUITES)
                .keyManager(key, chain.toArray(X509Certificate[]::new))
                .trustManager(devices)
                .endpointIdentificationAlgorithm(null)
                .build();
    }
}
