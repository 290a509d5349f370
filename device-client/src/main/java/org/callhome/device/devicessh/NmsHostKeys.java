package org.callhome.device.devicessh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.PemOrKeyLines;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertificateAuthorities;
import org.callhome.shared.ssh.cert.CertificateCheck;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.CertificateVerdict;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.text.PeerText;

/**
 * The NMS host key(s) a device in device-ssh-client mode pins, or the CAs it trusts to certify
 * them: the device completes the SSH key exchange only with a server proving one of these keys, so
 * it never sends its login to anyone else. Read from {@code --nms-host-key FILE}, which is either
 * the NMS's OpenSSH public key file ({@code ssh-ed25519 AAAA... comment}) or a known_hosts file;
 * both kinds of line may be mixed.
 *
 * <p>Which line applies to which endpoint (the {@code --nms} host as given, and its port):
 * <ul>
 * <li>a public key line ({@code type base64 [comment]}; told apart from a known_hosts line by its
 *     second field, which is key data starting with {@code AAAA}) applies to every endpoint;</li>
 * <li>a known_hosts line ({@code [@cert-authority] hosts type base64 [comment]}) applies where its
 *     host field, an OpenSSH pattern list, matches: comma-separated entries, each an OpenSSH pattern
 *     ({@code *} any run of characters, {@code ?} any one, compared case-insensitively) or a hashed
 *     name; the line applies when an entry matches and no negated entry ({@code !pattern}) does, as
 *     OpenSSH's {@code match_hostname} decides. A pattern {@code name} matches the host on
 *     <em>any</em> port (unlike OpenSSH, which means port 22: call-home NMS ports rarely are 22),
 *     {@code [name]:port} the string {@code [host]:port} (so {@code [*.example.net]:4334} or
 *     {@code [nms]:*}), and a hashed entry {@code |1|salt|hash} (ssh-keygen -H) matches when
 *     HMAC-SHA1(salt, {@code host}) or HMAC-SHA1(salt, {@code [host]:port}) equals the hash;
 *     {@code *} alone applies to every endpoint.</li>
 * </ul>
 *
 * <p>A {@code @cert-authority} line pins a CA, as OpenSSH's known_hosts does: the NMS proves itself
 * with a host certificate of that CA that {@link CertificateCheck#checkNamingOneOf} accepts for the
 * endpoint's host name (the {@code --nms} host as given, never the address it resolves to): signed
 * by it, a host certificate, valid now, no critical option, not revoked, and naming that host
 * among its principals (compared exactly: patterns are the host field's, never the principals'). As in OpenSSH, a certificate no pinned CA
 * signed is taken for the key it certifies, which may be pinned itself; a certificate of a pinned
 * CA that fails a check is refused, whatever else is pinned.
 *
 * <p>A file of PEM CA certificates ({@code -----BEGIN CERTIFICATE-----} blocks, nothing else) pins
 * X.509 CAs instead (RFC 6187, {@link NmsHostCertificates}): the NMS must present an X.509 host
 * certificate chain to one of them, valid now, for an SSH server, naming the {@code --nms} host in
 * its subjectAltName (or, without DNS names and IP addresses there, its common name). The device
 * then offers the {@code x509v3-*} host key algorithms first. One file is one kind: PEM blocks and
 * OpenSSH lines together are refused.
 *
 * <p>Refused with {@code <file>:<line>:} errors: the marker {@code @revoked} (revocations go to
 * {@code --revoked-keys}), malformed host fields (an empty entry, a lone {@code !}, a negated hashed
 * name, brackets other than {@code [host]:port} with a port of digits or wildcards, a list of
 * negations only, which matches nothing), malformed or unsupported keys, certificates where a key
 * belongs, and a file with no key at all. Immutable and thread-safe.
 */
public final class NmsHostKeys {

    private static final String HASH_MAGIC = "|1|";
    /** {@code [host]:port}, either part possibly a pattern; the port of digits and wildcards. */
    private static final Pattern WITH_PORT = Pattern.compile("\\[([^\\[\\]]+)\\]:([0-9*?]+)");
    private static final int MAX_PORT = 65535;
    private static final int HMAC_SHA1_BYTES = 20;
    /** Far above any real known_hosts file; a larger file is the wrong one. */
    private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private static final String CERT_AUTHORITY = "@cert-authority";

    /**
     * One pinned key, or CA when {@code authority}, and the host entries it is valid for (empty:
     * every endpoint).
     */
    private record Pin(List<HostEntry> hosts, PublicKey key, boolean authority, String where) {
    }

    /**
     * One entry of a known_hosts host field: an OpenSSH pattern (lower-cased) matched against the
     * host, or when {@code withPort} against {@code [host]:port}; or a hashed name.
     */
    private record HostEntry(String text, boolean negated, boolean hashed, boolean withPort) {

