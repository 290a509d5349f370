package org.callhome.device.accounts;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.AuthorizedKeys;
import org.callhome.shared.ssh.AuthorizedKeys.CertAuthority;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertificateAuthorities;
import org.callhome.shared.ssh.cert.CertificateCheck;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.CertificateVerdict;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509TrustFile;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.text.PeerText;
import org.callhome.shared.x509.CertToName;

/**
 * The device's SSH accounts with their keys loaded: who may log in with which key, and in
 * which role. In reverse-ssh these are the NMS's accounts on the device; the SSH username is
 * the NETCONF username.
 *
 * <p>An account's authorized_keys file lists user keys and, as sshd reads it, CAs
 * ({@code cert-authority[,principals="a,b"] KEY}): a user certificate of such a CA logs in when
 * {@link CertificateCheck#checkNamingOneOf} accepts it for one of the line's principals, or for the
 * account's name when the line has none. Nothing revoked ({@code --revoked-keys}) logs in, whether
 * key or certificate.
 *
 * <p>An account's file may instead hold X.509 certificates in PEM ({@code -----BEGIN CERTIFICATE-----},
 * told by content, {@link AccountFileKind}; read as an {@link X509TrustFile}): CA certificates, and
 * end-entity certificates pinned as they are (ietf-tls-server's {@code ee-certs}: the NMS's own,
 * self-signed or of any issuer). Then an X.509 user certificate chain (RFC 6187) logs in when
 * {@link X509ChainCheck} accepts it for {@link X509ChainCheck.Purpose#USER} now (a CA of that file, or
 * an end-entity certificate the file pins; not revoked by a CRL or KRL of {@code --revoked-keys}) and its
 * identity (the end entity's subject serialNumber, else its CN) is the account's name: the simple
 * cert-to-name rule. Pins count for SSH logins as for TLS, through the same check: a pinned user
 * certificate is still checked for its validity, revocation, key type and usages. Such an account has
 * no plain keys and no OpenSSH CAs.
 *
 * <p>With cert-to-name mappings (RFC 7407, ietf-netconf-server's {@code client-identity-mappings}, from
 * {@code --config}), an X.509 login is bound to the account the mappings name, whatever the SSH username
 * (RFC 6242 §3: the mapped name overrides it): the chain must be accepted by the CA file of that account,
 * and the first entry that applies to its verified path, up to and including that file's CA certificate,
 * names it. An entry that applies but names no account, or one whose CAs are others, refuses the login.
 * When no entry applies, {@code mapping-required} refuses the login; without it the simple rule decides.
 *
 * <p>In TLS call home the NMS proves itself with a client certificate chain and names no user at all:
 * {@link #checkTlsClient} decides on it by the same files, for {@link X509ChainCheck.Purpose#TLS_CLIENT}
 * (extendedKeyUsage clientAuth), and {@link #tlsAccount} names the account it proved. A pinned NMS
 * certificate proves an account only if that account's own file pins it, as a CA-issued chain proves
 * one only if it leads to a CA of that account's file. With cert-to-name
 * mappings the mapped name is the account, and a chain no entry maps is refused whatever
 * {@code mapping-required} says, as there is no other name to fall back on (RFC 7589 §7); without them the
 * simple rule names it.
 */
public final class AccountTable {

    /** One CA line of an account, with the check that decides on its certificates. */
    private record TrustedCa(CertAuthority line, CertificateCheck check) {
    }

    private record Entry(Role role, AuthorizedKeys keys, List<TrustedCa> cas, Optional<X509ChainCheck> x509) {
    }

    private final Map<String, Entry> accounts;
    private final RevocationWatch revoked;
    private final Clock clock;
    private final CertToName mappings;
    /** Each distinct X.509 file's check (CAs and pins), in the order of the accounts, with the accounts it serves. */
    private final Map<X509ChainCheck, Set<String>> x509Accounts;

