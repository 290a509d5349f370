package org.callhome.shared.sztp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Reads the CMS structures of RFC 8572 §3 and RFC 8366 §5.1 (RFC 5652): a SignedData with one
 * signer over encapsulated content of an expected type; a degenerate SignedData that only carries
 * certificates; and an unsigned ContentInfo whose content type is the artifact's own. No I/O and
 * no trust decision: a verified signature says which certificate's key made it, and the caller
 * decides whether that certificate is trusted (for instance by chaining it to a trust anchor).
 *
 * <p>Checked in this order, the first failure being the {@link CmsProblem}: the size against
 * {@link SztpLimits#maxArtifactBytes()} before parsing; DER of a ContentInfo with nothing after it;
 * the content type; the number of certificates; then, for signed content, exactly one SignerInfo,
 * its digest SHA-256, SHA-384 or SHA-512, its certificate found among those carried and those the
 * caller knows, and its signature, which Bouncy Castle verifies together with the signed
 * attributes RFC 5652 §5.3 requires for a content type other than id-data (content-type matching the
 * eContentType, message-digest matching the content). The signature is verified with the
 * certificate's public key alone: the certificate's validity is the caller's path check's to judge,
 * at the caller's instant, not at a signing time the signer chose.
 */
public final class CmsArtifacts {

    private static final Set<String> DIGESTS = Set.of(NISTObjectIdentifiers.id_sha256.getId(),
            NISTObjectIdentifiers.id_sha384.getId(), NISTObjectIdentifiers.id_sha512.getId());

    private final SztpLimits limits;

    public CmsArtifacts(SztpLimits limits) {
        this.limits = limits;
    }

    /**
     * Verifies a SignedData over content of type {@code expected} with one signer.
     *
     * @param knownSigners certificates the signer's may be besides those the SignedData carries, such
     *                     as the owner certificate for conveyed information (RFC 8572 §3.1)
     */
    public SignedContent verify(byte[] der, SztpContentType expected, Collection<X509Certificate> knownSigners)
            throws CmsException {
        CMSSignedData signed = signedData(der);
        checkContentType(signed, expected);
        CMSTypedData content = signed.getSignedContent();
        if (content == null) {
            throw new CmsException(CmsProblem.NO_CONTENT, "the SignedData encapsulates no content (a detached "
                    + "signature); the artifact must carry its " + expected);
        }
        List<X509Certificate> carried = certificates(signed);
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new CmsException(CmsProblem.SIGNER_COUNT, "the SignedData has " + signers.size()
                    + " signers; exactly one is accepted");
        }
        SignerInformation signer = signers.iterator().next();
        if (!DIGESTS.contains(signer.getDigestAlgOID())) {
            throw new CmsException(CmsProblem.DIGEST_ALGORITHM, "digest algorithm " + signer.getDigestAlgOID()
                    + " is not accepted; accepted: SHA-256, SHA-384, SHA-512");
        }
        List<X509Certificate> candidates = new ArrayList<>(carried);
        candidates.addAll(knownSigners);
        X509Certificate certificate = signerCertificate(signer, candidates);
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate.getPublicKey()))) {
                throw badSignature("the signature does not verify with the signer's key");
            }
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            throw badSignature("the signature does not verify with the signer's key (" + e.getClass().getSimpleName()
                    + ")");
        }
        return new SignedContent(certificate, (byte[]) content.getContent(), carried);
    }

    /** The certificates of a degenerate SignedData (no signer, no content), as encoded; at least one. */
    public List<X509Certificate> certificatesOnly(byte[] der) throws CmsException {
        CMSSignedData signed = signedData(der);
        checkContentType(signed, SztpContentType.CERTIFICATES_ONLY);
        if (signed.getSignedContent() != null && signed.getSignedContent().getContent() != null) {
            throw new CmsException(CmsProblem.NO_CONTENT, "a certificates-only SignedData must encapsulate no content");
        }
        if (!signed.getSignerInfos().getSigners().isEmpty()) {
            throw new CmsException(CmsProblem.SIGNER_COUNT, "a certificates-only SignedData must have no signer, "
                    + "it has " + signed.getSignerInfos().size());
        }
        List<X509Certificate> certificates = certificates(signed);
        if (certificates.isEmpty()) {
            throw new CmsException(CmsProblem.CERTIFICATE_COUNT, "the SignedData carries no certificate");
        }
        return certificates;
    }

    /** Whether the ContentInfo is a SignedData, as opposed to unsigned content (RFC 8572 §3.1). */
    public boolean isSignedData(byte[] der) throws CmsException {
        return contentInfo(der).getContentType().equals(CMSObjectIdentifiers.signedData);
    }

    /** The content of an unsigned ContentInfo of type {@code expected}: its OCTET STRING (RFC 8572 §3.1). */
    public byte[] unsignedContent(byte[] der, SztpContentType expected) throws CmsException {
        ContentInfo info = contentInfo(der);
        if (!info.getContentType().equals(expected.identifier())) {
            throw new CmsException(CmsProblem.WRONG_CONTENT_TYPE, "content type " + info.getContentType().getId()
                    + " where " + expected + " is expected");
        }
        if (!(info.getContent() instanceof ASN1OctetString octets)) {
            throw new CmsException(CmsProblem.MALFORMED, "the content of an unsigned " + expected
                    + " must be an OCTET STRING");
        }
        return octets.getOctets();
    }

    private ContentInfo contentInfo(byte[] der) throws CmsException {
        if (der.length > limits.maxArtifactBytes()) {
            throw new CmsException(CmsProblem.TOO_BIG, "the artifact (" + der.length + " bytes) exceeds the allowed "
                    + "maximum (" + limits.maxArtifactBytes() + ")");
        }
        try {
            // fromByteArray refuses bytes after the structure, and no length inside may exceed the array's
            ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (info == null || info.getContentType() == null) {
                throw new CmsException(CmsProblem.MALFORMED, "not a CMS ContentInfo");
            }
            return info;
        } catch (IOException | RuntimeException e) {
            throw new CmsException(CmsProblem.MALFORMED, "not DER of a CMS ContentInfo (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private CMSSignedData signedData(byte[] der) throws CmsException {
        ContentInfo info = contentInfo(der);
        if (!info.getContentType().equals(CMSObjectIdentifiers.signedData)) {
            throw new CmsException(CmsProblem.MALFORMED, "content type " + info.getContentType().getId()
                    + " where a SignedData (" + CMSObjectIdentifiers.signedData.getId() + ") is expected");
        }
        try {
            return new CMSSignedData(info);
        } catch (CMSException | RuntimeException e) {
            throw new CmsException(CmsProblem.MALFORMED, "not a well-formed SignedData (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private static void checkContentType(CMSSignedData signed, SztpContentType expected) throws CmsException {
        String type = signed.getSignedContentTypeOID();
        if (!expected.oid().equals(type)) {
            throw new CmsException(CmsProblem.WRONG_CONTENT_TYPE, "encapsulated content type " + type + " where "
                    + expected + " is expected");
        }
    }

    private List<X509Certificate> certificates(CMSSignedData signed) throws CmsException {
        Collection<X509CertificateHolder> holders = signed.getCertificates().getMatches(null);
        if (holders.size() > limits.maxCertificates()) {
            throw new CmsException(CmsProblem.CERTIFICATE_COUNT, "the SignedData carries " + holders.size()
                    + " certificates, more than the allowed maximum (" + limits.maxCertificates() + ")");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (X509CertificateHolder holder : holders) {
                certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(holder.getEncoded())));
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new CmsException(CmsProblem.MALFORMED, "a certificate of the SignedData does not parse ("
                    + e.getClass().getSimpleName() + ")");
        }
        return certificates;
    }

    private static X509Certificate signerCertificate(SignerInformation signer, List<X509Certificate> candidates)
            throws CmsException {
        for (X509Certificate candidate : candidates) {
            try {
                if (signer.getSID().match(new X509CertificateHolder(candidate.getEncoded()))) {
                    return candidate;
                }
            } catch (GeneralSecurityException | IOException e) {
                // a candidate that does not encode cannot be the signer's
            }
        }
        throw new CmsException(CmsProblem.UNKNOWN_SIGNER, "the signer's certificate is neither carried in the "
                + "SignedData nor among the " + candidates.size() + " certificates it may be");
    }

    private static CmsException badSignature(String detail) {
        return new CmsException(CmsProblem.BAD_SIGNATURE, detail);
    }
}
