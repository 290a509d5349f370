package org.callhome.shared.sztp;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Writes the CMS structures of RFC 8572 §3 as DER: a SignedData over encapsulated content of an
 * artifact's type (RFC 5652 §5, with the signed attributes §5.3 requires for a content type other
 * than id-data: content-type, message-digest, and Bouncy Castle's signing-time and
 * CMS algorithm protection), a degenerate SignedData of certificates only, and the unsigned
 * ContentInfo of conveyed information. What this signs, {@link CmsArtifacts} and
 * {@code openssl cms -verify} both verify.
 *
 * <p>The signature algorithm follows the key: ECDSA with SHA-256 on P-256, SHA-384 on P-384,
 * SHA-512 on P-521; RSA PKCS#1 v1.5 with SHA-256 for RSA keys; Ed25519 (RFC 8419). A key of another
 * type, or one that does not match the signer's certificate, is the caller's error.
 */
public final class CmsSigning {

    private CmsSigning() {
    }

    /**
     * A SignedData over {@code content} of {@code type}, signed by {@code key} whose certificate is
     * {@code signer}, carrying {@code certificates} (none, the signer's, or its chain).
     *
     * @throws IllegalArgumentException when the key does not match the certificate or has no algorithm here
     */
    public static byte[] sign(SztpContentType type, byte[] content, PrivateKey key, X509Certificate signer,
            List<X509Certificate> certificates) {
        if (type == SztpContentType.CERTIFICATES_ONLY) {
            throw new IllegalArgumentException("certificates-only SignedData is not signed: use certificatesOnly");
        }
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm(signer.getPublicKey())).build(key);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build()).build(contentSigner, signer));
            generator.addCertificates(new JcaCertStore(certificates));
            byte[] signed = generator.generate(new CMSProcessableByteArray(type.identifier(), content), true)
                    .getEncoded(ASN1Encoding.DER);
            requireKeyMatches(type, signed, signer);
            return signed;
        } catch (OperatorCreationException | CMSException | GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot sign " + type + " with a " + signer.getPublicKey().getAlgorithm()
                    + " key: " + e.getMessage(), e);
        }
    }

    /**
     * A degenerate SignedData carrying {@code certificates}: no signer, no content (RFC 8572 §3.2).
     * Their order is not kept: DER sorts a SET OF by encoding, so readers find the end entity by issuer names.
     */
    public static byte[] certificatesOnly(List<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("a certificates-only SignedData needs at least one certificate");
        }
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(certificates));
            return generator.generate(new CMSAbsentContent(), false).getEncoded(ASN1Encoding.DER);
        } catch (CMSException | GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot encode the certificates: " + e.getMessage(), e);
        }
    }

    /** An unsigned ContentInfo of {@code type}: its OCTET STRING content is {@code content} (RFC 8572 §3.1). */
    public static byte[] unsigned(SztpContentType type, byte[] content) {
        try {
            return new ContentInfo(type.identifier(), new DEROctetString(content)).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory failed", e);
        }
    }

    private static String algorithm(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if (key instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
            return "Ed25519";
        }
        throw new IllegalArgumentException("no signature algorithm for a " + key.getAlgorithm() + " key");
    }

    /** A private key of another certificate would make an artifact no one can verify: refuse it here, not later. */
    private static void requireKeyMatches(SztpContentType type, byte[] signed, X509Certificate signer) {
        try {
            new CmsArtifacts(new SztpLimits(SztpLimits.CEILING_ARTIFACT_BYTES, SztpLimits.CEILING_CERTIFICATES))
                    .verify(signed, type, List.of(signer));
        } catch (CmsException e) {
            throw new IllegalArgumentException("the private key does not match the signer's certificate ("
                    + e.getMessage() + ")");
        }
    }
}
