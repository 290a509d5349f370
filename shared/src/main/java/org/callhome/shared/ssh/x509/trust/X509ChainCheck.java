package org.callhome.shared.ssh.x509.trust;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.text.PeerText;
import org.callhome.shared.text.WireNamed;

/**
 * The one decision on an X.509 certificate chain a peer presented as its identity (RFC 6187), for
 * the SSH role it plays: the rules, in the order they are tested, are those of this package's
 * documentation, and the first that fails is the verdict. It trusts nothing the SSH layer may have
 * checked, and never matches the identity against the peer's address. It trusts CAs
 * ({@link X509Authorities}) and, when given them, pinned end-entity certificates ({@link X509Pins}):
 * a chain whose end-entity certificate is a pin is decided by the pinned rules alone.
 *
 * <p>Thread-safe: it keeps no state, and reads the revocation list in force at each check.
 */
public final class X509ChainCheck {

    /** Longest chain accepted, the end-entity certificate and any CA certificates sent with it included. */
    public static final int MAX_CHAIN_CERTIFICATES = 8;

    /**
     * The extensions a pinned certificate may mark critical: those the end-entity rules read (key usage,
     * extended key usage, basic constraints), and the subject alternative name and certificate policies,
     * which the JDK's path validation accepts critical in an end entity.
     */
    private static final Set<String> PIN_CRITICAL_EXTENSIONS = Set.of("2.5.29.15", "2.5.29.37", "2.5.29.19",
            "2.5.29.17", "2.5.29.32");

    /**
     * The role a chain must be good for, as its extended key usage names it: an SSH role (RFC 6187
     * §2.2.2) or, in TLS call home, a TLS role (RFC 5280 §4.2.1.12).
     */
    public enum Purpose implements WireNamed {
        /**
         * An SSH server proving its host key: the device in reverse-ssh, the NMS in
         * device-ssh-client. Its purpose is {@code id-kp-secureShellServer} (1.3.6.1.5.5.7.3.22).
         */
        HOST("host", "1.3.6.1.5.5.7.3.22", "id-kp-secureShellServer", "an SSH host",
                "sign an SSH key exchange or login (RFC 6187 §2.2.1)"),
        /**
         * An SSH client logging in with its key: the device in device-ssh-client, the NMS in
         * reverse-ssh. Its purpose is {@code id-kp-secureShellClient} (1.3.6.1.5.5.7.3.21).
         */
        USER("user", "1.3.6.1.5.5.7.3.21", "id-kp-secureShellClient", "an SSH user",
                "sign an SSH key exchange or login (RFC 6187 §2.2.1)"),
        /**
         * A TLS server: the device in TLS call home (RFC 8071 §4), which dials and then serves. Its
         * purpose is {@code id-kp-serverAuth} (1.3.6.1.5.5.7.3.1).
         */
        TLS_SERVER("tls-server", "1.3.6.1.5.5.7.3.1", "id-kp-serverAuth", "a TLS server",
                "sign a TLS handshake (RFC 5280 §4.2.1.3)"),
        /**
         * A TLS client: the NMS in TLS call home, which accepts the device's connection and then
         * acts as the client. Its purpose is {@code id-kp-clientAuth} (1.3.6.1.5.5.7.3.2).
         */
        TLS_CLIENT("tls-client", "1.3.6.1.5.5.7.3.2", "id-kp-clientAuth", "a TLS client",
                "sign a TLS handshake (RFC 5280 §4.2.1.3)");

        private final String wireName;
        private final String keyPurpose;
        private final String keyPurposeName;
        private final String role;
        private final String signs;

        Purpose(String wireName, String keyPurpose, String keyPurposeName, String role, String signs) {
            this.wireName = wireName;
            this.keyPurpose = keyPurpose;
            this.keyPurposeName = keyPurposeName;
            this.role = role;
            this.signs = signs;
        }

