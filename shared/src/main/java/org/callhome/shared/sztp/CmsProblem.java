package org.callhome.shared.sztp;

import org.callhome.shared.text.WireNamed;

/**
 * Why a CMS structure was refused, in the order {@link CmsArtifacts} tests: its size and shape
 * before anything in it is believed, then its one signer and that signer's signature.
 */
public enum CmsProblem implements WireNamed {
    /** Longer than {@link SztpLimits#maxArtifactBytes()}; nothing of it was parsed. */
    TOO_BIG("too-big"),
    /** Not DER of a CMS ContentInfo, bytes after it, or not the structure expected (SignedData or not). */
    MALFORMED("malformed"),
    /** The (encapsulated) content type is not the one expected, such as a voucher's for conveyed information. */
    WRONG_CONTENT_TYPE("wrong-content-type"),
    /** Signed content expected, none encapsulated (a detached signature); or content where none belongs. */
    NO_CONTENT("no-content"),
    /** More certificates than {@link SztpLimits#maxCertificates()}, or none where certificates are the content. */
    CERTIFICATE_COUNT("certificate-count"),
    /** No signer, or more than one: an artifact has exactly one signer. */
    SIGNER_COUNT("signer-count"),
    /** The signer's certificate is none of those known to the verifier (carried or given). */
    UNKNOWN_SIGNER("unknown-signer"),
    /** A digest other than SHA-256, SHA-384 or SHA-512. */
    DIGEST_ALGORITHM("digest-algorithm"),
    /** The signature does not verify with the signer's key: altered, or made by another key. */
    BAD_SIGNATURE("bad-signature");

    private final String wireName;

    CmsProblem(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** Whether the problem is the signature's rather than the structure's. */
    boolean isSignatures() {
        return this == SIGNER_COUNT || this == UNKNOWN_SIGNER || this == DIGEST_ALGORITHM || this == BAD_SIGNATURE;
    }
}
