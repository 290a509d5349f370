package org.callhome.shared.x509;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The name a map type derives from an end-entity certificate, by RFC 7407's rules (§4.1, the
 * identities' descriptions):
 * <ul>
 *   <li>san-rfc822-name: the first subjectAltName rfc822Name {@code local@host}, the local part as it
 *       is and the host part in lower case ({@code FooBar@Example.COM} gives {@code FooBar@example.com});</li>
 *   <li>san-dns-name: the first dNSName in lower case;</li>
 *   <li>san-ip-address: the first iPAddress, IPv4 as a dotted quad ({@code 192.0.2.1}), IPv6 as 32
 *       lower-case hex digits without colons ({@code 20010db8000000000000000000000001});</li>
 *   <li>san-any: the first subjectAltName, in the certificate's order, of those three kinds that gives
 *       a name, by its kind's rule;</li>
 *   <li>common-name: the subject's commonName, when it has exactly one and it is a string (two make
 *       the name ambiguous).</li>
 * </ul>
 * A value that gives no name (an rfc822Name without {@code @}, an address of another length, an
 * empty value or one over {@value CertToName#MAX_NAME_CHARS} characters) is passed over as if it were
 * absent; a certificate whose subjectAltName cannot be read has none.
 *
 * <p>The names as they stand, for other rules (a host name checked against the host dialled):
 * {@link #dnsNames}, {@link #ipAddresses}, {@link #commonName}.
 */
public final class CertificateNames {

    private CertificateNames() {
    }

    /** The name {@code type} derives, or empty; never for {@link MapType#SPECIFIED}, whose name is the entry's. */
    static Optional<String> derive(MapType type, X509Certificate certificate) {
        return switch (type) {
            case SPECIFIED -> Optional.empty();
            case SAN_RFC822_NAME -> firstSan(certificate, GeneralName.rfc822Name);
            case SAN_DNS_NAME -> firstSan(certificate, GeneralName.dNSName);
            case SAN_IP_ADDRESS -> firstSan(certificate, GeneralName.iPAddress);
            case SAN_ANY -> firstSan(certificate, GeneralName.rfc822Name, GeneralName.dNSName, GeneralName.iPAddress);
            case COMMON_NAME -> commonName(certificate);
        };
    }

    /** The subjectAltName dNSName entries, as they are written, in the certificate's order. */
    public static List<String> dnsNames(X509Certificate certificate) {
        return subjectAltNames(certificate).stream().filter(san -> san.getTagNo() == GeneralName.dNSName)
                .map(san -> ((ASN1String) san.getName()).getString()).toList();
    }

    /** The subjectAltName iPAddress entries, 4 or 16 bytes each (others are passed over), in the certificate's order. */
    public static List<byte[]> ipAddresses(X509Certificate certificate) {
        return subjectAltNames(certificate).stream().filter(san -> san.getTagNo() == GeneralName.iPAddress)
                .map(san -> ASN1OctetString.getInstance(san.getName()).getOctets())
                .filter(address -> address.length == 4 || address.length == 16).toList();
    }

    private static Optional<String> firstSan(X509Certificate certificate, int... kinds) {
        for (GeneralName san : subjectAltNames(certificate)) {
            for (int kind : kinds) {
                if (san.getTagNo() == kind) {
                    Optional<String> name = sanName(san).filter(CertificateNames::fits);
                    if (name.isPresent()) {
                        return name;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> sanName(GeneralName san) {
        ASN1Encodable value = san.getName();
        switch (san.getTagNo()) {
            case GeneralName.rfc822Name -> {
                String mailbox = ((ASN1String) value).getString();
                int at = mailbox.lastIndexOf('@');
                if (at <= 0 || at == mailbox.length() - 1) {
                    return Optional.empty();
                }
                return Optional.of(mailbox.substring(0, at) + "@" + mailbox.substring(at + 1).toLowerCase(Locale.ROOT));
            }
            case GeneralName.dNSName -> {
                return Optional.of(((ASN1String) value).getString().toLowerCase(Locale.ROOT));
            }
            case GeneralName.iPAddress -> {
                byte[] address = ASN1OctetString.getInstance(value).getOctets();
                if (address.length == 4) {
                    return Optional.of((address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff)
                            + "." + (address[3] & 0xff));
                }
                return address.length == 16 ? Optional.of(HexFormat.of().formatHex(address)) : Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static List<GeneralName> subjectAltNames(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (extension == null) {
            return List.of();
        }
        try {
            return List.of(GeneralNames.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getNames());
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    /**
     * The subject's commonName, when it has exactly one and it is a string of at most
     * {@value CertToName#MAX_NAME_CHARS} characters; empty otherwise.
     */
    public static Optional<String> commonName(X509Certificate certificate) {
        X500Name subject;
        try {
            subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
        List<ASN1Encodable> values = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(BCStyle.CN)) {
                    values.add(attribute.getValue());
                }
            }
        }
        if (values.size() != 1 || !(values.get(0) instanceof ASN1String string)) {
            return Optional.empty();
        }
        return Optional.of(string.getString()).filter(CertificateNames::fits);
    }

    private static boolean fits(String name) {
        return !name.isEmpty() && name.length() <= CertToName.MAX_NAME_CHARS;
    }
}
