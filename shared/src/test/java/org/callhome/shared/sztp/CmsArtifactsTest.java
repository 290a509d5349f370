package org.callhome.shared.sztp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.Test;

/** The CMS structures of RFC 8572 §3 as {@link CmsSigning} writes them and {@link CmsArtifacts} reads them. */
class CmsArtifactsTest {

    private static final byte[] JSON = "{\"ietf-voucher:voucher\":{}}".getBytes(StandardCharsets.UTF_8);

    private final SztpLab lab = new SztpLab();
    private final CmsArtifacts cms = new CmsArtifacts(SztpLimits.DEFAULT);

    @Test
    void verifiesWhatItSignedAndReturnsSignerAndContent() throws Exception {
        byte[] signed = lab.signedVoucher(JSON);

        SignedContent content = cms.verify(signed, SztpContentType.VOUCHER_JSON, SztpLab.none());

        assertArrayEquals(JSON, content.content());
        assertEquals(lab.masa.certificate(), content.signer());
        assertEquals(Set.of(lab.masa.certificate(), lab.manufacturerIntermediate.certificate()),
                Set.copyOf(content.certificates()));
        assertTrue(cms.isSignedData(signed));
    }

    @Test
    void findsASignerNotCarriedAmongTheKnownCertificates() throws Exception {
        byte[] signed = sign(lab.owner, SztpContentType.CONVEYED_INFORMATION_JSON, List.of());

        SignedContent content = cms.verify(signed, SztpContentType.CONVEYED_INFORMATION_JSON,
                List.of(lab.masa.certificate(), lab.owner.certificate()));

        assertEquals(lab.owner.certificate(), content.signer());
        assertEquals(List.of(), content.certificates());
    }

    @Test
    void refusesASignerNeitherCarriedNorKnown() {
        byte[] signed = sign(lab.owner, SztpContentType.CONVEYED_INFORMATION_JSON, List.of());

        assertProblem(CmsProblem.UNKNOWN_SIGNER, () -> cms.verify(signed, SztpContentType.CONVEYED_INFORMATION_JSON,
                List.of(lab.masa.certificate())));
    }

    @Test
    void refusesAnotherContentType() {
        byte[] signed = lab.signedVoucher(JSON);

        CmsException e = assertThrows(CmsException.class,
                () -> cms.verify(signed, SztpContentType.CONVEYED_INFORMATION_JSON, SztpLab.none()));

        assertEquals(CmsProblem.WRONG_CONTENT_TYPE, e.problem());
        assertEquals("wrong-content-type: encapsulated content type 1.2.840.113549.1.9.16.1.40 where conveyed "
                + "information (JSON) 1.2.840.113549.1.9.16.1.43 is expected", e.getMessage());
    }

    @Test
    void refusesAlteredContent() {
        byte[] signed = lab.signedVoucher(JSON);
        int at = indexOf(signed, JSON);
        signed[at + 3] ^= 1;

        assertProblem(CmsProblem.BAD_SIGNATURE, () -> cms.verify(signed, SztpContentType.VOUCHER_JSON, SztpLab.none()));
    }

