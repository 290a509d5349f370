package org.callhome.compare.costs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.kex.AbstractDH;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.callhome.shared.strategy.NegotiatedAlgorithms;

/**
 * The crypto one side of a session cannot avoid, measured in this JVM: a key exchange's key pair
 * and agreement, one signature and one verification (the host key's signature of the exchange
 * hash on one side, the user key's login signature on the other: each side makes one and checks
 * one). It runs MINA's own code for the negotiated names ({@link BuiltinDHFactories},
 * {@link BuiltinSignatures}), so the JCA provider is the one MINA picks in sessions
 * ({@code SshPolicy.cryptoProviders()}: Bouncy Castle for X25519 and Ed25519).
 *
 * <p>Each operation is warmed up, then timed as this thread's CPU time over {@link #ROUNDS} rounds;
 * the figure is the median round. A certificate's checks (its own signature, an X.509 path) are not
 * part of the floor: a certificate host key is measured as its plain key type.
 */
public final class CryptoFloor {

    /** Rounds before timing: enough for the JIT to compile the crypto. */
    static final int WARM_UP_ROUNDS = 2_000;
    /** Timed rounds; the median is the floor. */
    static final int ROUNDS = 400;

    /** Host key algorithms by the key type and size a key is made with for the measurement. */
    private static final Map<String, KeySpec> KEYS = Map.of(
            "ssh-ed25519", new KeySpec("ssh-ed25519", 256, "ssh-ed25519"),
            "ecdsa-sha2-nistp256", new KeySpec("ecdsa-sha2-nistp256", 256, "ecdsa-sha2-nistp256"),
            "ecdsa-sha2-nistp384", new KeySpec("ecdsa-sha2-nistp384", 384, "ecdsa-sha2-nistp384"),
            "ecdsa-sha2-nistp521", new KeySpec("ecdsa-sha2-nistp521", 521, "ecdsa-sha2-nistp521"),
            "rsa-sha2-256", new KeySpec("ssh-rsa", 3072, "rsa-sha2-256"),
            "rsa-sha2-512", new KeySpec("ssh-rsa", 3072, "rsa-sha2-512"));

    private static final String TLS_PREFIX = "TLS";
    private static final String CERT_SUFFIX = "-cert-v01@openssh.com";
    private static final String X509_PREFIX = "x509v3-";

    private record KeySpec(String keyType, int bits, String signature) {
    }

    /**
     * What the floor of one pair of algorithms is.
     *
     * @param keyExchange the kex measured, as negotiated
     * @param hostKey     the host key algorithm as negotiated
     * @param signature   the signature algorithm measured for it
     * @param kexMillis   key pair and agreement, median CPU milliseconds
     * @param signMillis  one signature
     * @param verifyMillis one verification
     * @param rounds      timed rounds of each
     * @param warmUp      rounds of each before those
     */
    public record Floor(String keyExchange, String hostKey, String signature, double kexMillis, double signMillis,
                        double verifyMillis, int rounds, int warmUp) {

        /** The whole floor of one side of one session, CPU milliseconds. */
        public double millis() {
            return kexMillis + signMillis + verifyMillis;
        }

        /** How the floor was measured, for the report. */
        public String method() {
            return "CPU time in the NMS's JVM of the crypto one side of a session cannot avoid, with "
                    + (keyExchange.startsWith(TLS_PREFIX) ? "the JDK's providers, which JSSE uses, for the "
                    + "negotiated protocol and server key" : "MINA's own code and JCA providers for the negotiated "
                    + "algorithms") + ": " + keyExchange + " key pair and "
                    + "agreement (" + Math.round(kexMillis * 1000) + " us), one " + signature + " signature ("
                    + Math.round(signMillis * 1000) + " us) and one verification (" + Math.round(verifyMillis * 1000)
                    + " us); each the median of " + rounds + " rounds after " + warmUp
                    + " of warm-up; certificate checks are not included";
        }
    }

    private CryptoFloor() {
    }

    /** The floor of the session's key exchange and host key algorithm, or of its TLS handshake. */
    public static Floor of(NegotiatedAlgorithms algorithms) {
        if (algorithms.keyExchange().startsWith(TLS_PREFIX)) {
            return TlsCryptoFloor.measure(algorithms.keyExchange(), algorithms.hostKey(), WARM_UP_ROUNDS, ROUNDS);
        }
        return measure(algorithms.keyExchange(), algorithms.hostKey());
    }

    /**
     * @throws IllegalArgumentException if either algorithm is not one this class knows how to measure
     */
    public static Floor measure(String keyExchange, String hostKey) {
        return measure(keyExchange, hostKey, WARM_UP_ROUNDS, ROUNDS);
    }

