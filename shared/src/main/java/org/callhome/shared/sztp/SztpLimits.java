package org.callhome.shared.sztp;

/**
 * How large a zero-touch artifact may be, checked before it is parsed. A bootstrap server is not
 * trusted until its artifacts verify, so every bound has a ceiling and there is no "0 means
 * unlimited".
 *
 * @param maxArtifactBytes most bytes of one artifact as DER (a CMS structure), at most
 *                         {@value #CEILING_ARTIFACT_BYTES}
 * @param maxCertificates  most certificates one CMS structure may carry, at most
 *                         {@value #CEILING_CERTIFICATES}
 */
public record SztpLimits(int maxArtifactBytes, int maxCertificates) {

    /** The default artifact size: 1 MiB, far above a voucher's or an onboarding configuration's. */
    public static final int DEFAULT_ARTIFACT_BYTES = 1 << 20;
    /** The default certificate count: a signer, a few intermediates and a root. */
    public static final int DEFAULT_CERTIFICATES = 8;
    /** The largest artifact any setting allows: 16 MiB. */
    public static final int CEILING_ARTIFACT_BYTES = 16 << 20;
    /** The most certificates any setting allows. */
    public static final int CEILING_CERTIFICATES = 32;

    /** The defaults, 1 MiB and 8 certificates. */
    public static final SztpLimits DEFAULT = new SztpLimits(DEFAULT_ARTIFACT_BYTES, DEFAULT_CERTIFICATES);

    public SztpLimits {
        if (maxArtifactBytes < 1 || maxArtifactBytes > CEILING_ARTIFACT_BYTES) {
            throw new IllegalArgumentException("maxArtifactBytes (" + maxArtifactBytes + ") must be in 1.."
                    + CEILING_ARTIFACT_BYTES);
        }
        if (maxCertificates < 1 || maxCertificates > CEILING_CERTIFICATES) {
            throw new IllegalArgumentException("maxCertificates (" + maxCertificates + ") must be in 1.."
                    + CEILING_CERTIFICATES);
        }
    }
}
