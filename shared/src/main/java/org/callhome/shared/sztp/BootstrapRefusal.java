package org.callhome.shared.sztp;

import org.callhome.shared.text.WireNamed;

/**
 * Why a device refused what a bootstrap server sent (RFC 8572 §5.4–§5.6, RFC 8366 §5.3), named on
 * the wire (logs, progress reports) by its {@link #wireName()}. {@link DeviceArtifactCheck} tests
 * them in the order its documentation lists, so the first failure is the reason.
 */
public enum BootstrapRefusal implements WireNamed {
    /** An artifact that its format does not allow: CMS structure, size, content type, JSON. */
    MALFORMED("malformed"),
    /** Valid for its module, not done here: a boot image, or a voucher demanding revocation checks. */
    UNSUPPORTED("unsupported"),
    /** From a bootstrap server not yet trusted, conveyed information that is not signed. */
    UNSIGNED("unsigned"),
    /** A voucher without an owner certificate or the reverse, or signed conveyed information without both. */
    INCOMPLETE("incomplete"),
    /** The voucher's signature does not verify, or its signer does not chain to a manufacturer trust anchor. */
    VOUCHER_SIGNATURE("voucher-signature"),
    /** The voucher's {@code serial-number} is not the device's. */
    VOUCHER_SERIAL_MISMATCH("voucher-serial-mismatch"),
    /** The voucher's {@code idevid-issuer} is not the device's IDevID authority key identifier, or it has none. */
    VOUCHER_IDEVID_ISSUER_MISMATCH("voucher-idevid-issuer-mismatch"),
    /** The voucher's {@code expires-on} has passed. */
    VOUCHER_EXPIRED("voucher-expired"),
    /** The voucher carries a nonce the device did not send (or the device sent none). */
    NONCE_MISMATCH("nonce-mismatch"),
    /** The owner certificate does not chain to the voucher's {@code pinned-domain-cert}. */
    OWNER_NOT_PINNED("owner-not-pinned"),
    /** The conveyed information's signature does not verify with the owner certificate's key. */
    CONVEYED_SIGNATURE("conveyed-signature");

    private final String wireName;

    BootstrapRefusal(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
