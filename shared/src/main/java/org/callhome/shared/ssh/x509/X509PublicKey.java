package org.callhome.shared.ssh.x509;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.common.config.keys.UnsupportedSshPublicKey;
import org.callhome.shared.text.PeerText;

/**
 * A public key that is an RFC 6187 certificate chain: what a server key verifier is handed for an
 * {@code x509v3-*} host key, what a public key authenticator is handed for an {@code x509v3-*}
 * login, and the public half of the pair we present or log in with. {@link #chain()} is the chain
 * exactly as the peer sent it, end-entity first; whoever decides on it (PKIX path, validity, key
 * usage, identity) does so from there. The end-entity certificate's key made the signature that
 * came with it: a chain reaches a verifier or an authenticator only once that signature verified.
 *
 * <p>It is a MINA {@link UnsupportedSshPublicKey}, whose key type is the {@code x509v3-*} name and
 * whose key data is the rest of the RFC 6187 blob, so MINA writes it on the wire as the blob, takes
 * its fingerprint and compares it with no knowledge of X.509. Like any such key it has no JCA
 * encoding ({@link #getEncoded()} is null).
 */
public final class X509PublicKey extends UnsupportedSshPublicKey {

    private static final long serialVersionUID = 1L;

    /** Read again from the key data after deserialization ({@link #readResolve()}). */
    private final transient X509KeyBlob blob;

    /** The key that carries {@code blob}. */
    public X509PublicKey(X509KeyBlob blob) {
        super(blob.algorithm().wireName(), keyData(blob));
        this.blob = blob;
    }

    /**
     * The key for an RFC 6187 blob a peer sent (with {@link X509KeyBlob#decode}'s bounds).
     *
     * @throws X509BlobException saying what is wrong, safe to log
     */
    public static X509PublicKey decode(byte[] keyBlob) throws X509BlobException {
        return new X509PublicKey(X509KeyBlob.decode(keyBlob));
    }

    /**
     * The pair MINA presents as a host key or logs in with: {@code chain} (end-entity first) in the
     * public half, {@code key}'s private key in the other.
     *
     * @throws IllegalArgumentException if the end-entity certificate does not certify {@code key}'s
     *     public key, or the key fits no RFC 6187 algorithm
     */
    public static KeyPair keyPair(KeyPair key, List<X509Certificate> chain) {
        Objects.requireNonNull(key, "key");
        X509KeyBlob blob = X509KeyBlob.of(chain);
        if (!Arrays.equals(blob.endEntity().getPublicKey().getEncoded(), key.getPublic().getEncoded())) {
            throw new IllegalArgumentException("the end-entity certificate " + PeerText.quote(blob.endEntity()
                    .getSubjectX500Principal().getName()) + " certifies another key than the key pair's");
        }
        return new KeyPair(new X509PublicKey(blob), key.getPrivate());
    }

    /** The RFC 6187 blob. */
    public X509KeyBlob blob() {
        return blob;
    }

    /** The RFC 6187 algorithm: the one the end-entity key signs with. */
    public X509Algorithm x509Algorithm() {
        return blob.algorithm();
    }

    /** The certificates, end-entity first, as sent. */
    public List<X509Certificate> chain() {
        return blob.chain();
    }

    /** The end-entity certificate. */
    public X509Certificate endEntity() {
        return blob.endEntity();
    }

    /** The end-entity certificate's key: the one that signs. */
    public PublicKey signingKey() {
        return blob.endEntity().getPublicKey();
    }

    /** The whole RFC 6187 blob, algorithm name first, as it goes on the wire. */
    public byte[] encodedBlob() {
        return blob.encode();
    }

    /** The algorithm and the end-entity subject, which comes from the peer and is quoted. */
    @Override
    public String toString() {
        return getKeyType() + " chain of " + chain().size() + " for " + PeerText.quote(endEntity()
                .getSubjectX500Principal().getName(), PeerText.MESSAGE_CHARS);
    }

    private Object readResolve() throws ObjectStreamException {
        byte[] name = getKeyType().getBytes(StandardCharsets.US_ASCII);
        byte[] data = getKeyData();
        byte[] whole = ByteBuffer.allocate(Integer.BYTES + name.length + data.length).putInt(name.length).put(name)
                .put(data).array();
        try {
            return decode(whole);
        } catch (X509BlobException e) {
            throw new InvalidObjectException(e.getMessage());
        }
    }

    private static byte[] keyData(X509KeyBlob blob) {
        byte[] encoded = blob.encode();
        int nameEnd = Integer.BYTES + blob.algorithm().wireName().length();
        return Arrays.copyOfRange(encoded, nameEnd, encoded.length);
    }
}
