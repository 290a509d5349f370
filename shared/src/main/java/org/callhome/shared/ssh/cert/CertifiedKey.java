package org.callhome.shared.ssh.cert;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.TrustFileLine;
import org.callhome.shared.text.PeerText;

/**
 * Our own key with the certificate a CA made for it, as {@code ssh-keygen} leaves them side by
 * side ({@code id_ed25519} and {@code id_ed25519-cert.pub}): what a device presents as its host
 * certificate (reverse-ssh) or logs in with (device-ssh-client), or the NMS as its own. MINA does
 * not load {@code -cert.pub} files by itself; {@link #load} does, and checks that the certificate
 * certifies this very key and is of the type needed, so a mix-up fails at start with both files
 * named rather than at the peer with a refused login.
 *
 * <p>It does not check the certificate's validity or CA: the peer decides those, and an expired
 * certificate is a reason to renew, not to refuse to start.
 */
public record CertifiedKey(OpenSshCertificate certificate, KeyPair keyPair) {

    /** A certificate file is one line; this allows a few thousand principals. */
    public static final long MAX_CERTIFICATE_FILE_BYTES = 256 * 1024;

    static final String LINE_FORM = "'<key-type>-cert-v01@openssh.com <base64-certificate> [comment]', as ssh-keygen -s"
            + " writes it";

    /** @throws IllegalArgumentException if the certificate does not certify {@code keyPair}'s public key */
    public CertifiedKey {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(keyPair, "keyPair");
        if (!Arrays.equals(SshKeys.blob(certificate.getCertPubKey()), SshKeys.blob(keyPair.getPublic()))) {
            throw new IllegalArgumentException("the certificate certifies key " + SshKeys.fingerprint(
                    certificate.getCertPubKey()) + ", not " + SshKeys.fingerprint(keyPair.getPublic()));
        }
    }

    /**
     * Loads a private key ({@link SshKeys#loadPrivateKey}) and its certificate.
     *
     * @param type the certificate type needed: HOST to present as an SSH server, USER to log in with
     * @throws IOException naming the file that is wrong: unreadable, not a certificate, of the other
     *     type, or for another key than the private key's
     */
    public static CertifiedKey load(Path certificateFile, Path keyFile, OpenSshCertificate.Type type)
            throws IOException {
        OpenSshCertificate certificate = readCertificate(certificateFile);
        if (certificate.getType() != type) {
            throw new IOException(certificateFile + ": " + Certificates.describe(certificate) + " is a "
                    + Certificates.typeName(certificate.getType()) + " certificate, but a " + Certificates.typeName(type)
                    + " certificate is needed here (ssh-keygen -s " + (type == OpenSshCertificate.Type.HOST ? "with"
                    : "without") + " -h)");
        }
        KeyPair keyPair = SshKeys.loadPrivateKey(keyFile);
        try {
            return new CertifiedKey(certificate, keyPair);
        } catch (IllegalArgumentException e) {
            throw new IOException(certificateFile + ": certifies key " + SshKeys.fingerprint(certificate.getCertPubKey())
                    + ", but " + keyFile + " holds key " + SshKeys.fingerprint(keyPair.getPublic())
                    + "; give the private key the certificate was made for", e);
        }
    }

    /**
     * Reads an OpenSSH certificate file ({@code *-cert.pub}): one line, {@code #} comments and blank
     * lines aside, for a key type we accept, at most {@link #MAX_CERTIFICATE_FILE_BYTES}.
     *
     * @throws IOException {@code "<file>[:<line>]: <what is wrong>"}
     */
    public static OpenSshCertificate readCertificate(Path file) throws IOException {
        return readCertificate(file, MAX_CERTIFICATE_FILE_BYTES);
    }

    static OpenSshCertificate readCertificate(Path file, long maxBytes) throws IOException {
        List<TrustFileLine> lines = TrustFileLine.read(file, maxBytes, LINE_FORM);
        if (lines.size() != 1) {
            throw new IOException(file + ": holds " + lines.size() + " lines; a certificate file holds one: " + LINE_FORM);
        }
        TrustFileLine line = lines.get(0);
        String[] fields = line.text().split("\\s+", 3);
        String type = fields[0];
        if (!Certificates.isCertificateType(type)) {
            throw line.error("this is not a certificate (it starts with " + PeerText.quote(type) + "); have the CA"
                    + " sign the key with ssh-keygen -s CA_KEY -I KEY_ID -n NAME KEY.pub, and give the -cert.pub file"
                    + " it writes");
        }
        String plainType = type.substring(0, type.length() - Certificates.TYPE_SUFFIX.length());
        if (!SshKeys.KEY_TYPES.contains(plainType)) {
            throw line.error("certificate type " + PeerText.quote(type) + " is not supported; supported: certificates"
                    + " of " + String.join(", ", SshKeys.KEY_TYPES) + " keys");
        }
        if (fields.length < 2) {
            throw line.error("missing base64 certificate data after " + PeerText.quote(type));
        }
        PublicKey key;
        try {
            key = new ByteArrayBuffer(Base64.getDecoder().decode(fields[1])).getRawPublicKey();
        } catch (Exception e) {
            throw line.error("malformed certificate data: " + PeerText.shown(String.valueOf(e.getMessage()),
                    PeerText.MESSAGE_CHARS), e);
        }
        if (!(key instanceof OpenSshCertificate certificate) || !type.equals(KeyUtils.getKeyType(key))) {
            throw line.error("the certificate data holds a " + PeerText.quote(KeyUtils.getKeyType(key))
                    + ", but the line says " + type);
        }
        return certificate;
    }

    /**
     * The pair MINA's client takes as a certificate identity ({@code addPublicKeyIdentity}): the
     * certificate in the public half, our private key in the other.
     */
    public KeyPair certificateKeyPair() {
        return new KeyPair(certificate, keyPair.getPrivate());
    }
}
