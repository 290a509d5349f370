package org.callhome.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.callhome.shared.ssh.x509.trust.X509Lab;

/**
 * X.509 host certificates (RFC 6187) for the device's tests, valid from an hour ago for a day: a
 * root CA and an intermediate (shared's {@link X509Lab}), which issues host certificates
 * {@code CN=<name>} with key usage {@code digitalSignature} and extended key usage
 * {@code id-kp-secureShellServer}, as AsyncSSH checks them. Keys are made by the JDK's own
 * providers and written as an operator's would be: PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----},
 * what {@code openssl genpkey} writes), mode 0600; a chain is written end-entity first, up to but
 * not including the root.
 */
public final class X509HostPki {

    private final X509Lab lab = new X509Lab();
    private final Path dir;
    private final Instant from = Instant.now().minus(Duration.ofHours(1));
    private final Instant to = Instant.now().plus(Duration.ofDays(1));
    /** The root CA, which the NMS trusts. */
    public final X509Lab.Issued root;
    /** The CA that issues the host certificates. */
    public final X509Lab.Issued intermediate;

    /** A new PKI whose root is {@code CN=<rootName>}, its files in {@code dir}. */
    public X509HostPki(Path dir, String rootName) {
        this.dir = dir;
        root = lab.root(rootName).validity(from, to).issue();
        intermediate = lab.intermediate(root, rootName + " Hosts").validity(from, to).issue();
    }

    /** A new EC key on the JDK's {@code curve}: {@code secp256r1}, {@code secp384r1} or {@code secp521r1}. */
    public static KeyPair ec(String curve) {
        return generate("EC", new ECGenParameterSpec(curve), 0);
    }

    /** A new RSA key of {@code bits}. */
    public static KeyPair rsa(int bits) {
        return generate("RSA", null, bits);
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec curve, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(curve);
            } else {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code key}'s private half as PKCS#8 PEM to {@code <dir>/<name>}, mode 0600. */
    public Path keyFile(String name, KeyPair key) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, X509Lab.pem("PRIVATE KEY", key.getPrivate().getEncoded()));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A host certificate {@code CN=<name>} of {@code key}, with its chain (end-entity, intermediate). */
    public List<X509Certificate> chain(String name, KeyPair key) {
        X509Certificate host = lab.device(intermediate, name).subject("CN=" + name).key(key)
                .extendedKeyUsage(X509Lab.SSH_SERVER).validity(from, to).issue().certificate();
        return List.of(host, intermediate.certificate());
    }

    /** Writes certificates as PEM to {@code <dir>/<file>}. */
    public Path write(String file, List<X509Certificate> certificates) {
        return X509Lab.write(dir.resolve(file), X509Lab.pem(certificates.toArray(X509Certificate[]::new)));
    }

    /** The root's certificate in {@code <dir>/<file>}, for an NMS to trust. */
    public Path rootFile(String file) {
        return write(file, List.of(root.certificate()));
    }
}