    private AccountTable(Map<String, Entry> accounts, RevocationWatch revoked, Clock clock, CertToName mappings) {
        this.accounts = accounts;
        this.revoked = revoked;
        this.clock = clock;
        this.mappings = mappings;
        Map<X509ChainCheck, Set<String>> x509 = new LinkedHashMap<>();
        accounts.forEach((name, entry) -> entry.x509().ifPresent(check ->
                x509.computeIfAbsent(check, c -> new LinkedHashSet<>()).add(name)));
        this.x509Accounts = x509;
    }

    /** Reads every account's authorized_keys file; nothing revoked, certificates checked on the system clock. */
    public static AccountTable load(List<Account> accounts) throws IOException {
        return load(accounts, RevocationWatch.NONE, Clock.systemUTC());
    }

    /** Reads every account's authorized_keys file; an account without one can never log in. */
    public static AccountTable load(List<Account> accounts, RevocationWatch revoked, Clock clock) throws IOException {
        return load(accounts, revoked, clock, CertToName.NONE);
    }

    /**
     * Reads every account's authorized_keys file; an account without one can never log in. Accounts
     * that name the same X.509 CA file share its check.
     *
     * @param mappings how X.509 logins are bound to accounts; {@link CertToName#NONE} for the simple rule
     */
    public static AccountTable load(List<Account> accounts, RevocationWatch revoked, Clock clock,
                                    CertToName mappings) throws IOException {
        Objects.requireNonNull(revoked, "revoked");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(mappings, "mappings");
        Map<String, Entry> loaded = new LinkedHashMap<>();
        Map<Path, X509ChainCheck> caFiles = new HashMap<>();
        for (Account account : accounts) {
            Optional<Path> file = account.authorizedKeysFile();
            if (file.isPresent() && AccountFileKind.of(file.get()) == AccountFileKind.X509) {
                X509ChainCheck x509 = caFiles.get(file.get().toAbsolutePath().normalize());
                if (x509 == null) {
                    x509 = new X509ChainCheck(X509TrustFile.load(file.get()), revoked);
                    caFiles.put(file.get().toAbsolutePath().normalize(), x509);
                }
                loaded.put(account.name(), new Entry(account.role(), AuthorizedKeys.of(List.of()), List.of(),
                        Optional.of(x509)));
                continue;
            }
            AuthorizedKeys keys = file.isPresent() ? AuthorizedKeys.load(file.get()) : AuthorizedKeys.of(List.of());
            List<TrustedCa> cas = new ArrayList<>();
            for (CertAuthority ca : keys.certAuthorities()) {
                cas.add(new TrustedCa(ca, new CertificateCheck(CertificateAuthorities.of(List.of(ca.key())), revoked,
                        clock)));
            }
            loaded.put(account.name(), new Entry(account.role(), keys, List.copyOf(cas), Optional.empty()));
        }
        return new AccountTable(loaded, revoked, clock, mappings);
    }

    /**
     * Whether an account's file holds X.509 certificates (PEM: CA certificates, pinned end-entity
     * certificates or both) rather than authorized_keys lines, told by its content.
     *
     * @throws IOException naming the file when it cannot be read, is too large, or mixes both kinds
     */
    public static boolean holdsX509Cas(Path file) throws IOException {
        return AccountFileKind.of(file) == AccountFileKind.X509;
    }

    public boolean accepts(String username, PublicKey key) {
        return check(username, key).isAccepted();
    }

    /**
     * Whether the NMS may log in as {@code username} with {@code key}, a plain key or a user
     * certificate, and how it was proven or why not. Called on MINA's I/O threads: reads no file.
     */
    public NmsVerdict check(String username, PublicKey key) {
        if (key instanceof X509PublicKey chain && mappings.isConfigured()) {
            Optional<NmsVerdict> mapped = checkMapped(chain);
            if (mapped.isPresent()) {
                return mapped.get();
            }
        }
        Entry entry = accounts.get(username);
        if (entry == null) {
            return new NmsVerdict.Refused(PeerText.quote(username) + " is not an account of this device");
        }
        if (key instanceof OpenSshCertificate certificate) {
            return checkCertificate(username, entry, certificate);
        }
        if (key instanceof X509PublicKey chain) {
            return checkX509(username, entry, chain);
        }
        String fingerprint = fingerprint(key);
        Optional<String> revocation = revoked.whyRevoked(key);
        if (revocation.isPresent()) {
            return new NmsVerdict.Refused(revocation.get() + " (" + revoked.get() + ")");
        }
        if (!entry.keys().contains(key)) {
            return new NmsVerdict.Refused("key " + fingerprint + " is not authorized for account '" + username + "'");
        }
        return new NmsVerdict.Accepted(PeerVerification.PINNED_USER_KEY, fingerprint, "key " + fingerprint
                + " authorized for account '" + username + "'");
    }

