package org.callhome.shared.x509;

import java.util.Objects;
import java.util.Optional;
import org.callhome.shared.text.PeerText;

/**
 * One entry of a {@code cert-to-name} list (RFC 7407 §4.1): the entry applies to a certificate path
 * when it has no fingerprint (as ietf-netconf-server allows) or its fingerprint is that of a
 * certificate of the path; then its map type derives the name, or, when the certificate has nothing
 * to derive it from, the next entry is tried.
 *
 * @param id          the entry's place in the search: lower first; 0..4294967295 (uint32)
 * @param fingerprint the certificate it applies to, an end entity or a CA of the path; empty for any
 * @param mapType     how the name is derived
 * @param name        the name for {@link MapType#SPECIFIED}, 1..{@value CertToName#MAX_NAME_CHARS}
 *                    characters; empty for every other map type (the model's {@code when})
 */
public record CertToNameEntry(long id, Optional<TlsFingerprint> fingerprint, MapType mapType, Optional<String> name) {

    /** The largest uint32. */
    public static final long MAX_ID = 0xFFFF_FFFFL;

    public CertToNameEntry {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("cert-to-name id must be in 0.." + MAX_ID + ", got " + id);
        }
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(mapType, "mapType");
        Objects.requireNonNull(name, "name");
        if (mapType == MapType.SPECIFIED && name.isEmpty()) {
            throw new IllegalArgumentException("cert-to-name entry " + id + ": map-type specified needs a name");
        }
        if (mapType != MapType.SPECIFIED && name.isPresent()) {
            throw new IllegalArgumentException("cert-to-name entry " + id + ": a name is only for map-type"
                    + " specified, not " + mapType.wireName());
        }
        if (name.isPresent() && (name.get().isEmpty() || name.get().length() > CertToName.MAX_NAME_CHARS)) {
            throw new IllegalArgumentException("cert-to-name entry " + id + ": name must be 1.."
                    + CertToName.MAX_NAME_CHARS + " characters, got " + name.get().length());
        }
    }

    /** An entry that derives the name by {@code mapType}. */
    public static CertToNameEntry derived(long id, Optional<TlsFingerprint> fingerprint, MapType mapType) {
        return new CertToNameEntry(id, fingerprint, mapType, Optional.empty());
    }

    /** An entry that gives {@code name} to the certificates its fingerprint matches. */
    public static CertToNameEntry specified(long id, Optional<TlsFingerprint> fingerprint, String name) {
        return new CertToNameEntry(id, fingerprint, MapType.SPECIFIED, Optional.of(name));
    }

    /** {@code entry 2 (san-dns-name, fingerprint 04:9A:...)} or {@code entry 3 (specified 'ops', any certificate)}. */
    @Override
    public String toString() {
        return "entry " + id + " (" + mapType.wireName() + name.map(n -> " " + PeerText.quote(n)).orElse("") + ", "
                + fingerprint.map(f -> "fingerprint " + f.text()).orElse("any certificate") + ")";
    }
}
