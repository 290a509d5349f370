package org.callhome.shared.ssh.x509.trust;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.x509.NistCurves;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck.Purpose;
import org.callhome.shared.text.PeerText;

/**
 * The rules of {@link X509ChainCheck} on the end-entity certificate itself, which hold alike for one
 * a trusted CA issued and for a pinned one: its key type (rule 4 of this package's documentation),
 * then what it may be used for (rules 8 to 10: not a CA, key usage, extended key usage). Each gives
 * the refusal, or null when the rule holds; the check turns a refusal into its verdict.
 */
final class EndEntityRules {

    /** {@code anyExtendedKeyUsage} (RFC 5280 §4.2.1.12): the CA puts no limit on the key's purposes. */
    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private static final String ACCEPTED_KEYS = ", a type that is not accepted; accepted: ECDSA on P-256, P-384 or"
            + " P-521, and RSA of 2048 bits or more";

    /** Shown of a certificate's extended key usages, at most; a certificate may list any number. */
    private static final int MAX_USAGES_SHOWN = 5;

    private EndEntityRules() {
    }

    /** RFC 6187's key types: ECDSA on NIST P-256, P-384 or P-521, and RSA of 2048 bits or more. */
    static X509Verdict.Refused keyType(PublicKey key, String name) {
        String problem = null;
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < 2048) {
                problem = "an RSA key of " + bits + " bits; RSA keys need 2048 bits or more (x509v3-rsa2048-sha256)";
            }
        } else if (key instanceof ECPublicKey ec) {
            if (!NistCurves.isNist(ec.getParams())) {
                problem = "an EC key on a curve other than P-256, P-384 or P-521" + ACCEPTED_KEYS;
            }
        } else {
            problem = "a " + PeerText.quote(key.getAlgorithm()) + " key" + ACCEPTED_KEYS;
        }
        if (problem == null) {
            try {
                SshKeys.fingerprint(key);
            } catch (IllegalArgumentException unsupported) {
                problem = "a key that cannot be used in SSH (" + unsupported.getMessage() + ")";
            }
        }
        return problem == null ? null : refused(CertificateRefusal.UNSUPPORTED_KEY_TYPE, name + " certifies "
                + problem);
    }

    /** What the end-entity certificate may be used for: not a CA; key usage; extended key usage. */
    static X509Verdict.Refused usage(X509Certificate endEntity, Purpose purpose, String name) {
        if (endEntity.getBasicConstraints() >= 0) {
            return refused(CertificateRefusal.WRONG_CERTIFICATE_TYPE, name + " is a CA certificate"
                    + " (basicConstraints CA:TRUE); a peer presents its own certificate, one a CA issued to it");
        }
        List<String> extendedUsages;
        try {
            extendedUsages = endEntity.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return refused(CertificateRefusal.EXTENDED_KEY_USAGE, name + "'s extendedKeyUsage cannot be read");
        }
        boolean allowed = extendedUsages == null || extendedUsages.contains(purpose.keyPurpose())
                || extendedUsages.contains(ANY_EXTENDED_KEY_USAGE);
        if (!allowed && extendedUsages.contains(purpose.other().keyPurpose())) {
            return refused(CertificateRefusal.WRONG_CERTIFICATE_TYPE, name + " is for " + purpose.other().role()
                    + " (extendedKeyUsage " + purpose.other().keyPurposeShown() + "), but a " + purpose.wireName()
                    + " certificate is needed here (" + purpose.keyPurposeShown() + ")");
        }
        boolean[] keyUsage = endEntity.getKeyUsage();
        if (keyUsage != null && (keyUsage.length == 0 || !keyUsage[0])) {
            return refused(CertificateRefusal.KEY_USAGE, name + " has a keyUsage without digitalSignature, so its"
                    + " key may not " + purpose.signs());
        }
        if (!allowed) {
            List<String> shown = extendedUsages.stream().limit(MAX_USAGES_SHOWN).map(PeerText::shown).toList();
            String more = extendedUsages.size() > MAX_USAGES_SHOWN ? " and " + (extendedUsages.size()
                    - MAX_USAGES_SHOWN) + " more" : "";
            return refused(CertificateRefusal.EXTENDED_KEY_USAGE, name + " has an extendedKeyUsage of "
                    + (shown.isEmpty() ? "nothing" : String.join(", ", shown)) + more + ", without "
                    + purpose.keyPurposeShown() + " or anyExtendedKeyUsage (" + ANY_EXTENDED_KEY_USAGE + ")");
        }
        return null;
    }

    private static X509Verdict.Refused refused(CertificateRefusal reason, String detail) {
        return new X509Verdict.Refused(reason, detail);
    }
}