    /** As {@link #measure(String, String)}, with {@code warmUp} rounds before {@code rounds} timed ones. */
    static Floor measure(String keyExchange, String hostKey, int warmUp, int rounds) {
        DHFactory kex = keyExchangeOf(keyExchange);
        KeySpec key = keyOf(hostKey);
        Timing timing = new Timing(ManagementFactory.getThreadMXBean(), warmUp, rounds);
        try {
            KeyPair pair = KeyUtils.generateKeyPair(key.keyType(), key.bits());
            Signature signer = signatureOf(key.signature());
            Signature verifier = signatureOf(key.signature());
            byte[] exchangeHash = "an exchange hash of 32 bytes....".getBytes(StandardCharsets.US_ASCII);
            byte[] signature = sign(signer, pair, exchangeHash);
            byte[] peerValue = kex.create().getE();
            double kexMillis = timing.medianMillis(() -> agree(kex, peerValue));
            double signMillis = timing.medianMillis(() -> sign(signer, pair, exchangeHash));
            double verifyMillis = timing.medianMillis(() -> verify(verifier, pair, exchangeHash, signature));
            return new Floor(keyExchange, hostKey, key.signature(), kexMillis, signMillis, verifyMillis, rounds,
                    warmUp);
        } catch (Exception e) {
            throw new IllegalStateException("measuring the crypto of " + keyExchange + " and " + hostKey
                    + " failed: " + e.getMessage(), e);
        }
    }

    private static DHFactory keyExchangeOf(String name) {
        BuiltinDHFactories kex = BuiltinDHFactories.fromFactoryName(name);
        if (kex == null || kex.isGroupExchange() || !kex.isSupported() || encapsulates(kex)) {
            throw new IllegalArgumentException("no crypto floor for key exchange '" + name + "': known are "
                    + "the supported fixed-group ones of MINA's " + BuiltinDHFactories.class.getSimpleName()
                    + " without a key encapsulation (no post-quantum hybrids)");
        }
        return kex;
    }

    /** Whether it is a hybrid whose client and server sides do different work (ML-KEM, sntrup761). */
    private static boolean encapsulates(DHFactory kex) {
        try {
            return kex.create().getKeyEncapsulation() != null;
        } catch (Exception e) {
            throw new IllegalStateException("MINA cannot make the key exchange " + kex.getName(), e);
        }
    }

    private static KeySpec keyOf(String hostKey) {
        String plain = hostKey == null ? "" : hostKey;
        if (plain.startsWith(X509_PREFIX)) {
            plain = plain.substring(X509_PREFIX.length());
        }
        if (plain.endsWith(CERT_SUFFIX)) {
            plain = plain.substring(0, plain.length() - CERT_SUFFIX.length());
        }
        KeySpec key = KEYS.get(plain);
        if (key == null) {
            throw new IllegalArgumentException("no crypto floor for host key algorithm '" + hostKey + "': known are "
                    + KEYS.keySet().stream().sorted().toList() + ", as plain keys, OpenSSH or X.509 certificates");
        }
        return key;
    }

    private static Signature signatureOf(String name) {
        BuiltinSignatures factory = BuiltinSignatures.fromFactoryName(name);
        if (factory == null || !factory.isSupported()) {
            throw new IllegalArgumentException("MINA does not support signature '" + name + "' here");
        }
        return factory.create();
    }

    /** One side's key exchange: its key pair (MINA's getE) and the agreement with the peer's public value. */
    private static void agree(DHFactory factory, byte[] peerValue) throws Exception {
        AbstractDH ours = factory.create();
        ours.getE();
        ours.setF(peerValue);
        if (ours.getK().length == 0) {
            throw new GeneralSecurityException("an empty shared secret");
        }
    }

    private static byte[] sign(Signature signer, KeyPair pair, byte[] data) throws Exception {
        signer.initSigner(null, pair.getPrivate());
        signer.update(null, data);
        return signer.sign(null);
    }

    private static void verify(Signature verifier, KeyPair pair, byte[] data, byte[] signature) throws Exception {
        verifier.initVerifier(null, pair.getPublic());
        verifier.update(null, data);
        if (!verifier.verify(null, signature)) {
            throw new GeneralSecurityException("a signature just made did not verify");
        }
    }

    interface Operation {
        void run() throws Exception;
    }

    /** Runs an operation {@code warmUp} times, then times {@code rounds} runs in this thread's CPU time. */
    record Timing(ThreadMXBean threads, int warmUp, int rounds) {

        Timing {
            if (warmUp < 0 || rounds < 1) {
                throw new IllegalArgumentException("warm-up must be at least 0 and rounds at least 1, got "
                        + warmUp + " and " + rounds);
            }
        }

        double medianMillis(Operation operation) throws Exception {
            for (int i = 0; i < warmUp; i++) {
                operation.run();
            }
            long[] nanos = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = threads.getCurrentThreadCpuTime();
                operation.run();
                nanos[i] = threads.getCurrentThreadCpuTime() - start;
            }
            Arrays.sort(nanos);
            return nanos[rounds / 2] / 1e6;
        }
    }
}
