package org.callhome.shared.ssh;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * SSH public key blobs (RFC 4253 §6.6: {@code string type, type-specific fields}), the one
 * canonical form of a key: OpenSSH lines carry it in base64, fingerprints hash it, and two keys
 * are the same key exactly when their blobs are equal, whichever JCA provider made the objects.
 * Only the key types of {@link SshPolicy#SIGNATURES} are accepted; no certificates, no DSA, no
 * security-key ({@code sk-}) types.
 */
final class KeyBlobs {

    /** In the order ssh-keygen users know them. */
    static final List<String> KEY_TYPES = List.of(
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa");

    /** How every SSH key type name starts, ours or not (ssh-dss, sk-ssh-ed25519@openssh.com, ...). */
    private static final List<String> KEY_TYPE_PREFIXES = List.of("ssh-", "ecdsa-", "sk-", "rsa-", "x509v3-");

    private KeyBlobs() {
    }

    /**
     * Whether {@code word} is named like a key type, supported or not: neither a device id nor an
     * authorized_keys option starts this way, so a line starting with one is a key line.
     */
    static boolean looksLikeKeyType(String word) {
        return !word.contains("=") && !word.contains("\"") && KEY_TYPE_PREFIXES.stream().anyMatch(word::startsWith);
    }

    /** @throws IllegalArgumentException for a key of a type we do not accept */
    static String keyType(PublicKey key) {
        String type = KeyUtils.getKeyType(key);
        if (type == null || !KEY_TYPES.contains(type)) {
            throw new IllegalArgumentException("unsupported public key type " + (type != null ? type : key.getAlgorithm())
                    + "; supported: " + String.join(", ", KEY_TYPES));
        }
        return type;
    }

    /** @throws IllegalArgumentException for a key of a type we do not accept */
    static byte[] encode(PublicKey key) {
        keyType(key);
        ByteArrayBuffer buffer = new ByteArrayBuffer();
        buffer.putRawPublicKey(normalize(key));
        return buffer.getCompactData();
    }

    /** A string equal for equal keys and different otherwise: the base64 of the blob. */
    static String identity(PublicKey key) {
        return Base64.getEncoder().encodeToString(encode(key));
    }

    /**
     * Decodes a blob that claims to hold a key of {@code declaredType}. The blob must say the same
     * type and re-encode to exactly the same bytes, so trailing data or a non-canonical encoding is
     * refused instead of silently ignored.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static PublicKey decode(String declaredType, byte[] blob) {
        PublicKey key;
        try {
            key = new ByteArrayBuffer(blob).getRawPublicKey();
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed " + declaredType + " key data: " + e.getMessage(), e);
        }
        String actualType = KeyUtils.getKeyType(key);
        if (!declaredType.equals(actualType)) {
            throw new IllegalArgumentException("key data holds a " + actualType + " key, but the line says " + declaredType);
        }
        if (!Arrays.equals(blob, encode(key))) {
            throw new IllegalArgumentException("malformed " + declaredType + " key data: extra or non-canonical bytes");
        }
        return key;
    }

    /**
     * MINA encodes Ed25519 only from its own provider's key class; a JDK (SunEC) Ed25519 key is
     * converted through its X.509 encoding. RSA and EC keys are encoded through the standard interfaces.
     */
    private static PublicKey normalize(PublicKey key) {
        if (!"ssh-ed25519".equals(KeyUtils.getKeyType(key)) || SecurityUtils.getEDDSAPublicKeyType().isInstance(key)) {
            return key;
        }
        try {
            return SecurityUtils.getKeyFactory(SecurityUtils.ED25519).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot convert " + key.getClass().getName() + " to an SSH Ed25519 key", e);
        }
    }
}
