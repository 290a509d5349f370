package org.callhome.nms.bootstrap;

/**
 * The owner's signing of what the bootstrap server conveys (RFC 8572 §3): the conveyed
 * information, {@code onboarding-information} carrying a configuration, as CMS SignedData of
 * content type id-ct-sztpConveyedInfoJSON, and the owner certificate artifact (a degenerate
 * SignedData of the owner's chain). Thread-safe.
 */
public interface ConveyedSigner {

    /** The DER CMS SignedData of {@code onboarding-information} whose {@code configuration} is {@code configuration}. */
    byte[] signedOnboarding(byte[] configuration);

    /** The DER owner certificate artifact. */
    byte[] ownerCertificate();
}