        /** {@code host} or {@code user}, as OpenSSH names its certificate types; {@code tls-server} or {@code tls-client}. */
        @Override
        public String wireName() {
            return wireName;
        }

        /** The OID of the extended key usage that allows this role. */
        public String keyPurpose() {
            return keyPurpose;
        }

        /** The other role of the same protocol. */
        public Purpose other() {
            return switch (this) {
                case HOST -> USER;
                case USER -> HOST;
                case TLS_SERVER -> TLS_CLIENT;
                case TLS_CLIENT -> TLS_SERVER;
            };
        }

        /** {@code id-kp-secureShellServer (1.3.6.1.5.5.7.3.22)}. */
        String keyPurposeShown() {
            return keyPurposeName + " (" + keyPurpose + ")";
        }

        /** {@code an SSH host}: who holds a certificate for this role. */
        String role() {
            return role;
        }

        /** What this role's key signs, after "may not": {@code sign an SSH key exchange or login (...)}. */
        String signs() {
            return signs;
        }
    }

    private final X509Authorities authorities;
    private final X509Pins pins;
    private final Supplier<RevokedKeys> revokedKeys;

    /** @param revokedKeys the list in force at each check, such as a {@code RevokedKeysFile} */
    public X509ChainCheck(X509Authorities authorities, Supplier<RevokedKeys> revokedKeys) {
        this(authorities, X509Pins.NONE, revokedKeys);
    }

    /**
     * Trusting the CAs and the pinned certificates of a file such as a device's account file.
     *
     * @param revokedKeys the list in force at each check, such as a {@code RevokedKeysFile}
     */
    public X509ChainCheck(X509TrustFile trusted, Supplier<RevokedKeys> revokedKeys) {
        this(Objects.requireNonNull(trusted, "trusted").authorities(), trusted.pins(), revokedKeys);
    }

    private X509ChainCheck(X509Authorities authorities, X509Pins pins, Supplier<RevokedKeys> revokedKeys) {
        this.authorities = Objects.requireNonNull(authorities, "authorities");
        this.pins = Objects.requireNonNull(pins, "pins");
        this.revokedKeys = Objects.requireNonNull(revokedKeys, "revokedKeys");
    }

    /** With a fixed revocation list ({@link RevokedKeys#NONE} for none). */
    public X509ChainCheck(X509Authorities authorities, RevokedKeys revokedKeys) {
        this(authorities, constant(Objects.requireNonNull(revokedKeys, "revokedKeys")));
    }

    /**
     * Accepted with the identity {@code chain} proves for {@code purpose} at {@code now}, or refused
     * with the first reason that applies.
     *
     * @param chain as the peer sent it: its end-entity certificate first, then each one's issuer
     *              (RFC 6187 §2.1), the trusted CA's own certificate left out or not
     */
    public X509Verdict check(List<X509Certificate> chain, Purpose purpose, Instant now) {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(now, "now");
        try {
            return accepted(List.copyOf(chain), purpose, now);
        } catch (Refusal refusal) {
            return refusal.refused;
        }
    }

    /**
     * Whether {@code chain}, accepted before, is revoked by the list in force now, and why: the one
     * rule a later revocation list can change for a live session. Empty when it is not revoked, and
     * when by now it fails a rule tested before revocation (it expired, say: that ends no session).
     */
    public Optional<String> whyRevoked(List<X509Certificate> chain, Purpose purpose, Instant now) {
        return check(chain, purpose, now) instanceof X509Verdict.Refused refused
                && refused.reason() == CertificateRefusal.REVOKED ? Optional.of(refused.detail()) : Optional.empty();
    }

    /**
     * The identity {@code endEntity} claims, by the rule a verdict's identity follows (its subject's
     * serialNumber, else its CN); empty when it has no usable one. Claimed, not proven: only a
     * check says whether a trusted CA stands behind it.
     */
    public static Optional<String> claimedIdentity(X509Certificate endEntity) {
        SubjectIdentity.Found found = SubjectIdentity.of(endEntity);
        return found.ok() ? Optional.of(found.identity()) : Optional.empty();
    }

