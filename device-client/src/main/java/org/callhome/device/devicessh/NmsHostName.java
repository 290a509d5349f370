package org.callhome.device.devicessh;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.callhome.shared.text.PeerText;

/**
 * Whether an NMS host certificate (X.509, RFC 6187) names the host the device called, the
 * {@code --nms} host as configured (never the address a name resolved to): an IP address literal
 * must be one of the certificate's subjectAltName {@code iPAddress} entries, compared as addresses
 * ({@code ::1} and {@code 0:0:0:0:0:0:0:1} are one); a name must equal one of its {@code dNSName}
 * entries, ignoring case and a trailing dot, with no wildcard. Only a certificate with neither kind
 * of entry is judged by its subject's common name instead, compared the same way, as RFC 6125
 * §6.4.4 and AsyncSSH do. Reads no DNS.
 */
final class NmsHostName {

    /** subjectAltName entry types (RFC 5280 §4.2.1.6), as {@link X509Certificate#getSubjectAlternativeNames} numbers them. */
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Shown of a certificate's names in a refusal, at most; a certificate may carry any number. */
    private static final int MAX_NAMES_SHOWN = 5;

    private NmsHostName() {
    }

    /** Why {@code certificate} does not name {@code host}; empty when it does. */
    static Optional<String> mismatch(X509Certificate certificate, String host) {
        List<String> dnsNames = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.of("its subjectAltName extension cannot be read (" + PeerText.shown(String.valueOf(
                    e.getMessage()), PeerText.MESSAGE_CHARS) + ")");
        }
        for (List<?> entry : entries == null ? List.<List<?>>of() : entries) {
            if (entry.size() == 2 && entry.get(1) instanceof String value) {
                int type = (Integer) entry.get(0);
                if (type == DNS_NAME) {
                    dnsNames.add(value);
                } else if (type == IP_ADDRESS) {
                    addresses.add(value);
                }
            }
        }
        Optional<byte[]> hostAddress = literal(host);
        if (dnsNames.isEmpty() && addresses.isEmpty()) {
            Optional<String> commonName = commonName(certificate);
            if (commonName.isPresent() && (sameName(commonName.get(), host) || hostAddress.isPresent()
                    && literal(commonName.get()).map(address -> Arrays.equals(address, hostAddress.get()))
                    .orElse(false))) {
                return Optional.empty();
            }
            return Optional.of("it has no subjectAltName DNS name or IP address, and its common name "
                    + commonName.map(PeerText::quote).orElse("(none)") + " is not " + PeerText.quote(host));
        }
        if (hostAddress.isPresent()) {
            for (String address : addresses) {
                if (literal(address).map(bytes -> Arrays.equals(bytes, hostAddress.get())).orElse(false)) {
                    return Optional.empty();
                }
            }
            return Optional.of("IP address " + host + " is not among its subjectAltName IP addresses "
                    + shown(addresses));
        }
        if (dnsNames.stream().anyMatch(name -> sameName(name, host))) {
            return Optional.empty();
        }
        return Optional.of("host name " + PeerText.quote(host) + " is not among its subjectAltName DNS names "
                + shown(dnsNames) + " (compared exactly, ignoring case; no wildcards)");
    }

    /** The address of an IPv4 or IPv6 literal, without any lookup; empty for a name. */
    private static Optional<byte[]> literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(bare).matches() && !(bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean sameName(String certified, String host) {
        return trimDot(certified).toLowerCase(Locale.ROOT).equals(trimDot(host).toLowerCase(Locale.ROOT));
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdns.get(i).getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String shown(List<String> names) {
        List<String> quoted = names.stream().limit(MAX_NAMES_SHOWN).map(PeerText::quote).toList();
        return "[" + String.join(", ", quoted) + (names.size() > MAX_NAMES_SHOWN ? ", ... " + names.size()
                + " in all" : "") + "]";
    }
}
