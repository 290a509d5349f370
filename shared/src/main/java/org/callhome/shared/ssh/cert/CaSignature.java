package org.callhome.shared.ssh.cert;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.text.PeerText;

/**
 * Verifies the CA's signature over a certificate ourselves, rather than trusting that the SSH
 * layer did: MINA checks it in the handshake and in user authentication, but whether a failure
 * counts depends on a setting ({@code abort-on-invalid-certificate}) and on the code path, and the
 * check that decides an identity must stand on its own. PROTOCOL.certkeys: the signature covers
 * every field from the type name to the CA key.
 *
 * <pre>
 *   signature = string algorithm   ; a plain-key algorithm of SshPolicy.SIGNATURES, fitting the CA key's type
 *               string blob        ; the algorithm's signature
 *               (nothing after)
 * </pre>
 * The work is done by MINA's signature classes (on Bouncy Castle), the same that verify a host key
 * in the handshake.
 */
final class CaSignature {

    private static final String CERTIFICATE_SUFFIX = "-cert-v01@openssh.com";

    /** What a CA may sign with: the policy's plain-key algorithms (a certificate never signs). */
    static final List<String> ALGORITHMS = SshPolicy.SIGNATURES.stream()
            .filter(name -> !name.endsWith(CERTIFICATE_SUFFIX)).toList();

    private CaSignature() {
    }

    /** Null if {@code caKey} signed {@code certificate}; otherwise why not, as a refusal. */
    static CertificateVerdict.Refused problem(OpenSshCertificate certificate, CertificateAuthority ca) {
        String name = Certificates.describe(certificate);
        byte[] signature = certificate.getSignature();
        String algorithm;
        try {
            WireReader reader = new WireReader(signature == null ? new byte[0] : signature);
            algorithm = new String(reader.string(), StandardCharsets.UTF_8);
            reader.string();
            if (reader.hasRemaining()) {
                throw new WireFormatException(reader.offset(), "bytes after the signature");
            }
        } catch (WireFormatException e) {
            return bad(name + ": the signature is malformed, " + e.getMessage());
        }
        if (!ALGORITHMS.contains(algorithm)) {
            return new CertificateVerdict.Refused(CertificateRefusal.UNSUPPORTED_SIGNATURE_ALGORITHM, name
                    + " is signed with " + PeerText.quote(algorithm) + ", which is not accepted; accepted: "
                    + String.join(", ", ALGORITHMS));
        }
        PublicKey caKey = ca.key();
        if (!KeyUtils.getKeyType(caKey).equals(KeyUtils.getCanonicalKeyType(algorithm))) {
            return bad(name + ": signature algorithm " + algorithm + " does not fit the " + KeyUtils.getKeyType(caKey)
                    + " key of CA " + ca.fingerprint());
        }
        try {
            Signature verifier = BuiltinSignatures.fromFactoryName(algorithm).create();
            verifier.initVerifier(null, caKey);
            verifier.update(null, certificate.getMessage());
            if (verifier.verify(null, signature)) {
                return null;
            }
        } catch (Exception e) {
            return bad(name + ": the signature of CA " + ca.fingerprint() + " cannot be verified: "
                    + PeerText.shown(String.valueOf(e.getMessage()), PeerText.MESSAGE_CHARS));
        }
        return bad(name + ": the signature does not verify with the key of CA " + ca.fingerprint()
                + "; the certificate was altered or not signed by this CA");
    }

    private static CertificateVerdict.Refused bad(String detail) {
        return new CertificateVerdict.Refused(CertificateRefusal.BAD_SIGNATURE, detail);
    }
}
