package org.callhome.shared.ssh.x509;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.callhome.shared.text.PeerText;

/**
 * The public key blob of an RFC 6187 algorithm (§2.1): the algorithm's name, the certificate
 * chain, end-entity first, each next certificate certifying the previous one, in DER, and OCSP
 * responses (none are sent; received ones are kept, unread):
 * <pre>
 * string  "x509v3-..."
 * uint32  certificate-count (at least 1)
 * string  certificate[1..certificate-count]
 * uint32  ocsp-response-count
 * string  ocsp-response[0..ocsp-response-count]
 * </pre>
 * The chain goes up to, not including, the trust anchor (RFC 8071 §4). Everything the peer
 * controls is bounded when decoding: {@link #MAX_BLOB_BYTES} in all, {@link #MAX_CERTIFICATES}
 * certificates, {@link #MAX_OCSP_RESPONSES} responses. The end-entity certificate's key must fit
 * the named algorithm.
 *
 * @param chain the certificates, end-entity first
 * @param ocspResponses DER OCSP responses as received (copies)
 */
public record X509KeyBlob(X509Algorithm algorithm, List<X509Certificate> chain, List<byte[]> ocspResponses) {

    /** Far above a chain of a few certificates (each one or two kilobytes). */
    public static final int MAX_BLOB_BYTES = 64 * 1024;
    public static final int MAX_CERTIFICATES = 8;
    public static final int MAX_OCSP_RESPONSES = 8;

    public X509KeyBlob {
        Objects.requireNonNull(algorithm, "algorithm");
        chain = List.copyOf(chain);
        ocspResponses = ocspResponses.stream().map(byte[]::clone).toList();
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an RFC 6187 key blob carries at least the end-entity certificate");
        }
        if (!algorithm.fits(chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException("the end-entity certificate's key (" + chain.get(0).getPublicKey()
                    .getAlgorithm() + ") does not fit " + algorithm.wireName());
        }
    }

    /** A blob for {@code chain} (end-entity first), of the algorithm its end-entity key fits, without OCSP responses. */
    public static X509KeyBlob of(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an RFC 6187 key blob carries at least the end-entity certificate");
        }
        X509Algorithm algorithm = X509Algorithm.forKey(chain.get(0).getPublicKey()).orElseThrow(() ->
                new IllegalArgumentException("no RFC 6187 algorithm for a " + chain.get(0).getPublicKey()
                        .getAlgorithm() + " key: use EC P-256, P-384, P-521 or RSA of 2048 bits or more"));
        return new X509KeyBlob(algorithm, chain, List.of());
    }

    /** The end-entity certificate: the one whose key signs. */
    public X509Certificate endEntity() {
        return chain.get(0);
    }

    /** The blob's bytes, as they go into a key exchange reply or a user authentication request. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            string(out, algorithm.wireName().getBytes(StandardCharsets.US_ASCII));
            out.writeInt(chain.size());
            for (X509Certificate certificate : chain) {
                string(out, certificate.getEncoded());
            }
            out.writeInt(ocspResponses.size());
            for (byte[] response : ocspResponses) {
                string(out, response);
            }
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the certificate chain: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static void string(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    /**
     * Reads a blob a peer sent.
     *
     * @throws X509BlobException saying what is wrong, in words safe to log (peer text quoted)
     */
    public static X509KeyBlob decode(byte[] blob) throws X509BlobException {
        if (blob.length > MAX_BLOB_BYTES) {
            throw new X509BlobException("the key blob is " + blob.length + " bytes, more than " + MAX_BLOB_BYTES);
        }
        ByteBuffer in = ByteBuffer.wrap(blob);
        try {
            String name = new String(string(in, 64, "algorithm name"), StandardCharsets.US_ASCII);
            X509Algorithm algorithm = X509Algorithm.find(name).orElseThrow(() -> new X509BlobException(
                    "unsupported X.509 public key algorithm " + PeerText.quote(name)));
            long count = Integer.toUnsignedLong(in.getInt());
            if (count < 1 || count > MAX_CERTIFICATES) {
                throw new X509BlobException("the blob holds " + count + " certificates; between 1 and "
                        + MAX_CERTIFICATES + " are taken");
            }
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] der = string(in, MAX_BLOB_BYTES, "certificate " + (i + 1));
                try {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                } catch (CertificateException | ClassCastException e) {
                    throw new X509BlobException("certificate " + (i + 1) + " of the chain is not DER X.509: "
                            + PeerText.shown(String.valueOf(e.getMessage()), PeerText.MESSAGE_CHARS));
                }
            }
            long responses = Integer.toUnsignedLong(in.getInt());
            if (responses > MAX_OCSP_RESPONSES) {
                throw new X509BlobException("the blob holds " + responses + " OCSP responses; at most "
                        + MAX_OCSP_RESPONSES + " are taken");
            }
            List<byte[]> ocsp = new ArrayList<>();
            for (int i = 0; i < responses; i++) {
                ocsp.add(string(in, MAX_BLOB_BYTES, "OCSP response " + (i + 1)));
            }
            if (in.hasRemaining()) {
                throw new X509BlobException(in.remaining() + " bytes after the OCSP responses");
            }
            try {
                return new X509KeyBlob(algorithm, chain, ocsp);
            } catch (IllegalArgumentException e) {
                throw new X509BlobException(e.getMessage());
            }
        } catch (BufferUnderflowException e) {
            throw new X509BlobException("the key blob ends early");
        } catch (CertificateException e) {
            throw new IllegalStateException("no X.509 certificate factory in this Java", e);
        }
    }

    private static byte[] string(ByteBuffer in, int max, String what) throws X509BlobException {
        long length = Integer.toUnsignedLong(in.getInt());
        if (length > max || length > in.remaining()) {
            throw new X509BlobException(what + ": length " + length + " exceeds what is left of the blob");
        }
        byte[] value = new byte[(int) length];
        in.get(value);
        return value;
    }

    /** Equal blobs carry equal chains, algorithms and responses. */
    @Override
    public boolean equals(Object other) {
        return other instanceof X509KeyBlob that && Arrays.equals(encode(), that.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }
}
