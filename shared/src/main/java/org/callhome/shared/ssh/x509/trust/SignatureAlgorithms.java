package org.callhome.shared.ssh.x509.trust;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.text.PeerText;

/**
 * The signature algorithms a certificate of a chain may be signed with: RSA PKCS#1 v1.5 and ECDSA
 * with SHA-256, SHA-384 or SHA-512, RSASSA-PSS with one of those hashes, Ed25519 and Ed448. Not
 * SHA-1 or MD5 in any form, nor DSA: as {@code ssh-rsa} CA signatures are for OpenSSH certificates,
 * they are refused as {@code unsupported-signature-algorithm}. Checked by OID, as the certificate
 * names it, before any signature is verified.
 */
final class SignatureAlgorithms {

    /** What messages list as accepted. */
    static final String ACCEPTED = "RSA or ECDSA with SHA-256, SHA-384 or SHA-512, RSASSA-PSS with one of those,"
            + " Ed25519, Ed448";

    private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";

    private static final Map<String, String> ACCEPTED_OIDS = Map.of(
            "1.2.840.113549.1.1.11", "SHA256withRSA",
            "1.2.840.113549.1.1.12", "SHA384withRSA",
            "1.2.840.113549.1.1.13", "SHA512withRSA",
            "1.2.840.10045.4.3.2", "SHA256withECDSA",
            "1.2.840.10045.4.3.3", "SHA384withECDSA",
            "1.2.840.10045.4.3.4", "SHA512withECDSA",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448");

    /** SHA-256, SHA-384 and SHA-512, for RSASSA-PSS's hash. */
    private static final Set<String> PSS_HASHES = Set.of(
            "2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3");

    private SignatureAlgorithms() {
    }

    /** Why the signature on {@code certificate} is not of an accepted algorithm, or null if it is. */
    static String problem(X509Certificate certificate) {
        String oid = certificate.getSigAlgOID();
        if (ACCEPTED_OIDS.containsKey(oid)) {
            return null;
        }
        String named = PeerText.quote(certificate.getSigAlgName()) + " (" + PeerText.shown(oid) + ")";
        if (oid.equals(RSASSA_PSS)) {
            String hash = pssHash(certificate.getSigAlgParams());
            if (hash != null && PSS_HASHES.contains(hash)) {
                return null;
            }
            named = "RSASSA-PSS with hash " + (hash == null ? "unreadable" : PeerText.shown(hash)
                    + (hash.equals("1.3.14.3.2.26") ? " (SHA-1, the default)" : ""));
        }
        return X509Text.describe(certificate) + " is signed with " + named + ", which is not accepted; accepted: "
                + ACCEPTED;
    }

    /** The OID of RSASSA-PSS's hash (SHA-1 when the parameters leave it out), or null if they cannot be read. */
    private static String pssHash(byte[] parameters) {
        if (parameters == null) {
            return null;
        }
        try {
            return RSASSAPSSparams.getInstance(parameters).getHashAlgorithm().getAlgorithm().getId();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
