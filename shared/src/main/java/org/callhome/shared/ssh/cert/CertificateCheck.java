package org.callhome.shared.ssh.cert;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.text.PeerText;

/**
 * The one decision on a certificate a peer presented as its identity: a device's host certificate
 * (reverse-ssh) or user certificate (device-ssh-client), or the NMS's. It trusts nothing the SSH
 * layer may have checked: CA, signature, revocation, type, validity, options and principal are all
 * checked here, in the order {@link CertificateRefusal} lists them, and the first failure is the
 * verdict. The identity is the certificate's one principal; it is never matched against the peer's
 * address (RFC 8071 identifies a device by its credentials, not where it connects from).
 *
 * <p>Stricter than OpenSSH where a NETCONF identity needs it: exactly one principal (OpenSSH
 * before 10.3 takes none to mean "anyone"); no critical option at all, as {@code force-command},
 * {@code source-address} and {@code verify-required} are restrictions an NMS cannot enforce on a
 * NETCONF session and must not silently drop; no SHA-1 CA signatures. The principal names one
 * identity: at most {@link #MAX_PRINCIPAL_CHARS} characters, no whitespace or control characters,
 * no pattern or list ({@code * ? ! ,}, which OpenSSH host principals may use to match several
 * names). The key id is at most {@link #MAX_KEY_ID_CHARS} characters. Extensions ({@code permit-pty}, ...) are
 * ignored: they grant, never restrict. Where the peer is known by a name the certificate need only
 * list among others (a device checking its NMS), {@link #checkNamingOneOf} takes OpenSSH's rule for
 * principals instead, with every other check the same.
 *
 * <p>Thread-safe: it keeps no state, and reads the revocation list in force at each check.
 */
public final class CertificateCheck {

    /** Longest principal accepted, in characters: far above any device id, short enough for one log line. */
    public static final int MAX_PRINCIPAL_CHARS = 256;
    /** Longest key id accepted, in characters. */
    public static final int MAX_KEY_ID_CHARS = 256;
    /** How many principals a refusal quotes; a certificate may list thousands. */
    private static final int MAX_NAMES_SHOWN = 5;

    private final CertificateAuthorities authorities;
    private final Supplier<RevokedKeys> revokedKeys;
    private final Clock clock;

