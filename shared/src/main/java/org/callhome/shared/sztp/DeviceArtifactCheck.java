package org.callhome.shared.sztp;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.callhome.shared.sztp.CertificatePaths.NoPath;

/**
 * The device's decision on what a bootstrap server returned (RFC 8572 §5.4–§5.6 with RFC 8366
 * §5.3's voucher rules). No I/O: the manufacturer's trust anchors, the device's serial number and
 * IDevID issuer, the nonce it sent and the instant come from the caller.
 *
 * <p>From a bootstrap server the device does not trust yet ({@link #fromUntrustedServer}), only
 * signed data is accepted, and these rules are tested in this order, the first failure being the
 * {@link BootstrapRefusal}:
 * <ol>
 *   <li>{@code unsigned}: the conveyed information is an unsigned ContentInfo;
 *       {@code incomplete}: the ownership voucher or the owner certificate is missing.</li>
 *   <li>The ownership voucher: {@code malformed} if not a SignedData of {@code id-ct-animaJSONVoucher}
 *       within the limits; {@code voucher-signature} if it has not exactly one signer, its digest is
 *       not SHA-2, its signature does not verify, its signer's certificate forbids signing (key usage
 *       without digitalSignature), or that certificate has no PKIX path, through the certificates the
 *       voucher carries, to one of the manufacturer's trust anchors at the instant.</li>
 *   <li>The voucher's JSON: {@code malformed} for anything {@link Voucher#fromJson} refuses.</li>
 *   <li>{@code voucher-serial-mismatch}: {@code serial-number} is not the device's, exactly.</li>
 *   <li>{@code voucher-idevid-issuer-mismatch}: the voucher has an {@code idevid-issuer} and the
 *       device's IDevID authority key identifier is another, or unknown.</li>
 *   <li>{@code voucher-expired}: {@code expires-on} is before the instant. A voucher without
 *       {@code expires-on} does not expire: RFC 8366 makes the leaf optional for devices without a
 *       reliable clock, and such a voucher is either nonced (next rule) or valid for the device's
 *       lifetime, which this check accepts as the manufacturer's choice.</li>
 *   <li>{@code nonce-mismatch}: the voucher has a {@code nonce} and the device sent none, or another
 *       (compared in constant time). A device that sent a nonce accepts a voucher without one,
 *       since RFC 8572 §7.2 lets the server return a pre-made voucher; its expiry then rules.</li>
 *   <li>{@code unsupported}: {@code domain-cert-revocation-checks} is {@code true}: the device MUST
 *       check revocation then, and this library holds no revocation data.</li>
 *   <li>The owner certificate: {@code malformed} if not a degenerate SignedData of 1 to
 *       {@link SztpLimits#maxCertificates()} certificates with exactly one end entity (the one that
 *       issued none of the others); {@code owner-not-pinned} if that end entity is not valid at the
 *       instant or has no PKIX path through the others to the voucher's {@code pinned-domain-cert} as
 *       trust anchor (the end entity may be the pinned certificate itself).</li>
 *   <li>The conveyed information: {@code malformed} if not a SignedData of
 *       {@code id-ct-sztpConveyedInfoJSON} within the limits; {@code conveyed-signature} if it has
 *       not exactly one signer, that signer is not the owner certificate's end entity, its digest is
 *       not SHA-2, the end entity forbids signing, or the signature does not verify.</li>
 *   <li>Its JSON: {@code malformed} for what {@link ConveyedInformation#fromJson} refuses,
 *       {@code unsupported} for a boot image.</li>
 * </ol>
 *
 * <p>From a trusted bootstrap server ({@link #fromTrustedServer}: its TLS certificate verified
 * with the device's bootstrap CA), unsigned conveyed information is accepted as it is (RFC 8572
 * §5.3); signed data is still verified by every rule above, and signed conveyed information without
 * a voucher and an owner certificate is {@code incomplete}, since nothing could verify it.
 */
public final class DeviceArtifactCheck {

    private final List<X509Certificate> manufacturerAnchors;
    private final String serialNumber;
    private final Optional<Binary> idevidIssuer;
    private final SztpLimits limits;
    private final CmsArtifacts cms;

    /**
     * @param idevidIssuer the authority key identifier of the device's IDevID certificate (RFC 5280
     *                     §4.2.1.1, its keyIdentifier), when it has one
     */
    public DeviceArtifactCheck(List<X509Certificate> manufacturerAnchors, String serialNumber,
            Optional<Binary> idevidIssuer, SztpLimits limits) {
        if (manufacturerAnchors.isEmpty()) {
            throw new IllegalArgumentException("at least one manufacturer trust anchor is needed");
        }
        this.manufacturerAnchors = List.copyOf(manufacturerAnchors);
        this.serialNumber = Objects.requireNonNull(serialNumber);
        this.idevidIssuer = Objects.requireNonNull(idevidIssuer);
        this.limits = limits;
        this.cms = new CmsArtifacts(limits);
    }