    /** The rules in order; the first that fails throws. */
    private X509Verdict.Accepted accepted(List<X509Certificate> chain, Purpose purpose, Instant now) throws Refusal {
        if (chain.isEmpty()) {
            throw refusal(CertificateRefusal.UNKNOWN_CA, "no certificate was presented");
        }
        if (chain.size() > MAX_CHAIN_CERTIFICATES) {
            throw refusal(CertificateRefusal.UNKNOWN_CA, "a chain of " + chain.size() + " certificates exceeds the"
                    + " allowed maximum (" + MAX_CHAIN_CERTIFICATES + ")");
        }
        X509Certificate endEntity = chain.get(0);
        String name = purpose.wireName() + " " + X509Text.describe(endEntity);
        if (pins.find(endEntity).isPresent()) {
            return pinned(endEntity, purpose, now, "pinned " + name);
        }
        List<X509Certificate> path = path(chain, name);
        List<X509Authority> candidates = authorities.issuersOf(path.get(path.size() - 1));
        signatureAlgorithms(path);
        X509Authority ca = signatures(path, candidates, name);
        require(EndEntityRules.keyType(endEntity.getPublicKey(), name));
        validity(path, ca, name, now);
        pkix(path, ca, name, now);
        revocation(path, ca, name);
        require(EndEntityRules.usage(endEntity, purpose, name));
        SubjectIdentity.Found identity = SubjectIdentity.of(endEntity);
        if (!identity.ok()) {
            throw refusal(identity.refusal(), name + ": " + identity.problem());
        }
        List<X509Certificate> certified = new ArrayList<>(path);
        certified.add(ca.certificate());
        return new X509Verdict.Accepted(proven(endEntity, purpose, identity, ca.fingerprint(), false), certified);
    }

    /**
     * The rules for a pinned end-entity certificate, in order; the first that fails throws. The pin
     * is the trust, so no issuer is looked for and no signature on it verified: its key type, its
     * validity at {@code now}, no critical extension but those an end entity's check reads, its key
     * (or, signed by its own key, its serial in a CRL of its issuer's name) not revoked, then the
     * end entity's usages and identity as for a chain.
     */
    private X509Verdict.Accepted pinned(X509Certificate pin, Purpose purpose, Instant now, String name)
            throws Refusal {
        require(EndEntityRules.keyType(pin.getPublicKey(), name));
        validity(pin, name, now);
        Set<String> critical = pin.getCriticalExtensionOIDs();
        for (String oid : critical == null ? Set.<String>of() : critical) {
            if (!PIN_CRITICAL_EXTENSIONS.contains(oid)) {
                throw refusal(CertificateRefusal.UNSUPPORTED_CRITICAL_OPTION, name + " carries a critical extension"
                        + " that is not understood: " + X509Text.extension(oid));
            }
        }
        // its issuer's key is unknown unless it signed itself; a CRL only its own key verifies counts
        Optional<String> why = revokedKeys.get().whyRevoked(pin, pin.getPublicKey());
        if (why.isPresent()) {
            throw refusal(CertificateRefusal.REVOKED, name + " is revoked: " + why.get());
        }
        require(EndEntityRules.usage(pin, purpose, name));
        SubjectIdentity.Found identity = SubjectIdentity.of(pin);
        if (!identity.ok()) {
            throw refusal(identity.refusal(), name + ": " + identity.problem());
        }
        return new X509Verdict.Accepted(proven(pin, purpose, identity, X509Text.fingerprint(pin), true),
                List.of(pin));
    }

