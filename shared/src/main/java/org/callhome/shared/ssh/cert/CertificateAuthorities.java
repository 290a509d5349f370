package org.callhome.shared.ssh.cert;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.TrustFileLine;
import org.callhome.shared.text.PeerText;

/**
 * The CAs whose certificates identify devices (or an NMS), read from a file such as
 * {@code --device-ca}: one CA public key per line in OpenSSH form, {@code <type> <base64> [comment]},
 * as in the {@code .pub} file of the key given to {@code ssh-keygen -s}; {@code #} comments and
 * blank lines skipped, a key listed twice counted once.
 *
 * <p>Only plain keys: a private key, a certificate, a known_hosts {@code @cert-authority} line or
 * an authorized_keys {@code cert-authority} option is refused with its line number and what to give
 * instead, so that a file meant for something else never silently becomes a trust anchor. A file
 * with no key is refused too: it would refuse every certificate. The file is at most
 * {@link #MAX_FILE_BYTES}. Immutable.
 */
public final class CertificateAuthorities {

    /** A CA file lists a few keys; a megabyte is thousands of them. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    /** What a line looks like, as errors quote it. */
    static final String LINE_FORM = "'<key-type> <base64-key> [comment]', such as 'ssh-ed25519 AAAA... device-ca'";

    private final Map<String, CertificateAuthority> byKey;

    private CertificateAuthorities(Map<String, CertificateAuthority> byKey) {
        this.byKey = byKey;
    }

    /** @throws IOException {@code "<file>:<line>: <what is wrong>"}, or naming the file if it cannot be read or holds no key */
    public static CertificateAuthorities load(Path file) throws IOException {
        return load(file, MAX_FILE_BYTES);
    }

    static CertificateAuthorities load(Path file, long maxBytes) throws IOException {
        Map<String, CertificateAuthority> byKey = new LinkedHashMap<>();
        for (TrustFileLine line : TrustFileLine.read(file, maxBytes, LINE_FORM)) {
            PublicKey key = parseLine(line);
            byKey.putIfAbsent(SshKeys.toOpenSsh(key), CertificateAuthority.of(key));
        }
        if (byKey.isEmpty()) {
            throw new IOException(file + ": holds no CA key; list the public key of each CA that signs, one a line: "
                    + LINE_FORM);
        }
        return new CertificateAuthorities(byKey);
    }

    /** @throws IllegalArgumentException for no keys, or a key of a type we do not accept */
    public static CertificateAuthorities of(List<PublicKey> keys) {
        Map<String, CertificateAuthority> byKey = new LinkedHashMap<>();
        for (PublicKey key : keys) {
            byKey.putIfAbsent(SshKeys.toOpenSsh(Objects.requireNonNull(key, "null key")), CertificateAuthority.of(key));
        }
        if (byKey.isEmpty()) {
            throw new IllegalArgumentException("no CA key");
        }
        return new CertificateAuthorities(byKey);
    }

    /**
     * The trusted CA with this key, comparing key blobs; empty for any other key, including keys of
     * types we do not accept and certificates.
     */
    public Optional<CertificateAuthority> find(PublicKey key) {
        try {
            return Optional.ofNullable(byKey.get(SshKeys.toOpenSsh(key)));
        } catch (IllegalArgumentException unsupportedType) {
            return Optional.empty();
        }
    }

    /** The CAs in file order, each once. */
    public List<CertificateAuthority> all() {
        return List.copyOf(byKey.values());
    }

    private static PublicKey parseLine(TrustFileLine line) throws IOException {
        String first = line.text().split("\\s+", 2)[0];
        if (Certificates.isCertificateType(first)) {
            throw line.error("this is a certificate (" + PeerText.shown(first) + "), not a CA key; give the public key"
                    + " of the CA that signs, the .pub file of the key given to ssh-keygen -s");
        }
        if (first.startsWith("@")) {
            throw line.error("known_hosts marker " + PeerText.quote(first) + " is not needed here; a line is a CA key"
                    + " alone: " + LINE_FORM);
        }
        if (first.startsWith("cert-authority")) {
            throw line.error("authorized_keys options are not needed here; a line is a CA key alone: " + LINE_FORM);
        }
        try {
            return SshKeys.parsePublicKey(line.text());
        } catch (IllegalArgumentException e) {
            throw line.error(e.getMessage(), e);
        }
    }
}