    private static NmsVerdict checkCertificate(String username, Entry entry, OpenSshCertificate certificate) {
        if (entry.cas().isEmpty()) {
            return new NmsVerdict.Refused("a user certificate was offered, but the authorized_keys file of account '"
                    + username + "' names no CA (a cert-authority line)");
        }
        CertificateVerdict.Refused first = null;
        for (TrustedCa ca : entry.cas()) {
            List<String> principals = ca.line().principals().isEmpty() ? List.of(username) : ca.line().principals();
            CertificateVerdict verdict = ca.check().checkNamingOneOf(certificate, OpenSshCertificate.Type.USER,
                    principals);
            if (verdict instanceof CertificateVerdict.Accepted accepted) {
                return new NmsVerdict.Accepted(PeerVerification.OPENSSH_USER_CERTIFICATE,
                        accepted.identity().keyFingerprint(), accepted.identity() + " trusted by " + ca.line().where());
            }
            CertificateVerdict.Refused refused = (CertificateVerdict.Refused) verdict;
            // the refusal of the line whose CA signed it says more than "unknown CA" from the others
            if (first == null || first.reason() == CertificateRefusal.UNKNOWN_CA) {
                first = refused;
            }
        }
        return new NmsVerdict.Refused(first.detail() + " (" + first.reason().wireName() + ")");
    }

    private NmsVerdict checkX509(String username, Entry entry, X509PublicKey chain) {
        if (entry.x509().isEmpty()) {
            return new NmsVerdict.Refused("an X.509 user certificate was offered, but the file of account '" + username
                    + "' names no X.509 CA and pins no X.509 certificate (PEM certificates)");
        }
        X509Verdict verdict = entry.x509().get().check(chain.chain(), X509ChainCheck.Purpose.USER, clock.instant())
                .requireIdentity(username);
        if (verdict instanceof X509Verdict.Accepted accepted) {
            return new NmsVerdict.Accepted(PeerVerification.X509_USER_CERTIFICATE,
                    accepted.identity().keyFingerprint(), accepted.identity() + " for account '" + username + "'");
        }
        X509Verdict.Refused refused = (X509Verdict.Refused) verdict;
        return new NmsVerdict.Refused(refused.detail() + " (" + refused.reason().wireName() + ")");
    }

    /**
     * Whether the key or certificate an NMS logged in with, accepted before, is revoked by the list
     * in force now, and why: a key or OpenSSH certificate as the list names it, an X.509 chain also
     * through the CRLs of the CAs of any account's file (a cert-to-name mapping may have bound it to
     * another account than its SSH username).
     */
    public Optional<String> whyRevoked(PublicKey key) {
        if (key instanceof X509PublicKey chain) {
            return whyRevoked(chain.chain(), X509ChainCheck.Purpose.USER);
        }
        return revoked.whyRevoked(key);
    }

    private Optional<String> whyRevoked(List<X509Certificate> chain, X509ChainCheck.Purpose purpose) {
        Instant now = clock.instant();
        for (X509ChainCheck caFile : x509Accounts.keySet()) {
            Optional<String> why = caFile.whyRevoked(chain, purpose, now);
            if (why.isPresent()) {
                return why;
            }
        }
        // the chain check asks the list about the chain's keys too; the chain is nothing the list names itself
        return Optional.empty();
    }

