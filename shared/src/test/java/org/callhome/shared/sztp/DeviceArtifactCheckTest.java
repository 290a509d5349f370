package org.callhome.shared.sztp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.Test;

/** The device's decision on a bootstrap server's data (RFC 8572 §5.3–§5.6): accepted, and each refusal. */
class DeviceArtifactCheckTest {

    private static final Binary NONCE = Binary.of("sixteen byte non".getBytes(StandardCharsets.US_ASCII));

    private final SztpLab lab = new SztpLab();

    @Test
    void acceptsSignedDataFromAnUntrustedServer() throws Exception {
        VerifiedBootstrapData data = lab.device().fromUntrustedServer(lab.signedArtifacts(lab.voucher()),
                Optional.empty(), SztpLab.NOW);

        assertEquals(SztpLab.onboarding(), data.information());
        assertEquals(Optional.of(lab.voucher()), data.voucher());
        assertEquals(Optional.of(lab.owner.certificate()), data.ownerCertificate());
        assertTrue(data.signed());
    }

    @Test
    void acceptsAnOwnerWhoseEndEntityIsThePinnedCertificate() throws Exception {
        Issued selfSigned = lab.lab.root("Owner Itself").keyUsage(KeyUsage.digitalSignature).ca(false).issue();
        Voucher voucher = pinning(selfSigned);
        OwnerArtifacts owner = new OwnerArtifacts(selfSigned.keyPair().getPrivate(), List.of(selfSigned.certificate()));

        VerifiedBootstrapData data = lab.device().fromUntrustedServer(BootstrapArtifacts.signed(
                owner.signedConveyedInformation(SztpLab.onboarding()), lab.signedVoucher(voucher),
                owner.ownerCertificate()), Optional.empty(), SztpLab.NOW);

        assertEquals(Optional.of(selfSigned.certificate()), data.ownerCertificate());
    }

    @Test
    void acceptsANoncedVoucherWithTheNonceSentAndRefusesAnotherOrNone() throws Exception {
        Voucher nonced = nonced(NONCE);
        BootstrapArtifacts artifacts = lab.signedArtifacts(nonced);

        lab.device().fromUntrustedServer(artifacts, Optional.of(NONCE), SztpLab.NOW.plus(Duration.ofDays(300)));
        assertRefused(BootstrapRefusal.NONCE_MISMATCH, "the voucher's nonce is not the one this device sent",
                () -> lab.device().fromUntrustedServer(artifacts, Optional.of(Binary.of(new byte[16])), SztpLab.NOW));
        assertRefused(BootstrapRefusal.NONCE_MISMATCH, "the voucher carries a nonce and this device sent none",
                () -> lab.device().fromUntrustedServer(artifacts, Optional.empty(), SztpLab.NOW));
    }

    @Test
    void acceptsANoncelessVoucherWhenTheDeviceSentANonce() throws Exception {
        lab.device().fromUntrustedServer(lab.signedArtifacts(lab.voucher()), Optional.of(NONCE), SztpLab.NOW);
    }

    @Test
    void acceptsAVoucherWithoutExpiryOrNonceAsLifelong() throws Exception {
        Voucher lifelong = new Voucher(SztpLab.NOW, Optional.empty(), VoucherAssertion.LOGGED, SztpLab.SERIAL,
                Optional.empty(), lab.ownerRoot.certificate(), Optional.empty(), Optional.empty(), Optional.empty());

        lab.device().fromUntrustedServer(lab.signedArtifacts(lifelong), Optional.empty(), SztpLab.NOW.plus(
                Duration.ofDays(300)));
    }

    @Test
    void refusesAnExpiredVoucherAtTheFirstInstantAfterExpiry() throws Exception {
        BootstrapArtifacts artifacts = lab.signedArtifacts(lab.voucher());
        Instant expiry = lab.voucher().expiresOn().orElseThrow();

        lab.device().fromUntrustedServer(artifacts, Optional.empty(), expiry);
        assertRefused(BootstrapRefusal.VOUCHER_EXPIRED, "the voucher expired on " + expiry + ", before "
                + expiry.plusSeconds(1), () -> lab.device().fromUntrustedServer(artifacts, Optional.empty(),
                expiry.plusSeconds(1)));
    }

    @Test
    void refusesAVoucherForAnotherSerialNumber() {
        Voucher other = new Voucher(SztpLab.NOW, lab.voucher().expiresOn(), VoucherAssertion.VERIFIED, "SN-4712",
                Optional.empty(), lab.ownerRoot.certificate(), Optional.empty(), Optional.empty(), Optional.empty());

        assertRefused(BootstrapRefusal.VOUCHER_SERIAL_MISMATCH, "the voucher is for serial number 'SN-4712', not this "
                + "device's", () -> untrusted(lab.signedArtifacts(other)));
    }