    /** Signed data only: RFC 8572 §5.4 for a bootstrap server the device does not trust. */
    public VerifiedBootstrapData fromUntrustedServer(BootstrapArtifacts artifacts, Optional<Binary> sentNonce,
            Instant now) throws BootstrapRefusedException {
        if (!isSigned(artifacts.conveyedInformation())) {
            throw refused(BootstrapRefusal.UNSIGNED, "the bootstrap server is not trusted and its conveyed "
                    + "information is not signed");
        }
        return signed(artifacts, sentNonce, now);
    }

    /** Unsigned conveyed information accepted, signed data verified: RFC 8572 §5.3 for a trusted bootstrap server. */
    public VerifiedBootstrapData fromTrustedServer(BootstrapArtifacts artifacts, Optional<Binary> sentNonce,
            Instant now) throws BootstrapRefusedException {
        if (artifacts.ownershipVoucher().isPresent() || artifacts.ownerCertificate().isPresent()
                || isSigned(artifacts.conveyedInformation())) {
            return signed(artifacts, sentNonce, now);
        }
        try {
            byte[] json = cms.unsignedContent(artifacts.conveyedInformation(),
                    SztpContentType.CONVEYED_INFORMATION_JSON);
            return new VerifiedBootstrapData(conveyed(json), Optional.empty(), Optional.empty());
        } catch (CmsException e) {
            throw refused(BootstrapRefusal.MALFORMED, "conveyed information: " + e.getMessage());
        }
    }

    private VerifiedBootstrapData signed(BootstrapArtifacts artifacts, Optional<Binary> sentNonce, Instant now)
            throws BootstrapRefusedException {
        if (!isSigned(artifacts.conveyedInformation())) {
            throw refused(BootstrapRefusal.UNSIGNED, "an ownership voucher or owner certificate came with conveyed "
                    + "information that is not signed");
        }
        if (artifacts.ownershipVoucher().isEmpty() || artifacts.ownerCertificate().isEmpty()) {
            throw refused(BootstrapRefusal.INCOMPLETE, "signed conveyed information needs both the ownership voucher "
                    + "and the owner certificate; the " + (artifacts.ownershipVoucher().isEmpty() ? "voucher"
                    : "owner certificate") + " is missing");
        }
        Voucher voucher = new VoucherRules(cms, limits, manufacturerAnchors, serialNumber, idevidIssuer)
                .verify(artifacts.ownershipVoucher().get(), sentNonce, now);
        X509Certificate owner = owner(artifacts.ownerCertificate().get(), voucher.pinnedDomainCert(), now);
        SignedContent content;
        try {
            content = cms.verify(artifacts.conveyedInformation(), SztpContentType.CONVEYED_INFORMATION_JSON,
                    List.of(owner));
        } catch (CmsException e) {
            throw refused(e.problem().isSignatures() ? BootstrapRefusal.CONVEYED_SIGNATURE : BootstrapRefusal.MALFORMED,
                    "conveyed information: " + e.getMessage());
        }
        if (!content.signer().equals(owner)) {
            throw refused(BootstrapRefusal.CONVEYED_SIGNATURE, "the conveyed information is signed by a certificate "
                    + "it carries, not by the owner certificate");
        }
        if (!CertificatePaths.maySign(owner)) {
            throw refused(BootstrapRefusal.CONVEYED_SIGNATURE, "the owner certificate's key usage does not allow "
                    + "digitalSignature");
        }
        return new VerifiedBootstrapData(conveyed(content.content()), Optional.of(voucher), Optional.of(owner));
    }

    private X509Certificate owner(byte[] ownerCertificate, X509Certificate pinned, Instant now)
            throws BootstrapRefusedException {
        List<X509Certificate> bag;
        X509Certificate endEntity;
        try {
            bag = cms.certificatesOnly(ownerCertificate);
            endEntity = CertificatePaths.endEntity(bag);
        } catch (CmsException | NoPath e) {
            throw refused(BootstrapRefusal.MALFORMED, "owner certificate: " + e.getMessage());
        }
        try {
            CertificatePaths.requirePath(endEntity, bag, List.of(pinned), now, limits.maxCertificates());
        } catch (NoPath e) {
            throw refused(BootstrapRefusal.OWNER_NOT_PINNED, "the owner certificate does not chain to the voucher's "
                    + "pinned-domain-cert: " + e.getMessage());
        }
        return endEntity;
    }

    private boolean isSigned(byte[] conveyedInformation) throws BootstrapRefusedException {
        try {
            return cms.isSignedData(conveyedInformation);
        } catch (CmsException e) {
            throw refused(BootstrapRefusal.MALFORMED, "conveyed information: " + e.getMessage());
        }
    }

    private static ConveyedInformation conveyed(byte[] json) throws BootstrapRefusedException {
        try {
            return ConveyedInformation.fromJson(json);
        } catch (ArtifactFormatException e) {
            throw refused(e.unsupported() ? BootstrapRefusal.UNSUPPORTED : BootstrapRefusal.MALFORMED,
                    "conveyed information " + e.getMessage());
        }
    }

    static BootstrapRefusedException refused(BootstrapRefusal reason, String detail) {
        return new BootstrapRefusedException(reason, detail);
    }

    /** Constant time, so a forged voucher's nonce teaches nothing byte by byte. */
    static boolean sameBytes(Binary a, Binary b) {
        return MessageDigest.isEqual(a.bytes(), b.bytes());
    }
}
