package org.callhome.shared.sztp;

import java.util.Objects;
import java.util.Optional;

/**
 * What a bootstrap server's {@code get-bootstrapping-data} returned (RFC 8572 §7.2,
 * {@code ietf-sztp-bootstrap-server}), each leaf's base64 already decoded to DER: the conveyed
 * information (signed or not) and, when it is signed, the ownership voucher and the owner
 * certificate. Not checked here: {@link DeviceArtifactCheck} decides.
 */
public record BootstrapArtifacts(byte[] conveyedInformation, Optional<byte[]> ownershipVoucher,
        Optional<byte[]> ownerCertificate) {

    public BootstrapArtifacts {
        conveyedInformation = conveyedInformation.clone();
        ownershipVoucher = Objects.requireNonNull(ownershipVoucher).map(byte[]::clone);
        ownerCertificate = Objects.requireNonNull(ownerCertificate).map(byte[]::clone);
    }

    /** Signed data: all three artifacts. */
    public static BootstrapArtifacts signed(byte[] conveyedInformation, byte[] ownershipVoucher,
            byte[] ownerCertificate) {
        return new BootstrapArtifacts(conveyedInformation, Optional.of(ownershipVoucher),
                Optional.of(ownerCertificate));
    }

    /** Conveyed information alone, as a trusted bootstrap server may send it (RFC 8572 §5.3). */
    public static BootstrapArtifacts unsigned(byte[] conveyedInformation) {
        return new BootstrapArtifacts(conveyedInformation, Optional.empty(), Optional.empty());
    }

    @Override
    public byte[] conveyedInformation() {
        return conveyedInformation.clone();
    }

    @Override
    public Optional<byte[]> ownershipVoucher() {
        return ownershipVoucher.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> ownerCertificate() {
        return ownerCertificate.map(byte[]::clone);
    }
}