    @Test
    void refusesAVoucherForAnotherIdevidIssuer() {
        Voucher voucher = new Voucher(SztpLab.NOW, lab.voucher().expiresOn(), VoucherAssertion.VERIFIED, SztpLab.SERIAL,
                Optional.of(Binary.of(new byte[] {1})), lab.ownerRoot.certificate(), Optional.empty(),
                Optional.empty(), Optional.empty());
        BootstrapArtifacts artifacts = lab.signedArtifacts(voucher);
        DeviceArtifactCheck withIssuer = new DeviceArtifactCheck(List.of(lab.manufacturerRoot.certificate()),
                SztpLab.SERIAL, Optional.of(Binary.of(new byte[] {2})), SztpLimits.DEFAULT);

        assertRefused(BootstrapRefusal.VOUCHER_IDEVID_ISSUER_MISMATCH, "the voucher's idevid-issuer is not this "
                + "device's IDevID authority key identifier", () -> withIssuer.fromUntrustedServer(artifacts,
                Optional.empty(), SztpLab.NOW));
        assertRefused(BootstrapRefusal.VOUCHER_IDEVID_ISSUER_MISMATCH, "the voucher names an IDevID issuer and this "
                + "device knows none of its own", () -> untrusted(artifacts));
    }

    @Test
    void refusesAVoucherOfAnotherManufacturer() {
        SztpLab other = new SztpLab();
        BootstrapArtifacts artifacts = BootstrapArtifacts.signed(lab.ownerArtifacts().signedConveyedInformation(
                SztpLab.onboarding()), other.signedVoucher(lab.voucher()), lab.ownerArtifacts().ownerCertificate());

        BootstrapRefusedException e = assertThrows(BootstrapRefusedException.class, () -> untrusted(artifacts));
        assertEquals(BootstrapRefusal.VOUCHER_SIGNATURE, e.reason());
        assertTrue(e.detail().startsWith("the voucher's signer does not chain to a manufacturer trust anchor: no "
                + "valid certification path"), e.detail());
    }

    @Test
    void refusesAVoucherSignedByAnotherKey() {
        byte[] voucher = CmsSigning.sign(SztpContentType.VOUCHER_JSON, lab.voucher().toJson(),
                lab.owner.keyPair().getPrivate(), lab.owner.certificate(), List.of(lab.owner.certificate()));

        assertRefused(BootstrapRefusal.VOUCHER_SIGNATURE, null, () -> untrusted(BootstrapArtifacts.signed(
                lab.ownerArtifacts().signedConveyedInformation(SztpLab.onboarding()), voucher,
                lab.ownerArtifacts().ownerCertificate())));
    }

    @Test
    void refusesAnOwnerCertificateNotUnderThePinnedOne() {
        SztpLab other = new SztpLab();
        BootstrapArtifacts artifacts = BootstrapArtifacts.signed(other.ownerArtifacts().signedConveyedInformation(
                SztpLab.onboarding()), lab.signedVoucher(lab.voucher()), other.ownerArtifacts().ownerCertificate());

        BootstrapRefusedException e = assertThrows(BootstrapRefusedException.class, () -> untrusted(artifacts));
        assertEquals(BootstrapRefusal.OWNER_NOT_PINNED, e.reason());
    }

    @Test
    void refusesConveyedInformationSignedByAnotherOwnerKey() {
        Issued colleague = lab.lab.device(lab.ownerIntermediate, "owner-2").issue();
        byte[] conveyed = new OwnerArtifacts(colleague.keyPair().getPrivate(), List.of(colleague.certificate()))
                .signedConveyedInformation(SztpLab.onboarding());

        assertRefused(BootstrapRefusal.CONVEYED_SIGNATURE, "conveyed information: unknown-signer: the signer's "
                + "certificate is neither carried in the SignedData nor among the 1 certificates it may be",
                () -> untrusted(BootstrapArtifacts.signed(conveyed, lab.signedVoucher(lab.voucher()),
                        lab.ownerArtifacts().ownerCertificate())));
    }

