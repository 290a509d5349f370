package org.callhome.shared.tls;

import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.callhome.shared.strategy.NegotiatedAlgorithms;

/**
 * What a TLS handshake negotiated, in the record both SSH strategies fill from their key exchange,
 * so that the registry, the API and the comparison show the three strategies alike: the protocol
 * version where SSH names its key exchange (JSSE does not tell the key-exchange group), the
 * server's certificate key where SSH names the host key algorithm, the cipher suite as the cipher
 * of both directions, and {@code AEAD} as the MAC (every suite allowed authenticates within the
 * cipher, {@link TlsContexts#CIPHER_SUITES}).
 */
public final class TlsAlgorithms {

    /** What the MAC columns say of a TLS session: integrity is the AEAD cipher's. */
    public static final String AEAD = "AEAD";

    private TlsAlgorithms() {
    }

    /**
     * The algorithms of {@code session}, whose handshake is done.
     *
     * @param serverIsPeer whether the TLS server is the peer (on the NMS) or this side (on the device)
     */
    public static NegotiatedAlgorithms of(SSLSession session, boolean serverIsPeer) {
        String serverKey;
        try {
            Certificate[] chain = serverIsPeer ? session.getPeerCertificates() : session.getLocalCertificates();
            serverKey = chain == null || chain.length == 0 ? "none" : describe(chain[0].getPublicKey());
        } catch (SSLPeerUnverifiedException e) {
            serverKey = "none";
        }
        String suite = session.getCipherSuite();
        return new NegotiatedAlgorithms(session.getProtocol(), serverKey, suite, suite, AEAD, AEAD);
    }

    /** {@code EC P-256}, {@code RSA 3072}, or the key's algorithm name. */
    static String describe(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return "EC P-" + ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        return key.getAlgorithm();
    }
}
