package org.callhome.device.devicessh;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.callhome.shared.text.PeerText;
import org.callhome.shared.x509.CertificateNames;

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

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Shown of a certificate's names in a refusal, at most; a certificate may carry any number. */
    private static final int MAX_NAMES_SHOWN = 5;

    private NmsHostName() {
    }

    /** Why {@code certificate} does not name {@code host}; empty when it does. */
    static Optional<String> mismatch(X509Certificate certificate, String host) {
        List<String> dnsNames = CertificateNames.dnsNames(certificate);
        List<byte[]> addresses = CertificateNames.ipAddresses(certificate);
        Optional<byte[]> hostAddress = literal(host);
        if (dnsNames.isEmpty() && addresses.isEmpty()) {
            Optional<String> commonName = CertificateNames.commonName(certificate);
            boolean named = commonName.isPresent() && (sameName(commonName.get(), host) || hostAddress.isPresent()
                    && literal(commonName.get()).map(address -> Arrays.equals(address, hostAddress.get()))
                    .orElse(false));
            return named ? Optional.empty() : Optional.of("it has no subjectAltName DNS name or IP address, and its"
                    + " common name " + commonName.map(PeerText::quote).orElse("(none, or more than one)") + " is not "
                    + PeerText.quote(host));
        }
        if (hostAddress.isPresent()) {
            if (addresses.stream().anyMatch(address -> Arrays.equals(address, hostAddress.get()))) {
                return Optional.empty();
            }
            return Optional.of("IP address " + host + " is not among its subjectAltName IP addresses "
                    + shown(addresses.stream().map(NmsHostName::text).toList()));
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

    /** An address as Java writes it: {@code 127.0.0.2}, {@code 0:0:0:0:0:0:0:1}. */
    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }

    private static boolean sameName(String certified, String host) {
        return trimDot(certified).toLowerCase(Locale.ROOT).equals(trimDot(host).toLowerCase(Locale.ROOT));
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static String shown(List<String> names) {
        List<String> quoted = names.stream().limit(MAX_NAMES_SHOWN).map(PeerText::quote).toList();
        return "[" + String.join(", ", quoted) + (names.size() > MAX_NAMES_SHOWN ? ", ... " + names.size()
                + " in all" : "") + "]";
    }
}