        boolean matches(String host, String hostWithPort) {
            if (hashed) {
                return hashedMatches(text, host) || hashedMatches(text, hostWithPort);
            }
            return wildcardMatches(withPort ? hostWithPort : host, text);
        }
    }

    private final List<Pin> pins;
    private final Optional<NmsHostCertificates> x509;
    private final String source;

    private NmsHostKeys(List<Pin> pins, Optional<NmsHostCertificates> x509, String source) {
        this.pins = List.copyOf(pins);
        this.x509 = x509;
        this.source = source;
    }

    /** Keys given in code, valid for every endpoint (tests, embedding). */
    public static NmsHostKeys of(PublicKey... keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("at least one NMS host key is needed");
        }
        List<Pin> pins = new ArrayList<>();
        for (PublicKey key : keys) {
            pins.add(new Pin(List.of(), Objects.requireNonNull(key, "key"), false, "given key"));
        }
        return new NmsHostKeys(pins, Optional.empty(), "keys given in code");
    }

    /** X.509 CAs given in code, for every endpoint (tests, embedding). */
    public static NmsHostKeys ofX509(X509Authorities authorities) {
        return new NmsHostKeys(List.of(), Optional.of(NmsHostCertificates.of(authorities)), "X.509 CAs given in code");
    }

    /** @throws IOException {@code "<file>:<line>: <what is wrong>"}, or naming the file when it cannot be read */
    public static NmsHostKeys load(Path file) throws IOException {
        PemOrKeyLines kind = PemOrKeyLines.scan(TextFiles.read(file, MAX_FILE_BYTES),
                line -> !line.isEmpty() && !line.startsWith("#"));
        if (kind.mixed()) {
            throw new IOException(file + ":" + kind.firstKeyLine() + ": an OpenSSH line in a file of PEM blocks; "
                    + "--nms-host-key holds either OpenSSH keys and known_hosts lines or X.509 CA certificates "
                    + "(PEM), not both");
        }
        if (kind.pem() && !kind.opensshPrivateKey()) {
            return new NmsHostKeys(List.of(), Optional.of(NmsHostCertificates.load(file)), file.toString());
        }
        List<String> lines = TextFiles.readLines(file, MAX_FILE_BYTES);
        List<Pin> pins = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            if (text.startsWith("-----BEGIN")) {
                throw new IOException(where + ": this is a private key; give the NMS's public key "
                        + "(ssh-keygen -y, or its .pub file) or a known_hosts file");
            }
            pins.add(parseLine(text, where));
        }
        if (pins.isEmpty()) {
            throw new IOException(file + ": no NMS host key in the file (expected 'ssh-ed25519 AAAA...' "
                    + "or known_hosts lines 'HOST ssh-ed25519 AAAA...')");
        }
        return new NmsHostKeys(pins, Optional.empty(), file.toString());
    }

    /** The keys pinned for an endpoint (not the CAs), in file order; empty when no such line applies to it. */
    public List<PublicKey> keysFor(String host, int port) {
        return pins.stream().filter(pin -> !pin.authority() && applies(pin, host, port)).map(Pin::key).toList();
    }

    /** The CA keys pinned for an endpoint ({@code @cert-authority}), in file order. */
    public List<PublicKey> authoritiesFor(String host, int port) {
        return pins.stream().filter(pin -> pin.authority() && applies(pin, host, port)).map(Pin::key).toList();
    }

    /** Whether any line, key or CA, applies to the endpoint; X.509 CAs apply to every endpoint. */
    public boolean pinsAnythingFor(String host, int port) {
        return x509.isPresent() || pins.stream().anyMatch(pin -> applies(pin, host, port));
    }

    /** Whether the NMS is to prove itself with an X.509 host certificate: the device then asks for one. */
    public boolean trustsX509() {
        return x509.isPresent();
    }

    /**
     * Whether {@code key}, accepted before, is revoked by the list in force now, and why: a key or
     * OpenSSH certificate as the list names it, an X.509 chain also through the CRLs of its CAs.
     */
    public Optional<String> whyRevoked(PublicKey key, RevocationWatch revoked, Clock clock) {
        if (key instanceof X509PublicKey chain) {
            return x509.flatMap(cas -> cas.whyRevoked(chain, revoked, clock));
        }
        return revoked.whyRevoked(key);
    }

    /**
     * Whether the NMS at {@code host:port} may be the server that presented {@code key}, a plain key
     * or a host certificate, and how it was proven or why not. Nothing revoked is accepted.
     */
    public NmsVerdict verify(String host, int port, PublicKey key, RevocationWatch revoked, Clock clock) {
        String endpoint = host + ":" + port;
        if (key instanceof X509PublicKey chain) {
            return x509.map(cas -> cas.verify(host, chain, revoked, clock)).orElseGet(() -> new NmsVerdict.Refused(
                    "the NMS presented an X.509 host certificate, but " + source + " pins no X.509 CA"));
        }
        Optional<String> revocation = revoked.whyRevoked(key);
        if (revocation.isPresent()) {
            return new NmsVerdict.Refused("the NMS host " + (key instanceof OpenSshCertificate ? "certificate"
                    : "key") + " is revoked: " + revocation.get() + " (" + revoked.get() + ")");
        }
        List<PublicKey> pinned = keysFor(host, port);
        List<PublicKey> authorities = authoritiesFor(host, port);
        PublicKey plain = key;
        if (key instanceof OpenSshCertificate certificate) {
            CertificateVerdict.Refused byCa = null;
            if (!authorities.isEmpty()) {
                CertificateVerdict verdict = new CertificateCheck(CertificateAuthorities.of(authorities), revoked,
                        clock).checkNamingOneOf(certificate, OpenSshCertificate.Type.HOST, namesOf(host));
                if (verdict instanceof CertificateVerdict.Accepted accepted) {
                    return new NmsVerdict.Accepted(PeerVerification.OPENSSH_HOST_CERTIFICATE,
                            accepted.identity().keyFingerprint(), "host certificate for " + accepted.identity());
                }
                byCa = (CertificateVerdict.Refused) verdict;
                if (byCa.reason() != CertificateRefusal.UNKNOWN_CA) {
                    return new NmsVerdict.Refused(byCa.detail() + " (" + byCa.reason().wireName() + ")");
                }
            }
            plain = certificate.getCertPubKey();
            if (!contains(pinned, plain)) {
                return new NmsVerdict.Refused((byCa != null ? byCa.detail() + ", "
                        : "the NMS presented a host certificate, but no CA is pinned for " + endpoint + " in " + source
                        + " (@cert-authority), ") + "and the key it certifies, " + fingerprint(plain)
                        + ", is not pinned for " + endpoint + " either");
            }
        }
        String fingerprint = fingerprint(plain);
        if (contains(pinned, plain)) {
            return new NmsVerdict.Accepted(PeerVerification.PINNED_HOST_KEY, fingerprint, "host key " + fingerprint
                    + " pinned in " + source + (plain == key ? "" : ", presented in a certificate of a CA not pinned"));
        }
        if (pinned.isEmpty() && !authorities.isEmpty()) {
            return new NmsVerdict.Refused("the NMS presented plain host key " + fingerprint + ", but only a CA is "
                    + "pinned for " + endpoint + " in " + source + " (@cert-authority): the NMS must present a host "
                    + "certificate of that CA");
        }
        return new NmsVerdict.Refused("the NMS presented host key " + fingerprint + ", which is not pinned for "
                + endpoint + " in " + source);
    }

    /** Where the keys came from (the file name), for messages. */
    public String source() {
        return source;
    }

    private static Pin parseLine(String text, String where) throws IOException {
        String[] fields = text.split("\\s+", 3);
        if (fields.length >= 2 && fields[1].startsWith("AAAA")) {
            return new Pin(List.of(), parseKey(text, where), false, where);
        }
        boolean authority = fields[0].equals(CERT_AUTHORITY);
        if (authority) {
            text = text.substring(CERT_AUTHORITY.length()).strip();
            fields = text.split("\\s+", 3);
        }
        String hostField = fields[0];
        if (hostField.startsWith("@")) {
            throw new IOException(where + ": marker " + PeerText.shown(hostField) + " is not supported: pin the "
                    + "NMS's host key, or its CA with @cert-authority; revoked keys go to --revoked-keys");
        }
        if (hostField.isEmpty() || fields.length < 2) {
            throw new IOException(where + ": missing public key after host field " + PeerText.quote(hostField));
        }
        List<HostEntry> hosts = hostEntries(hostField, where);
        return new Pin(hosts, parseKey(text.substring(hostField.length()).strip(), where), authority, where);
    }

    /** The entries of an OpenSSH pattern list, checked; each error names the entry and the field. */
    private static List<HostEntry> hostEntries(String hostField, String where) throws IOException {
        List<HostEntry> hosts = new ArrayList<>();
        String field = " in host field " + PeerText.quote(hostField);
        for (String entry : hostField.split(",", -1)) {
            boolean negated = entry.startsWith("!");
            String pattern = negated ? entry.substring(1) : entry;
            if (entry.isEmpty()) {
                throw new IOException(where + ": empty name" + field);
            }
            if (pattern.isEmpty()) {
                throw new IOException(where + ": '!' without a pattern after it" + field);
            }
            if (pattern.startsWith(HASH_MAGIC)) {
                if (negated) {
                    throw new IOException(where + ": hashed host name " + PeerText.quote(pattern) + " cannot be "
                            + "negated" + field + " (OpenSSH negates patterns, not hashed names)");
                }
                checkHashed(pattern, where);
                hosts.add(new HostEntry(pattern, false, true, false));
                continue;
            }
            boolean withPort = pattern.startsWith("[");
            if (withPort) {
                checkWithPort(pattern, where, field);
            } else if (pattern.contains("[") || pattern.contains("]")) {
                throw new IOException(where + ": host pattern " + PeerText.quote(pattern) + " has brackets, but is"
                        + " not [host]:port" + field);
            }
            hosts.add(new HostEntry(pattern.toLowerCase(Locale.ROOT), negated, false, withPort));
        }
        if (hosts.stream().allMatch(HostEntry::negated)) {
            throw new IOException(where + ": host field " + PeerText.quote(hostField) + " has only negated patterns,"
                    + " so it matches no host: add the hosts it is for, or '*' for all others");
        }
        return hosts;
    }

    /** {@code [host]:port}: a host pattern in brackets, then a port of digits (at most 65535) or a pattern. */
    private static void checkWithPort(String pattern, String where, String field) throws IOException {
        Matcher matcher = WITH_PORT.matcher(pattern);
        if (!matcher.matches()) {
            throw new IOException(where + ": host pattern " + PeerText.quote(pattern) + " is not [host]:port"
                    + field + " (the port is digits, or a pattern of digits, '*' and '?')");
        }
        String port = matcher.group(2);
        if (port.chars().allMatch(Character::isDigit) && (port.length() > 5 || Integer.parseInt(port) < 1
                || Integer.parseInt(port) > MAX_PORT)) {
            throw new IOException(where + ": port " + PeerText.quote(port) + " of " + PeerText.quote(pattern)
                    + " is not a TCP port (1 to " + MAX_PORT + ")" + field);
        }
    }

    private static void checkHashed(String entry, String where) throws IOException {
        String[] parts = entry.substring(HASH_MAGIC.length()).split("\\|", -1);
        try {
            if (parts.length == 2 && Base64.getDecoder().decode(parts[0]).length > 0
                    && Base64.getDecoder().decode(parts[1]).length == HMAC_SHA1_BYTES) {
                return;
            }
        } catch (IllegalArgumentException notBase64) {
            // reported below
        }
        throw new IOException(where + ": malformed hashed host name " + PeerText.quote(entry)
                + ": expected |1|<base64 salt>|<base64 HMAC-SHA1>");
    }

    private static PublicKey parseKey(String keyText, String where) throws IOException {
        try {
            return SshKeys.parsePublicKey(keyText);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }

    /** The names a certificate may give the endpoint's host: as given, and lower-cased as OpenSSH's ssh does. */
    private static Set<String> namesOf(String host) {
        return Stream.of(host, host.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Key blobs compared, not Java objects. */
    private static boolean contains(List<PublicKey> keys, PublicKey key) {
        String wanted;
        try {
            wanted = SshKeys.toOpenSsh(key);
        } catch (IllegalArgumentException unsupportedType) {
            return false;
        }
        return keys.stream().anyMatch(pinned -> SshKeys.toOpenSsh(pinned).equals(wanted));
    }

    private static String fingerprint(PublicKey key) {
        try {
            return SshKeys.fingerprint(key);
        } catch (IllegalArgumentException unsupported) {
            return "of unsupported type " + PeerText.quote(key.getAlgorithm());
        }
    }

    /**
     * Whether the line applies to the endpoint: as OpenSSH's {@code match_hostname}, an entry matches
     * and no negated one does.
     */
    private static boolean applies(Pin pin, String host, int port) {
        if (pin.hosts().isEmpty()) {
            return true;
        }
        String name = host.toLowerCase(Locale.ROOT);
        String withPort = "[" + name + "]:" + port;
        boolean matched = false;
        for (HostEntry entry : pin.hosts()) {
            if (entry.matches(name, withPort)) {
                if (entry.negated()) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    /**
     * OpenSSH's {@code match_pattern}: {@code *} matches any run of characters (none included),
     * {@code ?} any one character, anything else itself. Linear in practice: on a mismatch it goes
     * back only to just after the last {@code *}.
     */
    static boolean wildcardMatches(String text, String pattern) {
        int t = 0;
        int p = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                t++;
                p++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** OpenSSH's hashed known_hosts name: {@code |1|} base64(salt) {@code |} base64(HMAC-SHA1(salt, name)). */
    private static boolean hashedMatches(String entry, String name) {
        String[] parts = entry.substring(HASH_MAGIC.length()).split("\\|", -1);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(parts[0]), "HmacSHA1"));
            byte[] expected = Base64.getDecoder().decode(parts[1]);
            return MessageDigest.isEqual(expected, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA1", e);
        }
    }
}
