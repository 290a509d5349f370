package org.callhome.shared.ssh.x509;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.signature.AbstractSignature;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.BufferException;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.callhome.shared.ssh.cert.VerifierJudgedKeyExchange.HostKeyReader;

/**
 * An RFC 6187 signature as MINA uses signatures: registered under the {@code x509v3-*} name
 * ({@link #factory(X509Algorithm)}), signing with the end-entity key and writing the signature
 * in the base algorithm's format, under the base algorithm's name (§3):
 * {@code string "ecdsa-sha2-nistp256", string (mpint r, mpint s)} (RFC 5656 §3.1.2) or
 * {@code string "rsa2048-sha256", string PKCS#1 v1.5 SHA-256 signature}. MINA's key exchange puts
 * the name {@link #getSshAlgorithmName(String)} gives in front of what {@link #sign} returns; user
 * authentication does not ask, which is why this package has its own client login.
 *
 * <p>Verification is strict: the signature must be that one name and one string, nothing after
 * them, with an ECDSA signature's two integers exactly filling the string; a signature named by any
 * other algorithm (even one that the key could check, such as {@code rsa-sha2-512}) does not verify.
 * It verifies only with an {@link X509PublicKey} of its algorithm, using the end-entity key.
 */
public final class X509Signature extends AbstractSignature {

    /** One factory per {@link X509Algorithm}, in the enum's order. */
    public static final List<NamedFactory<Signature>> FACTORIES =
            Arrays.stream(X509Algorithm.values()).map(X509Signature::factory).toList();

    private final X509Algorithm algorithm;

    private X509Signature(X509Algorithm algorithm) {
        super(algorithm.jcaSignature(), algorithm.signatureName());
        this.algorithm = algorithm;
    }

    /**
     * The factory named {@code algorithm}'s {@code x509v3-*} name. It also reads that algorithm's
     * key blob ({@link HostKeyReader}), so that the project's client key exchange takes such host keys.
     */
    public static NamedFactory<Signature> factory(X509Algorithm algorithm) {
        return new Factory(algorithm);
    }

    /** @throws InvalidKeyException unless {@code key} is an {@link X509PublicKey} of this algorithm */
    @Override
    public void initVerifier(SessionContext session, PublicKey key) throws Exception {
        if (!(key instanceof X509PublicKey x509) || x509.x509Algorithm() != algorithm) {
            throw new InvalidKeyException(algorithm.wireName() + " verifies with an " + algorithm.wireName()
                    + " certificate chain, not a " + (key == null ? "missing key" : key.getAlgorithm() + " key"));
        }
        super.initVerifier(session, x509.signingKey());
    }

    /** The signature in the base algorithm's format, without its name (the caller writes that). */
    @Override
    public byte[] sign(SessionContext session) throws Exception {
        byte[] signature = super.sign(session);
        if (algorithm == X509Algorithm.RSA2048_SHA256) {
            return signature;
        }
        ASN1Sequence der = ASN1Sequence.getInstance(signature);
        Buffer rs = new ByteArrayBuffer();
        rs.putMPInt(ASN1Integer.getInstance(der.getObjectAt(0)).getPositiveValue());
        rs.putMPInt(ASN1Integer.getInstance(der.getObjectAt(1)).getPositiveValue());
        return rs.getCompactData();
    }

    /** {@code signature} is the whole signature blob, name first; false for any other form (see the class comment). */
    @Override
    public boolean verify(SessionContext session, byte[] signature) throws Exception {
        Optional<byte[]> inner = inner(signature).flatMap(this::jcaForm);
        if (inner.isEmpty()) {
            return false;
        }
        try {
            return doVerify(inner.get());
        } catch (SignatureException e) {
            return false;
        }
    }

    /** The string after the base algorithm's name, if the blob is exactly that name and one string. */
    private Optional<byte[]> inner(byte[] signature) {
        try {
            Buffer blob = new ByteArrayBuffer(signature);
            byte[] name = blob.getBytes();
            byte[] inner = blob.getBytes();
            return Arrays.equals(name, algorithm.signatureName().getBytes(StandardCharsets.US_ASCII))
                    && blob.available() == 0 ? Optional.of(inner) : Optional.empty();
        } catch (BufferException e) {
            return Optional.empty();
        }
    }

    /** What the JCA verifies: the PKCS#1 signature as it is, or an ECDSA signature's two integers as DER. */
    private Optional<byte[]> jcaForm(byte[] inner) {
        if (algorithm == X509Algorithm.RSA2048_SHA256) {
            return Optional.of(inner);
        }
        try {
            Buffer rs = new ByteArrayBuffer(inner);
            BigInteger r = rs.getMPInt();
            BigInteger s = rs.getMPInt();
            if (rs.available() != 0 || r.signum() <= 0 || s.signum() <= 0) {
                return Optional.empty();
            }
            return Optional.of(new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER));
        } catch (BufferException | IOException e) {
            return Optional.empty();
        }
    }

    /** The class and the {@code x509v3-*} name, for logs. */
    @Override
    public String toString() {
        return "X509Signature[" + algorithm.wireName() + "]";
    }

    /** A MINA signature factory that also reads its algorithm's key blob. */
    private record Factory(X509Algorithm algorithm) implements NamedFactory<Signature>, HostKeyReader {

        @Override
        public String getName() {
            return algorithm.wireName();
        }

        @Override
        public Signature create() {
            return new X509Signature(algorithm);
        }

        @Override
        public PublicKey readHostKey(byte[] hostKeyBlob) throws InvalidKeySpecException {
            X509PublicKey key;
            try {
                key = X509PublicKey.decode(hostKeyBlob);
            } catch (X509BlobException e) {
                throw new InvalidKeySpecException(e.getMessage());
            }
            if (key.x509Algorithm() != algorithm) {
                throw new InvalidKeySpecException("the key blob is an " + key.x509Algorithm().wireName() + " chain, but "
                        + algorithm.wireName() + " was negotiated");
            }
            return key;
        }
    }
}