    @Test
    void refusesASignatureByAnotherKeyUnderTheSignersName() throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .build()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(lab.owner.keyPair().getPrivate()),
                lab.masa.certificate()));
        generator.addCertificates(new JcaCertStore(List.of(lab.masa.certificate())));
        byte[] signed = generator.generate(new CMSProcessableByteArray(
                new ASN1ObjectIdentifier(SztpContentType.VOUCHER_JSON.oid()), JSON), true).getEncoded();

        assertProblem(CmsProblem.BAD_SIGNATURE, () -> cms.verify(signed, SztpContentType.VOUCHER_JSON, SztpLab.none()));
    }

    @Test
    void refusesNoSignerAndTwoSigners() throws Exception {
        assertProblem(CmsProblem.SIGNER_COUNT, () -> cms.verify(generate(List.of()), SztpContentType.VOUCHER_JSON,
                SztpLab.none()));
        assertProblem(CmsProblem.SIGNER_COUNT, () -> cms.verify(generate(List.of(lab.masa, lab.owner)),
                SztpContentType.VOUCHER_JSON, SztpLab.none()));
    }

    @Test
    void refusesASha1Digest() throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .build()).build(new JcaContentSignerBuilder("SHA1withECDSA").build(lab.masa.keyPair().getPrivate()),
                lab.masa.certificate()));
        generator.addCertificates(new JcaCertStore(List.of(lab.masa.certificate())));
        byte[] signed = generator.generate(new CMSProcessableByteArray(
                new ASN1ObjectIdentifier(SztpContentType.VOUCHER_JSON.oid()), JSON), true).getEncoded();

        assertProblem(CmsProblem.DIGEST_ALGORITHM, () -> cms.verify(signed, SztpContentType.VOUCHER_JSON,
                SztpLab.none()));
    }

    @Test
    void refusesAnArtifactOneByteOverTheLimitBeforeParsing() throws Exception {
        byte[] signed = lab.signedVoucher(JSON);
        CmsArtifacts atLimit = new CmsArtifacts(new SztpLimits(signed.length, SztpLimits.DEFAULT_CERTIFICATES));
        CmsArtifacts belowLimit = new CmsArtifacts(new SztpLimits(signed.length - 1, SztpLimits.DEFAULT_CERTIFICATES));

        atLimit.verify(signed, SztpContentType.VOUCHER_JSON, SztpLab.none());
        CmsException e = assertThrows(CmsException.class,
                () -> belowLimit.verify(signed, SztpContentType.VOUCHER_JSON, SztpLab.none()));
        assertEquals(CmsProblem.TOO_BIG, e.problem());
        assertTrue(e.getMessage().contains("(" + signed.length + " bytes) exceeds the allowed maximum ("
                + (signed.length - 1) + ")"), e.getMessage());
    }

    @Test
    void refusesMoreCertificatesThanTheLimit() throws Exception {
        byte[] signed = lab.signedVoucher(JSON);

        new CmsArtifacts(new SztpLimits(SztpLimits.DEFAULT_ARTIFACT_BYTES, 2))
                .verify(signed, SztpContentType.VOUCHER_JSON, SztpLab.none());
        assertProblem(CmsProblem.CERTIFICATE_COUNT, () -> new CmsArtifacts(new SztpLimits(
                SztpLimits.DEFAULT_ARTIFACT_BYTES, 1)).verify(signed, SztpContentType.VOUCHER_JSON, SztpLab.none()));
    }

    @Test
    void refusesGarbageTrailingBytesAndAnotherStructure() {
        byte[] signed = lab.signedVoucher(JSON);
        byte[] trailing = Arrays.copyOf(signed, signed.length + 1);

        assertProblem(CmsProblem.MALFORMED, () -> cms.verify(new byte[] {1, 2, 3}, SztpContentType.VOUCHER_JSON,
                SztpLab.none()));
        assertProblem(CmsProblem.MALFORMED, () -> cms.verify(trailing, SztpContentType.VOUCHER_JSON, SztpLab.none()));
        assertProblem(CmsProblem.MALFORMED, () -> cms.verify(CmsSigning.unsigned(SztpContentType.VOUCHER_JSON, JSON),
                SztpContentType.VOUCHER_JSON, SztpLab.none()));
        assertProblem(CmsProblem.MALFORMED, () -> cms.verify(Arrays.copyOf(signed, signed.length / 2),
                SztpContentType.VOUCHER_JSON, SztpLab.none()));
    }

    @Test
    void certificatesOnlyRoundTrips() throws Exception {
        List<X509Certificate> chain = List.of(lab.owner.certificate(),
                lab.ownerIntermediate.certificate(), lab.ownerRoot.certificate());

        // a SET OF in DER: sorted by encoding, so the order is not kept
        assertEquals(Set.copyOf(chain), Set.copyOf(cms.certificatesOnly(CmsSigning.certificatesOnly(chain))));
    }

    @Test
    void certificatesOnlyRefusesSignedContent() {
        assertProblem(CmsProblem.WRONG_CONTENT_TYPE, () -> cms.certificatesOnly(lab.signedVoucher(JSON)));
        assertProblem(CmsProblem.SIGNER_COUNT, () -> cms.certificatesOnly(generate(SztpContentType.CERTIFICATES_ONLY,
                List.of(lab.owner))));
    }

    @Test
    void unsignedContentRoundTrips() throws Exception {
        byte[] unsigned = CmsSigning.unsigned(SztpContentType.CONVEYED_INFORMATION_JSON, JSON);

        assertFalse(cms.isSignedData(unsigned));
        assertArrayEquals(JSON, cms.unsignedContent(unsigned, SztpContentType.CONVEYED_INFORMATION_JSON));
        assertProblem(CmsProblem.WRONG_CONTENT_TYPE, () -> cms.unsignedContent(unsigned, SztpContentType.VOUCHER_JSON));
    }

    @Test
    void signingWithAKeyOfAnotherCertificateIsTheCallersError() {
        assertThrows(IllegalArgumentException.class, () -> CmsSigning.sign(SztpContentType.VOUCHER_JSON, JSON,
                lab.owner.keyPair().getPrivate(), lab.masa.certificate(), List.of()));
    }

    private byte[] sign(Issued signer, SztpContentType type, List<X509Certificate> carried) {
        return CmsSigning.sign(type, JSON, signer.keyPair().getPrivate(), signer.certificate(), carried);
    }

    private byte[] generate(List<Issued> signers) throws Exception {
        return generate(SztpContentType.VOUCHER_JSON, signers);
    }

    /** A SignedData with any number of signers; content of {@code type}, detached for certificates only. */
    private byte[] generate(SztpContentType type, List<Issued> signers) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        for (Issued signer : signers) {
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                    .build()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.keyPair().getPrivate()),
                    signer.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(signer.certificate())));
        }
        if (signers.isEmpty()) {
            generator.addCertificates(new JcaCertStore(List.of(lab.masa.certificate())));
        }
        boolean certificatesOnly = type == SztpContentType.CERTIFICATES_ONLY;
        return generator.generate(new CMSProcessableByteArray(new ASN1ObjectIdentifier(type.oid()), JSON),
                !certificatesOnly).getEncoded();
    }

    private static void assertProblem(CmsProblem expected, Call call) {
        CmsException e = assertThrows(CmsException.class, call::run);
        assertEquals(expected, e.problem(), e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
                return i;
            }
        }
        throw new AssertionError("content not found");
    }

    private interface Call {
        void run() throws Exception;
    }
}
