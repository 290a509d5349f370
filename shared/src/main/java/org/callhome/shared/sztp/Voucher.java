package org.callhome.shared.sztp;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An ownership voucher's content, {@code ietf-voucher:voucher} (RFC 8366 §5.3): the manufacturer's
 * statement that the device with {@code serialNumber} belongs to whoever holds a certificate
 * chaining to {@code pinnedDomainCert}. The YANG module's rules hold for every instance: a voucher
 * has either {@code expires-on} or a {@code nonce}, or neither, never both ({@code must
 * 'not(../nonce)'}); {@code last-renewal-date} only with {@code expires-on}; a nonce of 8 to 32
 * bytes. What a device must check against its own state (serial number, clock, nonce) is
 * {@link DeviceArtifactCheck}'s. JSON per RFC 7951: {@link #fromJson} reads it strictly and
 * {@link #toJson} writes it canonically.
 *
 * @param domainCertRevocationChecks the MASA's instruction that the device must ({@code true}) or
 *                                   must not ({@code false}) check the pinned certificate's revocation;
 *                                   empty: normal PKIX behaviour
 */
public record Voucher(Instant createdOn, Optional<Instant> expiresOn, VoucherAssertion assertion, String serialNumber,
        Optional<Binary> idevidIssuer, X509Certificate pinnedDomainCert, Optional<Boolean> domainCertRevocationChecks,
        Optional<Binary> nonce, Optional<Instant> lastRenewalDate) {

    /** The member that holds a voucher in JSON: module name and container (RFC 7951 §4). */
    public static final String MEMBER = "ietf-voucher:voucher";
    /** The longest serial number accepted; the YANG type has no bound, a device's field does. */
    public static final int MAX_SERIAL_NUMBER_CHARS = 128;
    /** A voucher nonce's length bounds, in bytes (the {@code nonce} leaf's {@code length "8..32"}). */
    public static final int MIN_NONCE_BYTES = 8;
    public static final int MAX_NONCE_BYTES = 32;

    public Voucher {
        Objects.requireNonNull(createdOn, "created-on");
        Objects.requireNonNull(assertion, "assertion");
        Objects.requireNonNull(pinnedDomainCert, "pinned-domain-cert");
        Objects.requireNonNull(expiresOn);
        Objects.requireNonNull(idevidIssuer);
        Objects.requireNonNull(domainCertRevocationChecks);
        Objects.requireNonNull(nonce);
        Objects.requireNonNull(lastRenewalDate);
        if (serialNumber == null || serialNumber.isEmpty() || serialNumber.length() > MAX_SERIAL_NUMBER_CHARS) {
            throw new IllegalArgumentException("serial-number must have 1 to " + MAX_SERIAL_NUMBER_CHARS
                    + " characters");
        }
        if (expiresOn.isPresent() && nonce.isPresent()) {
            throw new IllegalArgumentException("a voucher has expires-on or nonce, not both (RFC 8366 §5.3)");
        }
        if (lastRenewalDate.isPresent() && expiresOn.isEmpty()) {
            throw new IllegalArgumentException("last-renewal-date needs expires-on (RFC 8366 §5.3)");
        }
        if (nonce.isPresent() && (nonce.get().length() < MIN_NONCE_BYTES || nonce.get().length() > MAX_NONCE_BYTES)) {
            throw new IllegalArgumentException("nonce must have " + MIN_NONCE_BYTES + " to " + MAX_NONCE_BYTES
                    + " bytes, has " + nonce.get().length());
        }
    }

    /** Reads {@code {"ietf-voucher:voucher": {...}}}, refusing unknown and missing members. */
    public static Voucher fromJson(byte[] json) throws ArtifactFormatException {
        return VoucherJson.read(json);
    }

    /** The voucher as compact RFC 7951 JSON, members in the YANG module's order, optional ones only when present. */
    public byte[] toJson() {
        return VoucherJson.write(this);
    }
}
