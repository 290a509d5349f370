package org.callhome.shared.sztp;

import org.callhome.shared.text.WireNamed;

/** How the manufacturer (MASA) verified the owner a voucher names: the {@code assertion} leaf of RFC 8366 §5.3. */
public enum VoucherAssertion implements WireNamed {
    /** Ownership positively verified, such as through the sales channel. */
    VERIFIED("verified"),
    /** Issued after minimal verification; the issuance is logged. */
    LOGGED("logged"),
    /** Issued after a proximity proof from the device and the domain; logged. */
    PROXIMITY("proximity");

    private final String wireName;

    VoucherAssertion(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
