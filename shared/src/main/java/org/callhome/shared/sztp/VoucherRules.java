package org.callhome.shared.sztp;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.sztp.CertificatePaths.NoPath;
import org.callhome.shared.text.PeerText;

/**
 * The ownership voucher's part of {@link DeviceArtifactCheck}, rules 2 to 8 of its list: the
 * manufacturer's signature and path, then RFC 8366 §5.3's device duties on the content.
 */
final class VoucherRules {

    private final CmsArtifacts cms;
    private final SztpLimits limits;
    private final List<X509Certificate> manufacturerAnchors;
    private final String serialNumber;
    private final Optional<Binary> idevidIssuer;

    VoucherRules(CmsArtifacts cms, SztpLimits limits, List<X509Certificate> manufacturerAnchors, String serialNumber,
            Optional<Binary> idevidIssuer) {
        this.cms = cms;
        this.limits = limits;
        this.manufacturerAnchors = manufacturerAnchors;
        this.serialNumber = serialNumber;
        this.idevidIssuer = idevidIssuer;
    }

    Voucher verify(byte[] ownershipVoucher, Optional<Binary> sentNonce, Instant now) throws BootstrapRefusedException {
        Voucher voucher = content(signed(ownershipVoucher, now));
        if (!voucher.serialNumber().equals(serialNumber)) {
            throw DeviceArtifactCheck.refused(BootstrapRefusal.VOUCHER_SERIAL_MISMATCH, "the voucher is for serial "
                    + "number " + PeerText.quote(voucher.serialNumber())
                    + ", not this device's");
        }
        if (voucher.idevidIssuer().isPresent() && (idevidIssuer.isEmpty()
                || !DeviceArtifactCheck.sameBytes(voucher.idevidIssuer().get(), idevidIssuer.get()))) {
            throw DeviceArtifactCheck.refused(BootstrapRefusal.VOUCHER_IDEVID_ISSUER_MISMATCH, idevidIssuer.isEmpty()
                    ? "the voucher names an IDevID issuer and this device knows none of its own"
                    : "the voucher's idevid-issuer is not this device's IDevID authority key identifier");
        }
        if (voucher.expiresOn().isPresent() && now.isAfter(voucher.expiresOn().get())) {
            throw DeviceArtifactCheck.refused(BootstrapRefusal.VOUCHER_EXPIRED, "the voucher expired on "
                    + voucher.expiresOn().get() + ", before " + now);
        }
        if (voucher.nonce().isPresent() && (sentNonce.isEmpty()
                || !DeviceArtifactCheck.sameBytes(voucher.nonce().get(), sentNonce.get()))) {
            throw DeviceArtifactCheck.refused(BootstrapRefusal.NONCE_MISMATCH, sentNonce.isEmpty()
                    ? "the voucher carries a nonce and this device sent none"
                    : "the voucher's nonce is not the one this device sent");
        }
        if (voucher.domainCertRevocationChecks().orElse(false)) {
            throw DeviceArtifactCheck.refused(BootstrapRefusal.UNSUPPORTED, "the voucher demands revocation checks of "
                    + "the pinned domain certificate (domain-cert-revocation-checks true) and this device has no "
                    + "revocation data");
        }
        return voucher;
    }

    private SignedContent signed(byte[] ownershipVoucher, Instant now) throws BootstrapRefusedException {
        SignedContent signed;
        try {
            signed = cms.verify(ownershipVoucher, SztpContentType.VOUCHER_JSON, manufacturerAnchors);
        } catch (CmsException e) {
            throw DeviceArtifactCheck.refused(e.problem().isSignatures() ? BootstrapRefusal.VOUCHER_SIGNATURE
                    : BootstrapRefusal.MALFORMED, "ownership voucher: " + e.getMessage());
        }
        if (!CertificatePaths.maySign(signed.signer())) {
            throw DeviceArtifactCheck.refused(BootstrapRefusal.VOUCHER_SIGNATURE, "the voucher signer's key usage does "
                    + "not allow digitalSignature");
        }
        try {
            CertificatePaths.requirePath(signed.signer(), signed.certificates(), manufacturerAnchors, now,
                    limits.maxCertificates());
        } catch (NoPath e) {
            throw DeviceArtifactCheck.refused(BootstrapRefusal.VOUCHER_SIGNATURE, "the voucher's signer does not chain "
                    + "to a manufacturer trust anchor: " + e.getMessage());
        }
        return signed;
    }

    private static Voucher content(SignedContent signed) throws BootstrapRefusedException {
        try {
            return Voucher.fromJson(signed.content());
        } catch (ArtifactFormatException e) {
            throw DeviceArtifactCheck.refused(BootstrapRefusal.MALFORMED, "ownership voucher " + e.getMessage());
        }
    }
}
