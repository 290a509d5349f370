package org.callhome.shared.sztp;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * The CMS content types of the zero-touch artifacts this package signs and reads: the
 * {@code eContentType} of a signed artifact's SignedData, or the {@code contentType} of an unsigned
 * conveyed information artifact's ContentInfo (RFC 8572 §3.1). Only the JSON encodings are
 * implemented; the XML ones ({@code id-ct-sztpConveyedInfoXML}, 1.2.840.113549.1.9.16.1.42, and
 * RFC 8366's XML-less voucher) are refused as a wrong content type.
 */
public enum SztpContentType {
    /** {@code id-ct-sztpConveyedInfoJSON} (RFC 8572 §10.3): redirect or onboarding information. */
    CONVEYED_INFORMATION_JSON("1.2.840.113549.1.9.16.1.43", "conveyed information (JSON)"),
    /** {@code id-ct-animaJSONVoucher} (RFC 8366 §8.3): an ownership voucher. */
    VOUCHER_JSON("1.2.840.113549.1.9.16.1.40", "voucher (JSON)"),
    /**
     * {@code id-data}: the {@code eContentType} of a degenerate SignedData that carries certificates
     * only, such as the owner certificate artifact (RFC 8572 §3.2) or a bootstrap server's
     * {@code trust-anchor}.
     */
    CERTIFICATES_ONLY("1.2.840.113549.1.7.1", "certificates only (id-data, no content)");

    private final ASN1ObjectIdentifier oid;
    private final String description;

    SztpContentType(String oid, String description) {
        this.oid = new ASN1ObjectIdentifier(oid);
        this.description = description;
    }

    /** The object identifier, dotted. */
    public String oid() {
        return oid.getId();
    }

    ASN1ObjectIdentifier identifier() {
        return oid;
    }

    /** How messages name it: the type and its OID. */
    @Override
    public String toString() {
        return description + " " + oid.getId();
    }
}
