package org.callhome.shared.sztp;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link DeviceArtifactCheck} accepted: the conveyed information, and for signed data the
 * voucher that assigned the device to its owner and the owner certificate that signed it.
 */
public record VerifiedBootstrapData(ConveyedInformation information, Optional<Voucher> voucher,
        Optional<X509Certificate> ownerCertificate) {

    public VerifiedBootstrapData {
        Objects.requireNonNull(information);
        Objects.requireNonNull(voucher);
        Objects.requireNonNull(ownerCertificate);
    }

    /** Whether the data was signed by an owner whom a manufacturer's voucher names. */
    public boolean signed() {
        return voucher.isPresent();
    }
}