    private static X509Identity proven(X509Certificate endEntity, Purpose purpose, SubjectIdentity.Found identity,
                                       String anchorFingerprint, boolean pinned) {
        return new X509Identity(purpose, identity.identity(), identity.source(),
                X509Text.dn(endEntity.getSubjectX500Principal()), X509Text.dn(endEntity.getIssuerX500Principal()),
                endEntity.getSerialNumber(), anchorFingerprint, pinned, SshKeys.fingerprint(endEntity.getPublicKey()),
                endEntity.getNotBefore().toInstant(), endEntity.getNotAfter().toInstant());
    }

    /**
     * The certification path: the chain up to the first certificate issued under a trusted CA's
     * name. Certificates after it (the CA's own, sent along, or anything else) are not looked at.
     * Each certificate of the path must be issued under the next one's name.
     */
    private List<X509Certificate> path(List<X509Certificate> chain, String name) throws Refusal {
        for (int i = 0; i < chain.size(); i++) {
            if (authorities.issuersOf(chain.get(i)).isEmpty()) {
                continue;
            }
            List<X509Certificate> path = chain.subList(0, i + 1);
            for (int k = 0; k < i; k++) {
                X509Certificate certificate = path.get(k);
                X509Certificate next = path.get(k + 1);
                if (!certificate.getIssuerX500Principal().equals(next.getSubjectX500Principal())) {
                    throw refusal(CertificateRefusal.UNKNOWN_CA, who(path, k, name) + " is issued by "
                            + X509Text.name(certificate.getIssuerX500Principal()) + ", but the next certificate of the"
                            + " chain is " + X509Text.name(next.getSubjectX500Principal()) + "; a chain is sent"
                            + " end-entity first, each certificate followed by its issuer's");
                }
            }
            return path;
        }
        X509Certificate endEntity = chain.get(0);
        throw refusal(CertificateRefusal.UNKNOWN_CA, name + " is issued by " + X509Text.name(
                endEntity.getIssuerX500Principal()) + (chain.size() > 1 ? ", and none of the " + chain.size()
                + " certificates of its chain is issued by" : ", which is not") + " a trusted CA");
    }

    /** Each certificate of the path is signed with an accepted algorithm. */
    private static void signatureAlgorithms(List<X509Certificate> path) throws Refusal {
        for (X509Certificate certificate : path) {
            String problem = SignatureAlgorithms.problem(certificate);
            if (problem != null) {
                throw refusal(CertificateRefusal.UNSUPPORTED_SIGNATURE_ALGORITHM, problem);
            }
        }
    }

    /**
     * Each signature of the path verifies, from the CA's down to the end entity's: the last
     * certificate's with the key of one of the CAs of its issuer's name, which is the CA the chain
     * leads to.
     */
    private static X509Authority signatures(List<X509Certificate> path, List<X509Authority> candidates, String name)
            throws Refusal {
        int last = path.size() - 1;
        X509Authority ca = candidates.stream().filter(candidate -> verifies(path.get(last),
                candidate.certificate().getPublicKey())).findFirst().orElse(null);
        if (ca == null) {
            throw refusal(CertificateRefusal.BAD_SIGNATURE, who(path, last, name) + " names trusted CA "
                    + candidates.get(0).name() + " as its issuer, but its signature does not verify with "
                    + (candidates.size() == 1 ? "that CA's key" : "the key of any of the " + candidates.size()
                    + " trusted CAs of that name"));
        }
        for (int k = last - 1; k >= 0; k--) {
            if (!verifies(path.get(k), path.get(k + 1).getPublicKey())) {
                throw refusal(CertificateRefusal.BAD_SIGNATURE, who(path, k, name) + "'s signature does not verify"
                        + " with the key of " + X509Text.describe(path.get(k + 1)) + ", its issuer in the chain");
            }
        }
        return ca;
    }

