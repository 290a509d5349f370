package org.callhome.shared.ssh;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which JCA provider MINA SSHD hands out for the handshake's hot paths. MINA never asks the JCA
 * for "any provider": {@code SecurityUtils} picks the first registered registrar that supports an
 * algorithm (its SunJCE wrapper covers only AES and HMAC, so with Bouncy Castle on the class path
 * everything else comes from BC) and asks for that provider by object. The algorithm names below
 * are the ones MINA itself requests: {@code MontgomeryCurve} asks for {@code X25519} agreement and
 * key pairs, the Ed25519 signer for an {@code EdDSA} signature.
 *
 * <p>Why it matters: on JDK 17, X25519 and Ed25519 cost several times more with SunEC than with
 * Bouncy Castle (about 2.7 ms against 0.43 ms of public-key work per handshake, both sides).
 */
final class CryptoProviders {

    static final String X25519_AGREEMENT = "X25519 key agreement";
    static final String ED25519_SIGNATURE = "Ed25519 signature";

    private static final Logger LOG = LoggerFactory.getLogger(CryptoProviders.class);
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private CryptoProviders() {
    }

    /** Provider name per use, or {@code "unavailable: <reason>"}. */
    static Map<String, String> inUse() {
        Map<String, String> providers = new LinkedHashMap<>();
        providers.put(X25519_AGREEMENT, name(() -> SecurityUtils.getKeyAgreement("X25519").getProvider()));
        providers.put("X25519 key generation", name(() -> SecurityUtils.getKeyPairGenerator("X25519").getProvider()));
        providers.put(ED25519_SIGNATURE, name(() -> SecurityUtils.getSignature(SecurityUtils.EDDSA).getProvider()));
        providers.put("ECDH key agreement", name(() -> SecurityUtils.getKeyAgreement("ECDH").getProvider()));
        providers.put("ECDSA signature", name(() -> SecurityUtils.getSignature("SHA256withECDSA").getProvider()));
        providers.put("RSA signature", name(() -> SecurityUtils.getSignature("SHA512withRSA").getProvider()));
        providers.put("AES-GCM cipher", name(() -> SecurityUtils.getCipher("AES/GCM/NoPadding").getProvider()));
        providers.put("HMAC-SHA256", name(() -> SecurityUtils.getMac("HmacSHA256").getProvider()));
        return providers;
    }

    /**
     * Logs a warning, once per JVM, when X25519 or Ed25519 would not run on Bouncy Castle (e.g. the
     * BC registrar was disabled by {@code org.apache.sshd.security.provider.BC.enabled=false}).
     * A warning, not an error: the handshake is as secure, only slower.
     */
    static void warnOnceIfNotBouncyCastle() {
        if (!CHECKED.compareAndSet(false, true)) {
            return;
        }
        Map<String, String> providers = inUse();
        for (String use : new String[] {X25519_AGREEMENT, ED25519_SIGNATURE}) {
            if (!SecurityUtils.BOUNCY_CASTLE.equals(providers.get(use))) {
                LOG.warn("SSH {} runs on {}, not Bouncy Castle: handshakes cost several times more CPU",
                        use, providers.get(use));
            }
        }
    }

    private interface ProviderLookup {
        Provider get() throws GeneralSecurityException;
    }

    private static String name(ProviderLookup lookup) {
        try {
            return lookup.get().getName();
        } catch (GeneralSecurityException | RuntimeException e) {
            return "unavailable: " + e.getMessage();
        }
    }
}
