package org.callhome.shared.x509;

import org.callhome.shared.text.WireNamed;
import org.callhome.shared.text.WireNames;

/**
 * How a cert-to-name entry derives a name from the end-entity certificate: the identities of
 * {@code ietf-x509-cert-to-name} (RFC 7407 §4.1, from RFC 6353's SNMP-TLS-TM-MIB), derived as
 * {@link CertificateNames} describes.
 */
public enum MapType implements WireNamed {
    /** The entry's own {@code name}. */
    SPECIFIED("specified"),
    /** The first subjectAltName rfc822Name, its host part in lower case. */
    SAN_RFC822_NAME("san-rfc822-name"),
    /** The first subjectAltName dNSName, in lower case. */
    SAN_DNS_NAME("san-dns-name"),
    /** The first subjectAltName iPAddress: IPv4 dotted, IPv6 as 32 lower-case hex digits. */
    SAN_IP_ADDRESS("san-ip-address"),
    /** The first subjectAltName of the three kinds above, by its kind's rule. */
    SAN_ANY("san-any"),
    /** The subject's one commonName. */
    COMMON_NAME("common-name");

    /** The module the identities are defined in: their prefix in RFC 7951 JSON. */
    public static final String MODULE = "ietf-x509-cert-to-name";

    private final String wireName;

    MapType(String wireName) {
        this.wireName = wireName;
    }

    /** The identity's name without its module, such as {@code san-dns-name}. */
    @Override
    public String wireName() {
        return wireName;
    }

    public static MapType fromWireName(String name) {
        return WireNames.lookup(MapType.class, name, "map-type");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
