package org.callhome.shared.ssh.cert;

import org.callhome.shared.text.WireNamed;

/**
 * Why a certificate was refused: exactly one reason a verdict gives, named on the wire (logs,
 * events, the API) by its {@link #wireName()}. {@link CertificateCheck} tests them in the order
 * listed here, so a certificate wrong in two ways reports the first: nothing in a certificate is
 * believed before its CA is known and its signature verified.
 *
 * <p>The same words name why an X.509 certificate chain (RFC 6187) was refused; what each means
 * there, and the order the chain's check tests them in, is said in the package
 * {@code org.callhome.shared.ssh.x509.trust}. Two words are X.509's only: {@link #KEY_USAGE} and
 * {@link #EXTENDED_KEY_USAGE}.
 */
public enum CertificateRefusal implements WireNamed {
    /**
     * Signed by a key that is not among the trusted CAs. X.509: no trusted CA issued any certificate
     * of the chain, or the chain does not lead to one (out of order, or through a certificate that
     * may not issue others).
     */
    UNKNOWN_CA("unknown-ca"),
    /**
     * The CA signed with an algorithm we do not accept, such as {@code ssh-rsa} (SHA-1); X.509: any
     * signature algorithm of SHA-1 or MD5, or DSA.
     */
    UNSUPPORTED_SIGNATURE_ALGORITHM("unsupported-signature-algorithm"),
    /** The CA's signature over the certificate does not verify: altered, or not made by that CA. */
    BAD_SIGNATURE("bad-signature"),
    /** The certified key is of a type we do not accept (DSA, say). */
    UNSUPPORTED_KEY_TYPE("unsupported-key-type"),
    /** Listed in the revocation list: by serial, key id, its key or its CA's key. */
    REVOKED("revoked"),
    /**
     * A user certificate where a host certificate is needed, or the reverse. X.509: an extended key
     * usage for the other SSH role only ({@code id-kp-secureShellClient} where
     * {@code id-kp-secureShellServer} is needed, or the reverse), or a CA certificate presented as
     * a peer's own.
     */
    WRONG_CERTIFICATE_TYPE("wrong-certificate-type"),
    /** X.509 only: it has a key usage extension without {@code digitalSignature} (RFC 6187 §2.2.1). */
    KEY_USAGE("key-usage"),
    /**
     * X.509 only: it has an extended key usage extension naming neither the SSH role needed here
     * nor {@code anyExtendedKeyUsage}, nor the other SSH role (which is {@link #WRONG_CERTIFICATE_TYPE}).
     */
    EXTENDED_KEY_USAGE("extended-key-usage"),
    /** Its validity starts later than now. */
    NOT_YET_VALID("not-yet-valid"),
    /** Its validity ended. */
    EXPIRED("expired"),
    /**
     * It carries a critical option; none is accepted, as none can be enforced on a NETCONF session.
     * X.509: a critical extension that path validation does not understand.
     */
    UNSUPPORTED_CRITICAL_OPTION("unsupported-critical-option"),
    /**
     * It names no principal or several: the one principal is the identity. X.509: its subject has
     * neither a {@code serialNumber} nor a {@code CN}, or several of the one that names it.
     */
    PRINCIPAL_COUNT("principal-count"),
    /** Its principal is too long or could not be an identity (whitespace, patterns, ...). */
    BAD_PRINCIPAL("bad-principal"),
    /** Its key id is longer than {@link CertificateCheck#MAX_KEY_ID_CHARS}. */
    KEY_ID_TOO_LONG("key-id-too-long"),
    /** Valid, but for another identity than the one expected on this connection. */
    PRINCIPAL_MISMATCH("principal-mismatch"),
    /** Valid, but for an identity that is not among those expected. */
    UNEXPECTED_IDENTITY("unexpected-identity"),
    /**
     * Valid, but for an identity pinned to another key (the NMS's trust store): an explicit pin
     * wins over a CA's word until the operator revokes or replaces it.
     */
    PINNED_KEY_MISMATCH("pinned-key-mismatch");

    private final String wireName;

    CertificateRefusal(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
