package org.callhome.shared.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509Verdict;

/**
 * The trust manager of one side's TLS: the peer's chain is judged during the handshake by the
 * project's own rules (a {@link X509ChainCheck} and what the side adds, such as an NMS's device
 * inventory or its devices pinned by key), so that a refused peer gets a TLS alert and no NETCONF
 * byte. A verdict is of the side's own type {@code V}: an {@link X509Verdict}, or one that also
 * tells a pinned key apart, with the words of a refusal. The verdict is kept per
 * connection until {@link #verdict} takes it when the handshake ends (it ends however the
 * connection does, so each side's handshake listener takes every verdict), accepted (who the peer is) or
 * refused (why, for the log and metrics). Only the role's direction is accepted: the device judges
 * a client certificate, the NMS a server certificate. Connections are Netty's {@link SSLEngine}s;
 * blocking sockets are refused. Thread-safe: the I/O threads of many handshakes call it at once.
 */
public final class ChainJudge<V> extends X509ExtendedTrustManager {

    private final X509ChainCheck.Purpose purpose;
    private final Function<List<X509Certificate>, V> judge;
    private final Function<V, Optional<String>> refusal;
    private final X509Certificate[] acceptedIssuers;
    private final Map<SSLEngine, Judged<V>> verdicts = new ConcurrentHashMap<>();

    /** A chain as the peer sent it, end-entity certificate first, and what was decided on it. */
    public record Judged<V>(List<X509Certificate> chain, V verdict) {
        public Judged {
            chain = List.copyOf(chain);
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /**
     * @param purpose         the peer's role: {@link X509ChainCheck.Purpose#TLS_CLIENT} on the device,
     *                        {@link X509ChainCheck.Purpose#TLS_SERVER} on the NMS
     * @param judge           the side's decision on a chain, end-entity certificate first, as the peer sent it
     * @param refusal         why a verdict refuses the peer, in a sentence ending in its refusal word; empty
     *                        for one that accepts it
     * @param acceptedIssuers the CA certificates named to the peer as acceptable (a server's
     *                        certificate request lists them, which helps a client choose its certificate)
     */
    public ChainJudge(X509ChainCheck.Purpose purpose, Function<List<X509Certificate>, V> judge,
                      Function<V, Optional<String>> refusal, List<X509Certificate> acceptedIssuers) {
        if (purpose != X509ChainCheck.Purpose.TLS_CLIENT && purpose != X509ChainCheck.Purpose.TLS_SERVER) {
            throw new IllegalArgumentException("a TLS peer is a tls-client or a tls-server, not " + purpose.wireName());
        }
        this.purpose = purpose;
        this.judge = Objects.requireNonNull(judge, "judge");
        this.refusal = Objects.requireNonNull(refusal, "refusal");
        this.acceptedIssuers = acceptedIssuers.toArray(X509Certificate[]::new);
    }

    /** A judge whose verdicts are {@link X509Verdict}s: a refused one gives its word and detail. */
    public static ChainJudge<X509Verdict> of(X509ChainCheck.Purpose purpose,
                                             Function<List<X509Certificate>, X509Verdict> judge,
                                             List<X509Certificate> acceptedIssuers) {
        return new ChainJudge<>(purpose, judge, ChainJudge::refusalOf, acceptedIssuers);
    }

    /** {@code "<word>: <detail>"} of a refused X.509 verdict; empty for an accepted one. */
    public static Optional<String> refusalOf(X509Verdict verdict) {
        return verdict instanceof X509Verdict.Refused refused
                ? Optional.of(refused.reason().wireName() + ": " + refused.detail()) : Optional.empty();
    }

    /**
     * What was decided on the chain {@code engine}'s peer presented, removed from this judge; empty
     * when no chain was judged (the handshake failed before, or the peer sent none).
     */
    public Optional<V> verdict(SSLEngine engine) {
        return judged(engine).map(Judged::verdict);
    }

    /**
     * As {@link #verdict}, with the chain judged: after a failed handshake the engine no longer tells
     * what the peer presented, and a refusal is reported with the key it certified.
     */
    public Optional<Judged<V>> judged(SSLEngine engine) {
        return Optional.ofNullable(verdicts.remove(engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        decide(X509ChainCheck.Purpose.TLS_CLIENT, chain, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        decide(X509ChainCheck.Purpose.TLS_SERVER, chain, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("TLS call home runs on Netty's engines, not on blocking sockets");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("TLS call home runs on Netty's engines, not on blocking sockets");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("TLS call home runs on Netty's engines, not on blocking sockets");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("TLS call home runs on Netty's engines, not on blocking sockets");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }

    private void decide(X509ChainCheck.Purpose presented, X509Certificate[] chain, SSLEngine engine)
            throws CertificateException {
        if (presented != purpose) {
            throw new CertificateException("a " + presented.wireName() + " certificate was offered where the peer is a "
                    + purpose.wireName());
        }
        List<X509Certificate> presentedChain = chain == null ? List.of() : List.of(chain);
        V verdict = judge.apply(presentedChain);
        verdicts.put(engine, new Judged<>(presentedChain, verdict));
        Optional<String> refused = refusal.apply(verdict);
        if (refused.isPresent()) {
            throw new CertificateException(refused.get());
        }
    }
}
