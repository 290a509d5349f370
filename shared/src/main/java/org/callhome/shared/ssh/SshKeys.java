package org.callhome.shared.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.callhome.shared.text.PeerText;

/**
 * SSH keys in the formats operators handle with {@code ssh-keygen}: private keys in OpenSSH or PEM
 * files, public keys as OpenSSH lines, fingerprints as {@code ssh-keygen -l} prints them. Key types
 * are those {@link SshPolicy} signs with: Ed25519, ECDSA (NIST P-256/384/521) and RSA. Keys are
 * made by MINA's providers (Bouncy Castle), so they work in MINA sessions as they are.
 */
public final class SshKeys {

    /** The key types accepted everywhere, as OpenSSH names them: ed25519, the NIST ECDSA curves and RSA. */
    public static final List<String> KEY_TYPES = KeyBlobs.KEY_TYPES;

    private SshKeys() {
    }

    /**
     * Loads an unencrypted private key (OpenSSH "BEGIN OPENSSH PRIVATE KEY" or PEM: PKCS#1 RSA,
     * SEC1 EC, PKCS#8) of type ed25519, ecdsa or rsa.
     *
     * @throws IOException whose message starts with the file name and says what is wrong: missing,
     *     unreadable, encrypted, not a private key, several keys, or an unsupported type (e.g. DSA)
     */
    public static KeyPair loadPrivateKey(Path file) throws IOException {
        return PrivateKeyFiles.read(file);
    }

    /**
     * Loads the key; when the file is missing, creates a new Ed25519 key there in OpenSSH format
     * with owner-only permissions (0600; parent folders created) and returns it. If another process
     * creates the file at the same moment, its key is loaded and used instead of ours.
     */
    public static KeyPair loadOrCreateHostKey(Path file) throws IOException {
        return KeyFile.open(file).save();
    }

    /** Writes the key pair in OpenSSH private key format, unencrypted, 0600, replacing the file. */
    public static void writePrivateKey(KeyPair keyPair, Path file) throws IOException {
        PrivateKeyFiles.write(keyPair, file);
    }

    /**
     * Parses {@code "ssh-ed25519 AAAA... [comment]"} (also {@code ecdsa-sha2-nistp256/384/521} and
     * {@code ssh-rsa}). The type word must match the type inside the base64 key data.
     *
     * @throws IllegalArgumentException with a message saying what is wrong with the line
     */
    public static PublicKey parsePublicKey(String openSshLine) {
        String line = openSshLine.strip();
        if (line.isEmpty()) {
            throw new IllegalArgumentException("empty public key line");
        }
        String[] fields = line.split("\\s+", 3);
        String type = fields[0];
        if (!KeyBlobs.KEY_TYPES.contains(type)) {
            throw new IllegalArgumentException("unsupported public key type " + PeerText.quote(type)
                    + "; supported: " + String.join(", ", KeyBlobs.KEY_TYPES));
        }
        if (fields.length < 2) {
            throw new IllegalArgumentException("missing base64 key data after '" + type + "'");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(fields[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type + " key data is not valid base64: " + e.getMessage(), e);
        }
        return KeyBlobs.decode(type, blob);
    }

    /** {@code "ssh-ed25519 AAAA..."} without comment, as in authorized_keys and known_hosts. */
    public static String toOpenSsh(PublicKey key) {
        return KeyBlobs.keyType(key) + " " + Base64.getEncoder().encodeToString(KeyBlobs.encode(key));
    }

    /**
     * The key's SSH wire form (RFC 4253 §6.6), the bytes that fingerprints hash and that OpenSSH
     * revocation lists name keys by; equal for equal keys whichever provider made them.
     *
     * @throws IllegalArgumentException for a key of a type we do not accept (certificates included)
     */
    public static byte[] blob(PublicKey key) {
        return KeyBlobs.encode(key);
    }

    /** OpenSSH form {@code "SHA256:"} + unpadded base64 of the SHA-256 of the key blob: identical to {@code ssh-keygen -l}. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(KeyBlobs.encode(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A new Ed25519 key pair from MINA's provider (Bouncy Castle when present). */
    public static KeyPair generateEd25519() {
        try {
            return SecurityUtils.getKeyPairGenerator(SecurityUtils.ED25519).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no Ed25519 key pair generator: is Bouncy Castle on the class path?", e);
        }
    }

    /**
     * User input shown in a message: {@link PeerText#shown(String)}, escaped and cut after 40
     * characters. TODO(the house shows its architecture): call PeerText directly once the trust
     * store and the API, which are being rewritten, no longer call this.
     */
    public static String abbreviate(String text) {
        return PeerText.shown(text);
    }
}