    /**
     * The verdict of the cert-to-name mappings on an X.509 login, or empty to leave it to the simple
     * rule: when no entry applies to a path any account's CAs accept and a mapping is not required.
     * Each distinct CA file checks the chain once.
     */
    private Optional<NmsVerdict> checkMapped(X509PublicKey chain) {
        Instant now = clock.instant();
        X509Verdict.Refused firstRefusal = null;
        String unusable = null;
        X509Verdict.Accepted unmapped = null;
        for (Map.Entry<X509ChainCheck, Set<String>> caFile : x509Accounts.entrySet()) {
            X509Verdict verdict = caFile.getKey().check(chain.chain(), X509ChainCheck.Purpose.USER, now);
            if (verdict instanceof X509Verdict.Refused refused) {
                firstRefusal = firstRefusal == null ? refused : firstRefusal;
                continue;
            }
            X509Verdict.Accepted accepted = (X509Verdict.Accepted) verdict;
            Optional<CertToName.Mapped> mapped = mappings.map(accepted.path());
            if (mapped.isEmpty()) {
                unmapped = unmapped == null ? accepted : unmapped;
                continue;
            }
            String account = mapped.get().name();
            if (caFile.getValue().contains(account)) {
                return Optional.of(new NmsVerdict.Accepted(PeerVerification.X509_USER_CERTIFICATE,
                        accepted.identity().keyFingerprint(), accepted.identity() + "; " + mapped.get(),
                        Optional.of(account)));
            }
            if (unusable == null) {
                unusable = mapped.get() + (accounts.containsKey(account) ? notTrustedBy(accepted)
                        : ", which is not an account of this device") + "; the mapped name overrides the SSH username";
            }
        }
        if (unusable != null) {
            return Optional.of(new NmsVerdict.Refused(unusable));
        }
        if (!mappings.mappingRequired()) {
            return Optional.empty();
        }
        if (unmapped != null) {
            return Optional.of(new NmsVerdict.Refused("no cert-to-name entry maps " + unmapped.identity()
                    + ", and mapping-required is set"));
        }
        if (firstRefusal != null) {
            return Optional.of(new NmsVerdict.Refused(firstRefusal.detail() + " (" + firstRefusal.reason().wireName()
                    + ")"));
        }
        return Optional.of(new NmsVerdict.Refused("an X.509 user certificate was offered, but no account's file names"
                + " an X.509 CA or pins an X.509 certificate (PEM certificates)"));
    }