    /** @param revokedKeys the list in force at each check, such as a {@link RevokedKeysFile} */
    public CertificateCheck(CertificateAuthorities authorities, Supplier<RevokedKeys> revokedKeys, Clock clock) {
        this.authorities = Objects.requireNonNull(authorities, "authorities");
        this.revokedKeys = Objects.requireNonNull(revokedKeys, "revokedKeys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** With a fixed revocation list ({@link RevokedKeys#NONE} for none). */
    public CertificateCheck(CertificateAuthorities authorities, RevokedKeys revokedKeys, Clock clock) {
        this(authorities, constant(Objects.requireNonNull(revokedKeys, "revokedKeys")), clock);
    }

    /**
     * Accepted with the identity {@code certificate} proves as a certificate of type {@code expected},
     * or refused with the first reason that applies.
     */
    public CertificateVerdict check(OpenSshCertificate certificate, OpenSshCertificate.Type expected) {
        return check(certificate, expected, null);
    }

    /**
     * As {@link #check(OpenSshCertificate, OpenSshCertificate.Type)}, but with OpenSSH's rule for
     * principals in place of "exactly one": the certificate names one or more, and at least one of
     * them is among {@code acceptable}, compared exactly (no patterns). For a peer known by a name
     * the certificate need not carry alone: the NMS's host certificate must name the host a device
     * dialed, the NMS's user certificate one of the principals an account trusts (authorized_keys
     * {@code cert-authority,principals="..."}). The identity is the first acceptable principal in
     * the certificate's order; one that is not acceptable is refused as
     * {@link CertificateRefusal#PRINCIPAL_MISMATCH}.
     */
    public CertificateVerdict checkNamingOneOf(OpenSshCertificate certificate, OpenSshCertificate.Type expected,
                                               Collection<String> acceptable) {
        return check(certificate, expected, Objects.requireNonNull(acceptable, "acceptable"));
    }

    /** {@code acceptable} null: exactly one principal, the identity. */
    private CertificateVerdict check(OpenSshCertificate certificate, OpenSshCertificate.Type expected,
                                     Collection<String> acceptable) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(expected, "expected");
        String name = Certificates.describe(certificate);
        Optional<CertificateAuthority> ca = authorities.find(certificate.getCaPubKey());
        if (ca.isEmpty()) {
            return refused(CertificateRefusal.UNKNOWN_CA, name + " is signed by " + keyName(certificate.getCaPubKey())
                    + ", which is not a trusted CA");
        }
        CertificateVerdict.Refused badSignature = CaSignature.problem(certificate, ca.get());
        if (badSignature != null) {
            return badSignature;
        }
        CertificateVerdict.Refused untrusted = untrusted(certificate, expected, name);
        if (untrusted != null) {
            return untrusted;
        }
        Collection<String> principals = certificate.getPrincipals();
        if (acceptable == null && principals.size() != 1) {
            return refused(CertificateRefusal.PRINCIPAL_COUNT, name + " names " + principals.size() + " principals;"
                    + " exactly one is needed, the identity (ssh-keygen -n NAME)");
        }
        if (principals.isEmpty()) {
            return refused(CertificateRefusal.PRINCIPAL_COUNT, name + " names no principal; it must name "
                    + shown(acceptable) + " (ssh-keygen -n NAME)");
        }
        String problem = acceptable == null ? problemWithPrincipal(principals.iterator().next()) : null;
        if (problem != null) {
            return refused(CertificateRefusal.BAD_PRINCIPAL, name + ": " + problem);
        }
        if (certificate.getId().length() > MAX_KEY_ID_CHARS) {
            return refused(CertificateRefusal.KEY_ID_TOO_LONG, name + ": key id of " + certificate.getId().length()
                    + " characters exceeds the allowed maximum (" + MAX_KEY_ID_CHARS + ")");
        }
        Optional<String> principal = principals.stream()
                .filter(candidate -> acceptable == null || acceptable.contains(candidate)).findFirst();
        if (principal.isEmpty()) {
            return refused(CertificateRefusal.PRINCIPAL_MISMATCH, name + " names " + shown(principals) + ", but none"
                    + " of " + shown(acceptable) + " is among them");
        }
        return new CertificateVerdict.Accepted(new CertifiedIdentity(certificate.getType(), principal.get(),
                certificate.getId(), certificate.getSerial(), ca.get().fingerprint(),
                SshKeys.fingerprint(certificate.getCertPubKey()), Certificates.instant(certificate.getValidAfter()),
                Certificates.instant(certificate.getValidBefore())));
    }

    /**
     * The checks between the signature and the principals, of a certificate whose CA is trusted
     * and whose signature is verified: null if it passes them.
     */
    private CertificateVerdict.Refused untrusted(OpenSshCertificate certificate, OpenSshCertificate.Type expected,
                                                 String name) {
        PublicKey key = certificate.getCertPubKey();
        try {
            SshKeys.fingerprint(key);
        } catch (IllegalArgumentException unsupported) {
            return refused(CertificateRefusal.UNSUPPORTED_KEY_TYPE, name + " certifies " + keyName(key) + ", a type"
                    + " that is not accepted");
        }
        Optional<String> revoked = revokedKeys.get().whyRevoked(certificate);
        if (revoked.isPresent()) {
            return refused(CertificateRefusal.REVOKED, name + " is revoked: " + revoked.get());
        }
        if (certificate.getType() != expected) {
            return refused(CertificateRefusal.WRONG_CERTIFICATE_TYPE, name + " is a " + Certificates.typeName(
                    certificate.getType()) + " certificate, but a " + Certificates.typeName(expected)
                    + " certificate is needed here (ssh-keygen -s " + (expected == OpenSshCertificate.Type.HOST
                    ? "with" : "without") + " -h)");
        }
        Instant now = clock.instant();
        long seconds = now.getEpochSecond();
        if (seconds < 0 || Long.compareUnsigned(seconds, certificate.getValidAfter()) < 0) {
            return refused(CertificateRefusal.NOT_YET_VALID, name + " is valid from " + Certificates.show(
                    Certificates.instant(certificate.getValidAfter())) + ", but it is " + now);
        }
        if (Long.compareUnsigned(seconds, certificate.getValidBefore()) >= 0) {
            return refused(CertificateRefusal.EXPIRED, name + " expired at " + Certificates.show(
                    Certificates.instant(certificate.getValidBefore())) + "; it is " + now);
        }
        if (!certificate.getCriticalOptions().isEmpty()) {
            return refused(CertificateRefusal.UNSUPPORTED_CRITICAL_OPTION, name + " carries critical option "
                    + PeerText.quote(certificate.getCriticalOptions().get(0).getName()) + ", which cannot be"
                    + " enforced here; sign it without -O options such as force-command or source-address");
        }
        return null;
    }

    /** Names for a message, each quoted, at most a few: {@code 'a', 'b' and 3 more}. */
    private static String shown(Collection<String> names) {
        List<String> quoted = names.stream().limit(MAX_NAMES_SHOWN).map(PeerText::quote).toList();
        String more = names.size() > MAX_NAMES_SHOWN ? " and " + (names.size() - MAX_NAMES_SHOWN) + " more" : "";
        return String.join(", ", quoted) + more;
    }

    /**
     * Why {@code principal} cannot be an identity, or null if it can: empty, longer than
     * {@link #MAX_PRINCIPAL_CHARS}, holding whitespace, a control or format character, or a pattern
     * or list character ({@code * ? ! ,}). The rule for any name a certificate gives as a peer's
     * identity, an X.509 one's included.
     */
    public static String problemWithPrincipal(String principal) {
        if (principal.isEmpty()) {
            return "the principal is empty";
        }
        if (principal.length() > MAX_PRINCIPAL_CHARS) {
            return "principal of " + principal.length() + " characters exceeds the allowed maximum ("
                    + MAX_PRINCIPAL_CHARS + ")";
        }
        if (principal.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT)) {
            return "principal " + PeerText.quote(principal) + " contains whitespace or a control character";
        }
        if (principal.chars().anyMatch(c -> c == '*' || c == '?' || c == '!' || c == ',')) {
            return "principal " + PeerText.quote(principal) + " is a pattern or a list (it holds * ? ! or ,);"
                    + " the principal names one identity";
        }
        return null;
    }

    private static CertificateVerdict.Refused refused(CertificateRefusal reason, String detail) {
        return new CertificateVerdict.Refused(reason, detail);
    }

    /** {@code key SHA256:...}, or {@code a ssh-dss key} for a type we cannot fingerprint. */
    private static String keyName(PublicKey key) {
        try {
            return "key " + SshKeys.fingerprint(key);
        } catch (IllegalArgumentException unsupported) {
            String type = KeyUtils.getKeyType(key);
            return "a " + PeerText.quote(type != null ? type : key.getAlgorithm()) + " key";
        }
    }

    private static Supplier<RevokedKeys> constant(RevokedKeys revokedKeys) {
        return () -> revokedKeys;
    }
}