    private static boolean verifies(X509Certificate certificate, PublicKey issuerKey) {
        try {
            certificate.verify(issuerKey);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** How a message names the certificate at {@code index} of the path: the end entity by {@code name}. */
    private static String who(List<X509Certificate> path, int index, String name) {
        return index == 0 ? name : "CA " + X509Text.describe(path.get(index)) + " of its chain";
    }

    /** Every certificate of the path, end entity first, then the CA's own: valid at {@code now}. */
    private static void validity(List<X509Certificate> path, X509Authority ca, String name, Instant now)
            throws Refusal {
        for (int k = 0; k <= path.size(); k++) {
            X509Certificate certificate = k < path.size() ? path.get(k) : ca.certificate();
            validity(certificate, k < path.size() ? who(path, k, name) : "the certificate of trusted CA " + ca.name(),
                    now);
        }
    }

    /** {@code certificate}, which messages call {@code who}, is valid at {@code now}. */
    private static void validity(X509Certificate certificate, String who, Instant now) throws Refusal {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            throw refusal(CertificateRefusal.NOT_YET_VALID, who + " is valid from " + notBefore + ", but it is " + now);
        }
        if (now.isAfter(notAfter)) {
            throw refusal(CertificateRefusal.EXPIRED, who + " expired at " + notAfter + "; it is " + now);
        }
    }

    /**
     * The JDK's PKIX validation of the path at {@code now}, the CA as its only trust anchor and
     * revocation left to {@link #revocation}: basic constraints, path length, key usages of CAs,
     * name constraints, policies and critical extensions. Its failures are mapped to the words of
     * this package's rules.
     */
    private static void pkix(List<X509Certificate> path, X509Authority ca, String name, Instant now) throws Refusal {
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            int index = e.getIndex();
            String who = index >= 0 && index < path.size() ? who(path, index, name) : "the chain of " + name;
            String why = PeerText.quote(String.valueOf(e.getMessage()), PeerText.MESSAGE_CHARS);
            CertPathValidatorException.Reason reason = e.getReason();
            if (reason == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
                throw refusal(CertificateRefusal.UNSUPPORTED_CRITICAL_OPTION, who + " carries a critical extension"
                        + " that is not understood: " + why);
            }
            if (reason == BasicReason.INVALID_SIGNATURE) {
                throw refusal(CertificateRefusal.BAD_SIGNATURE, who + ": " + why);
            }
            if (reason == BasicReason.ALGORITHM_CONSTRAINED) {
                throw refusal(CertificateRefusal.UNSUPPORTED_SIGNATURE_ALGORITHM, who + ": " + why);
            }
            throw refusal(CertificateRefusal.UNKNOWN_CA, who + " does not lead to trusted CA " + ca.name() + ": "
                    + why);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's PKIX certificate path validation is not available", e);
        }
    }

    /** Each certificate of the path, end entity first, against the CRLs of its issuer. */
    private void revocation(List<X509Certificate> path, X509Authority ca, String name) throws Refusal {
        RevokedKeys revoked = revokedKeys.get();
        for (int k = 0; k < path.size(); k++) {
            PublicKey issuerKey = (k + 1 < path.size() ? path.get(k + 1) : ca.certificate()).getPublicKey();
            Optional<String> why = revoked.whyRevoked(path.get(k), issuerKey);
            if (why.isPresent()) {
                throw refusal(CertificateRefusal.REVOKED, who(path, k, name) + " is revoked: " + why.get());
            }
        }
    }

    /** Throws {@code refused} unless it is null: a rule of {@link EndEntityRules} held. */
    private static void require(X509Verdict.Refused refused) throws Refusal {
        if (refused != null) {
            throw new Refusal(refused);
        }
    }

    private static Refusal refusal(CertificateRefusal reason, String detail) {
        return new Refusal(new X509Verdict.Refused(reason, detail));
    }

    /** A rule failed: the verdict, carried out of the rules to {@link #check}. */
    private static final class Refusal extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient X509Verdict.Refused refused;

        Refusal(X509Verdict.Refused refused) {
            super(refused.detail(), null, false, false);
            this.refused = refused;
        }
    }

    private static Supplier<RevokedKeys> constant(RevokedKeys revokedKeys) {
        return () -> revokedKeys;
    }
}
