package org.callhome.shared.x509;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.callhome.shared.text.PeerText;

/**
 * The {@code client-identity-mappings} of ietf-netconf-server: the {@code cert-to-name} list of RFC
 * 7407 §4.1 and the {@code mapping-required} flag. {@link #map} searches the entries in the order of
 * their ids, lowest first; an entry applies when it has no fingerprint or its fingerprint is that of
 * a certificate of the path, the end entity or a CA up to and including the trusted one (RFC 7407's
 * "locally held copy of a trusted CA certificate"); the first entry that applies and derives a name
 * gives the name. For SSH, that name overrides the SSH username (RFC 6242 §3); with
 * {@code mapping-required}, a path no entry maps is refused, which the caller enforces.
 *
 * <p>It trusts the path it is given: whoever calls it has verified that path first. At most
 * {@value #MAX_ENTRIES} entries, names of at most {@value #MAX_NAME_CHARS} characters, paths of at
 * most {@value #MAX_PATH_CERTIFICATES} certificates.
 *
 * @param entries         the cert-to-name list, kept sorted by id, ids unique
 * @param mappingRequired whether a path that no entry maps is refused rather than left to the
 *                        transport's own username (for SSH, the username it logged in as)
 */
public record CertToName(List<CertToNameEntry> entries, boolean mappingRequired) {

    /** Entries in one list: a device trusts a handful of CAs; more is a mistake in the file. */
    public static final int MAX_ENTRIES = 64;
    /** Characters of a name, given or derived; a longer derived name is passed over. */
    public static final int MAX_NAME_CHARS = 255;
    /** Certificates of a path handed to {@link #map}: a chain of eight and its trusted CA, with room to spare. */
    public static final int MAX_PATH_CERTIFICATES = 16;

    /** No mappings: nothing is mapped, nothing is required. */
    public static final CertToName NONE = new CertToName(List.of(), false);

    /**
     * A name the list gave.
     *
     * @param entry   the entry that gave it
     * @param name    the name
     * @param matched which certificate the entry's fingerprint matched: {@code end entity 'CN=ops'}
     *                or {@code CA 'CN=NMS Root CA'}; {@code any certificate} for an entry without one
     */
    public record Mapped(CertToNameEntry entry, String name, String matched) {

        public Mapped {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(matched, "matched");
        }

        /** {@code cert-to-name entry 2 (san-dns-name, ...) mapped ... to 'ops'}, for the log. */
        @Override
        public String toString() {
            return "cert-to-name " + entry + " matched " + matched + " and mapped it to " + PeerText.quote(name,
                    PeerText.MESSAGE_CHARS);
        }
    }

    public CertToName {
        Objects.requireNonNull(entries, "entries");
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("cert-to-name list of " + entries.size() + " entries exceeds the"
                    + " allowed maximum (" + MAX_ENTRIES + ")");
        }
        List<CertToNameEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(CertToNameEntry::id));
        Set<Long> ids = new HashSet<>();
        for (CertToNameEntry entry : sorted) {
            if (!ids.add(entry.id())) {
                throw new IllegalArgumentException("cert-to-name id " + entry.id() + " appears more than once");
            }
        }
        entries = List.copyOf(sorted);
    }

    /** Whether anything is configured: an entry, or {@code mapping-required}. */
    public boolean isConfigured() {
        return !entries.isEmpty() || mappingRequired;
    }

    /**
     * The name the first applicable entry gives the path, or empty when none does.
     *
     * @param path the verified path: the end-entity certificate first, each followed by its issuer's,
     *             up to and including the trusted CA's own certificate
     * @throws IllegalArgumentException for an empty path or one over {@value #MAX_PATH_CERTIFICATES}
     *                                  certificates (the caller's bug: it verified the path)
     */
    public Optional<Mapped> map(List<X509Certificate> path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.size() > MAX_PATH_CERTIFICATES) {
            throw new IllegalArgumentException("a path of 1.." + MAX_PATH_CERTIFICATES + " certificates is needed,"
                    + " got " + path.size());
        }
        X509Certificate endEntity = path.get(0);
        for (CertToNameEntry entry : entries) {
            Optional<String> matched = matched(entry, path);
            if (matched.isEmpty()) {
                continue;
            }
            Optional<String> name = entry.mapType() == MapType.SPECIFIED ? entry.name()
                    : CertificateNames.derive(entry.mapType(), endEntity);
            if (name.isPresent()) {
                return Optional.of(new Mapped(entry, name.get(), matched.get()));
            }
        }
        return Optional.empty();
    }

    /** How {@code entry} applies to {@code path}, or empty when its fingerprint is of none of it. */
    private static Optional<String> matched(CertToNameEntry entry, List<X509Certificate> path) {
        if (entry.fingerprint().isEmpty()) {
            return Optional.of("any certificate");
        }
        TlsFingerprint fingerprint = entry.fingerprint().get();
        for (int i = 0; i < path.size(); i++) {
            if (fingerprint.matches(path.get(i))) {
                return Optional.of((i == 0 ? "end entity " : "CA ") + PeerText.quote(path.get(i)
                        .getSubjectX500Principal().getName(X500Principal.RFC2253), PeerText.MESSAGE_CHARS));
            }
        }
        return Optional.empty();
    }
}