    /**
     * Whether an NMS may run NETCONF over TLS with the client certificate {@code chain} (RFC 7589), and
     * why not: accepted, with the path of the file of the account it proves, when {@link X509ChainCheck}
     * accepts it for {@link X509ChainCheck.Purpose#TLS_CLIENT} now and it names an account whose file
     * trusts it: a CA of that file issued it (the path runs up to that CA), or that file pins its
     * end-entity certificate, byte for byte (the path is that certificate alone). The name is the one the
     * first applicable cert-to-name entry gives the path when mappings are configured, else its identity
     * (subject serialNumber, else CN). Refused otherwise, with {@link CertificateRefusal#UNEXPECTED_IDENTITY}
     * when the chain is good but names no such account, and {@link CertificateRefusal#UNKNOWN_CA} when it
     * is neither pinned nor issued by a CA of any account's file. A CA certificate presented as the NMS's
     * own is refused ({@link CertificateRefusal#WRONG_CERTIFICATE_TYPE}), as a file never pins one. Each
     * distinct file checks the chain once. Called on the TLS handshake's thread: reads no file.
     *
     * @param chain as the NMS sent it, its end-entity certificate first
     */
    public X509Verdict checkTlsClient(List<X509Certificate> chain) {
        Objects.requireNonNull(chain, "chain");
        Instant now = clock.instant();
        X509Verdict.Refused firstRefusal = null;
        X509Verdict.Accepted unnamed = null;
        String unusable = null;
        for (Map.Entry<X509ChainCheck, Set<String>> caFile : x509Accounts.entrySet()) {
            X509Verdict verdict = caFile.getKey().check(chain, X509ChainCheck.Purpose.TLS_CLIENT, now);
            if (verdict instanceof X509Verdict.Refused refused) {
                // the refusal of the file whose CA issued it says more than "unknown CA" from the others
                if (firstRefusal == null || firstRefusal.reason() == CertificateRefusal.UNKNOWN_CA) {
                    firstRefusal = refused;
                }
                continue;
            }
            X509Verdict.Accepted accepted = (X509Verdict.Accepted) verdict;
            Optional<String> account = nameOf(accepted);
            if (account.isPresent() && caFile.getValue().contains(account.get())) {
                return accepted;
            }
            if (account.isPresent() && unusable == null) {
                unusable = (mappings.isConfigured() ? mappings.map(accepted.path()).orElseThrow().toString()
                        : accepted.identity().toString())
                        + (accounts.containsKey(account.get()) ? notTrustedBy(accepted)
                        : ", which is not an account of this device");
            }
            unnamed = unnamed == null ? accepted : unnamed;
        }
        if (unusable != null) {
            return new X509Verdict.Refused(CertificateRefusal.UNEXPECTED_IDENTITY, unusable);
        }
        if (unnamed != null) {
            return new X509Verdict.Refused(CertificateRefusal.UNEXPECTED_IDENTITY, "no cert-to-name entry maps "
                    + unnamed.identity() + "; without a mapped name a TLS client gets no NETCONF session (RFC 7589)");
        }
        if (firstRefusal != null) {
            return firstRefusal;
        }
        return new X509Verdict.Refused(CertificateRefusal.UNKNOWN_CA, "a TLS client certificate was offered, but no"
                + " account's file names an X.509 CA or pins an X.509 certificate (PEM certificates)");
    }

    /**
     * The account a chain {@link #checkTlsClient} accepted proves: the name derived again from its
     * path, which is fingerprints and names only, no signature.
     *
     * @throws IllegalArgumentException when the verdict names no account (it did not come from
     *                                  {@link #checkTlsClient})
     */
    public String tlsAccount(X509Verdict.Accepted accepted) {
        return nameOf(accepted).filter(accounts::containsKey).orElseThrow(() -> new IllegalArgumentException(
                accepted.identity() + " names no account of this device"));
    }

    /**
     * Whether the NMS's TLS client chain, accepted before, is revoked by the list in force now (a key,
     * or a CRL of the CAs of any account's file), and why.
     */
    public Optional<String> whyRevokedTlsClient(List<X509Certificate> chain) {
        return whyRevoked(chain, X509ChainCheck.Purpose.TLS_CLIENT);
    }

    /** Why an account another file accepted a chain for is not proven by it, after its name. */
    private static String notTrustedBy(X509Verdict.Accepted accepted) {
        return accepted.identity().pinned()
                ? ", an account whose file does not pin this certificate: a pinned certificate proves only an account"
                + " whose file pins it"
                : ", an account whose file names other CAs (or none): the chain must lead to a CA of its file";
    }

    /** The mapped name, with mappings configured; otherwise the identity (the simple rule). */
    private Optional<String> nameOf(X509Verdict.Accepted accepted) {
        if (mappings.isConfigured()) {
            return mappings.map(accepted.path()).map(CertToName.Mapped::name);
        }
        return Optional.of(accepted.identity().identity());
    }

    public boolean contains(String username) {
        return accounts.containsKey(username);
    }

    /** The role of a user; a name that is not an account gets read-only (it cannot log in anyway). */
    public Role roleOf(String username) {
        Entry entry = accounts.get(username);
        return entry == null ? Role.READ_ONLY : entry.role();
    }

    public boolean isEmpty() {
        return accounts.isEmpty();
    }

    private static String fingerprint(PublicKey key) {
        try {
            return SshKeys.fingerprint(key);
        } catch (IllegalArgumentException unsupported) {
            return "of unsupported type " + PeerText.quote(key.getAlgorithm());
        }
    }
}