    @Test
    void refusesUnsignedOrIncompleteDataFromAnUntrustedServer() {
        byte[] unsigned = OwnerArtifacts.unsignedConveyedInformation(SztpLab.onboarding());
        BootstrapArtifacts signed = lab.signedArtifacts(lab.voucher());

        assertRefused(BootstrapRefusal.UNSIGNED, "the bootstrap server is not trusted and its conveyed information is "
                + "not signed", () -> untrusted(BootstrapArtifacts.unsigned(unsigned)));
        assertRefused(BootstrapRefusal.INCOMPLETE, "signed conveyed information needs both the ownership voucher and "
                + "the owner certificate; the owner certificate is missing", () -> untrusted(new BootstrapArtifacts(
                signed.conveyedInformation(), signed.ownershipVoucher(), Optional.empty())));
    }

    @Test
    void refusesMalformedArtifacts() {
        BootstrapArtifacts signed = lab.signedArtifacts(lab.voucher());

        assertRefused(BootstrapRefusal.MALFORMED, null, () -> untrusted(BootstrapArtifacts.signed(new byte[] {0x30, 0},
                signed.ownershipVoucher().orElseThrow(), signed.ownerCertificate().orElseThrow())));
        assertRefused(BootstrapRefusal.MALFORMED, "ownership voucher: wrong-content-type: encapsulated content type "
                + "1.2.840.113549.1.9.16.1.43 where voucher (JSON) 1.2.840.113549.1.9.16.1.40 is expected",
                () -> untrusted(BootstrapArtifacts.signed(signed.conveyedInformation(), signed.conveyedInformation(),
                        signed.ownerCertificate().orElseThrow())));
        assertRefused(BootstrapRefusal.MALFORMED, "ownership voucher /ietf-voucher:voucher: missing member "
                + "'serial-number'", () -> untrusted(BootstrapArtifacts.signed(signed.conveyedInformation(),
                lab.signedVoucher(new String(lab.voucher().toJson(), StandardCharsets.UTF_8)
                        .replace("\"serial-number\":\"SN-4711\",", "").getBytes(StandardCharsets.UTF_8)),
                signed.ownerCertificate().orElseThrow())));
    }

    @Test
    void refusesAVoucherDemandingRevocationChecks() {
        Voucher voucher = new Voucher(SztpLab.NOW, lab.voucher().expiresOn(), VoucherAssertion.VERIFIED, SztpLab.SERIAL,
                Optional.empty(), lab.ownerRoot.certificate(), Optional.of(true), Optional.empty(), Optional.empty());

        assertRefused(BootstrapRefusal.UNSUPPORTED, null, () -> untrusted(lab.signedArtifacts(voucher)));
    }

    @Test
    void trustedServerAcceptsUnsignedDataAndStillVerifiesSignedData() throws Exception {
        byte[] unsigned = OwnerArtifacts.unsignedConveyedInformation(SztpLab.onboarding());

        VerifiedBootstrapData data = lab.device().fromTrustedServer(BootstrapArtifacts.unsigned(unsigned),
                Optional.empty(), SztpLab.NOW);
        assertEquals(SztpLab.onboarding(), data.information());
        assertFalse(data.signed());

        BootstrapArtifacts expired = lab.signedArtifacts(lab.voucher());
        assertRefused(BootstrapRefusal.VOUCHER_EXPIRED, null, () -> lab.device().fromTrustedServer(expired,
                Optional.empty(), SztpLab.NOW.plus(Duration.ofDays(8))));
        assertRefused(BootstrapRefusal.INCOMPLETE, null, () -> lab.device().fromTrustedServer(BootstrapArtifacts
                .unsigned(expired.conveyedInformation()), Optional.empty(), SztpLab.NOW));
    }

    private Voucher pinning(Issued pinned) {
        return new Voucher(SztpLab.NOW, lab.voucher().expiresOn(), VoucherAssertion.VERIFIED, SztpLab.SERIAL,
                Optional.empty(), pinned.certificate(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private Voucher nonced(Binary nonce) {
        return new Voucher(SztpLab.NOW, Optional.empty(), VoucherAssertion.PROXIMITY, SztpLab.SERIAL, Optional.empty(),
                lab.ownerRoot.certificate(), Optional.empty(), Optional.of(nonce), Optional.empty());
    }

    private VerifiedBootstrapData untrusted(BootstrapArtifacts artifacts) throws BootstrapRefusedException {
        return lab.device().fromUntrustedServer(artifacts, Optional.empty(), SztpLab.NOW);
    }

    /** Refused for {@code reason}, with {@code detail} unless null. */
    private static void assertRefused(BootstrapRefusal reason, String detail, Call call) {
        BootstrapRefusedException e = assertThrows(BootstrapRefusedException.class, call::run);
        assertEquals(reason, e.reason(), e.getMessage());
        if (detail != null) {
            assertEquals(detail, e.detail());
        }
    }

    private interface Call {
        void run() throws Exception;
    }
}
