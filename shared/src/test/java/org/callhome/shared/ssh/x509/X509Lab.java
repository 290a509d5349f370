package org.callhome.shared.ssh.x509;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small PKI for the tests, built with Bouncy Castle: a root CA and an intermediate CA (both EC
 * P-256), which issues host and user certificates of any {@link X509Algorithm}'s key, with the
 * extensions RFC 6187 §2.2 and AsyncSSH look at: key usage {@code digitalSignature}, extended key
 * usage {@code id-kp-secureShellServer} (host) or {@code id-kp-secureShellClient} (user), and for a
 * host, subject alternative names {@code localhost} and {@code 127.0.0.1}. Certificates are valid
 * from an hour ago for a day. Chains go up to, not including, the root.
 */
final class X509Lab {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    final KeyPair rootKey = keyFor(X509Algorithm.ECDSA_NISTP256);
    final X509Certificate root;
    final KeyPair intermediateKey = keyFor(X509Algorithm.ECDSA_NISTP256);
    final X509Certificate intermediate;

    /** A certificate and the key pair it certifies, with its chain. */
    record Issued(KeyPair key, List<X509Certificate> chain) {

        X509Certificate certificate() {
            return chain.get(0);
        }

        /** The pair MINA presents or logs in with. */
        KeyPair x509KeyPair() {
            return X509PublicKey.keyPair(key, chain);
        }
    }

    X509Lab() throws Exception {
        this("CN=Test Root CA");
    }

    X509Lab(String rootSubject) throws Exception {
        root = ca(rootSubject, rootKey, rootSubject, rootKey);
        intermediate = ca("CN=Test Device CA", intermediateKey, rootSubject, rootKey);
    }

    /** A host certificate for {@code localhost}/{@code 127.0.0.1}, named {@code subject}. */
    Issued host(X509Algorithm algorithm, String subject) throws Exception {
        return host(algorithm, subject, KeyPurposeId.id_kp_secureShellServer);
    }

    /** A host certificate as {@link #host(X509Algorithm, String)}, for {@code purpose} instead. */
    Issued host(X509Algorithm algorithm, String subject, KeyPurposeId purpose) throws Exception {
        KeyPair key = keyFor(algorithm);
        JcaX509v3CertificateBuilder builder = builder(subject, key, intermediate.getSubjectX500Principal().getName());
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        return new Issued(key, List.of(endEntity(builder), intermediate));
    }

    /** A user certificate whose common name is {@code username}. */
    Issued user(X509Algorithm algorithm, String username) throws Exception {
        KeyPair key = keyFor(algorithm);
        JcaX509v3CertificateBuilder builder = builder("CN=" + username, key, intermediate.getSubjectX500Principal()
                .getName());
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_secureShellClient));
        return new Issued(key, List.of(endEntity(builder), intermediate));
    }

    private X509Certificate endEntity(JcaX509v3CertificateBuilder builder) throws Exception {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils()
                .createAuthorityKeyIdentifier(intermediate));
        return sign(builder, intermediateKey);
    }

    private static X509Certificate ca(String subject, KeyPair key, String issuer, KeyPair issuerKey) throws Exception {
        JcaX509v3CertificateBuilder builder = builder(subject, key, issuer);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return sign(builder, issuerKey);
    }

    private static JcaX509v3CertificateBuilder builder(String subject, KeyPair key, String issuer) throws Exception {
        Instant now = Instant.now();
        return (JcaX509v3CertificateBuilder) new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name(subject), key.getPublic())
                .addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils()
                        .createSubjectKeyIdentifier(key.getPublic()));
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuerKey) throws Exception {
        String signature = issuerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(signature)
                .build(issuerKey.getPrivate())));
    }

    /** A certificate of {@code subject}'s key signed by {@code issuerKey}, without extensions. */
    static X509Certificate certificate(String subject, KeyPair key, String issuer, KeyPair issuerKey) throws Exception {
        Instant now = Instant.now();
        return sign(new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name(subject),
                key.getPublic()), issuerKey);
    }

    static KeyPair keyFor(X509Algorithm algorithm) {
        return switch (algorithm) {
            case ECDSA_NISTP256 -> keyPair("EC", "secp256r1");
            case ECDSA_NISTP384 -> keyPair("EC", "secp384r1");
            case ECDSA_NISTP521 -> keyPair("EC", "secp521r1");
            case RSA2048_SHA256 -> keyPair("RSA", 2048);
        };
    }

    static KeyPair keyPair(String algorithm, Object parameter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (parameter instanceof String curve) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize((Integer) parameter);
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes certificates as PEM {@code CERTIFICATE}s, in order. */
    static Path pem(Path file, List<X509Certificate> certificates) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                pem.writeObject(certificate);
            }
        }
        return file;
    }
}
