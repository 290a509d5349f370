package org.callhome.shared.ssh.x509;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.List;

/**
 * NIST P-256, P-384 and P-521, the curves of RFC 6187's {@code x509v3-ecdsa-sha2-nistp*}, told apart
 * from other curves by all their parameters. MINA's {@code ECCurves} matches a curve by its field size
 * alone, so a brainpoolP256r1 key would pass for P-256 there; a certificate can carry any curve.
 */
public final class NistCurves {

    private static final List<ECParameterSpec> CURVES = List.of(spec("secp256r1"), spec("secp384r1"),
            spec("secp521r1"));

    private NistCurves() {
    }

    /** Whether {@code params} are those of P-256, P-384 or P-521: the same curve, generator, order and cofactor. */
    public static boolean isNist(ECParameterSpec params) {
        return CURVES.stream().anyMatch(curve -> curve.getCurve().equals(params.getCurve())
                && curve.getGenerator().equals(params.getGenerator()) && curve.getOrder().equals(params.getOrder())
                && curve.getCofactor() == params.getCofactor());
    }

    private static ECParameterSpec spec(String name) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(name));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK knows " + name, e);
        }
    }
}
