package org.callhome.shared.ssh.x509.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.callhome.shared.ssh.PemBlock;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.ssh.x509.X509Algorithm;

/**
 * A CA workshop for X.509 tests, run in Java with Bouncy Castle's certificate builders: CAs,
 * intermediates and device certificates with the extensions a test chooses (key usage, extended key
 * usage, basic constraints, validity, signature algorithm, any extra extension), and CRLs. Every
 * certificate and CRL comes back parsed by the JDK's {@code CertificateFactory}, as a peer's would.
 * Certificates are valid from {@link #NOT_BEFORE} to {@link #NOT_AFTER} unless a test says otherwise,
 * and {@link #NOW} stands between the two. Public for other tests of X.509 identities (the SSH wire
 * format, the programs) to reuse.
 *
 * <p>Defaults: a root or an intermediate is an EC P-256 key with {@code basicConstraints} critical
 * {@code CA:TRUE} and a critical key usage {@code keyCertSign, cRLSign}; a device certificate an EC
 * P-256 key, subject {@code CN=router,SERIALNUMBER=<id>}, a critical key usage
 * {@code digitalSignature}, no basic constraints and no extended key usage. Signatures are SHA-256
 * with ECDSA or RSA, or Ed25519, by the issuer's key.
 */
public final class X509Lab {

    /** The instant tests check at. */
    public static final Instant NOW = Instant.parse("2031-03-01T12:00:00Z");
    /** When certificates start to be valid, unless a test says otherwise. */
    public static final Instant NOT_BEFORE = NOW.minus(Duration.ofDays(30));
    /** The last instant certificates are valid, unless a test says otherwise. */
    public static final Instant NOT_AFTER = NOW.plus(Duration.ofDays(365));

    /** {@code id-kp-secureShellServer}: a host certificate's purpose. */
    public static final String SSH_SERVER = "1.3.6.1.5.5.7.3.22";
    /** {@code id-kp-secureShellClient}: a user certificate's purpose. */
    public static final String SSH_CLIENT = "1.3.6.1.5.5.7.3.21";
    /** {@code anyExtendedKeyUsage}. */
    public static final String ANY_PURPOSE = "2.5.29.37.0";
    /** TLS {@code serverAuth}. */
    public static final String TLS_SERVER = "1.3.6.1.5.5.7.3.1";
    /** {@code id-kp-clientAuth}: a TLS client (the NMS in TLS call home). */
    public static final String TLS_CLIENT = "1.3.6.1.5.5.7.3.2";

    private static final Provider BC = new BouncyCastleProvider();

    private final AtomicLong serials = new AtomicLong(4096);

    /** A certificate with the key pair it certifies, to issue more with. */
    public record Issued(X509Certificate certificate, KeyPair keyPair) {

        public PublicKey publicKey() {
            return certificate.getPublicKey();
        }

        public BigInteger serial() {
            return certificate.getSerialNumber();
        }
    }

    /** A self-signed root CA {@code CN=<cn>}. */
    public Spec root(String cn) {
        return new Spec(name(cn, null), null).ca(true).keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    /** An intermediate CA {@code CN=<cn>} issued by {@code issuer}. */
    public Spec intermediate(Issued issuer, String cn) {
        return new Spec(name(cn, null), issuer).ca(true).keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    /** A device's certificate {@code CN=router,SERIALNUMBER=<serialNumber>} issued by {@code issuer}. */
    public Spec device(Issued issuer, String serialNumber) {
        return new Spec(name("router", serialNumber), issuer).keyUsage(KeyUsage.digitalSignature);
    }

    /**
     * An end entity's own certificate {@code CN=<cn>}, signed by its own key: critical
     * {@code basicConstraints CA:FALSE} and a critical key usage {@code digitalSignature}, what a peer
     * pins (ietf-tls-server's ee-certs) rather than trusting a CA.
     */
    public Spec selfSigned(String cn) {
        return new Spec(name(cn, null), null).ca(false).keyUsage(KeyUsage.digitalSignature);
    }

    /** A distinguished name from its RFC 4514 form, such as {@code CN=dev-1,O=Example}. */
    public static X500Name dn(String name) {
        return new X500Name(BCStyle.INSTANCE, name);
    }

    /** A new EC key pair on {@code curve}: {@code secp256r1}, {@code secp384r1}, {@code secp521r1}, or another BC knows. */
    public static KeyPair ec(String curve) {
        return ec(curve, BC);
    }

    /**
     * A new key pair for {@code algorithm}, made by the JDK's own providers (as a program's are, where
     * {@link #ec} makes Bouncy Castle's): EC P-256, P-384 or P-521, or RSA of 2048 bits.
     */
    public static KeyPair key(X509Algorithm algorithm) {
        return switch (algorithm) {
            case ECDSA_NISTP256 -> ec("secp256r1", null);
            case ECDSA_NISTP384 -> ec("secp384r1", null);
            case ECDSA_NISTP521 -> ec("secp521r1", null);
            case RSA2048_SHA256 -> rsa(2048);
        };
    }

    /** A new EC key pair on {@code curve} from {@code provider}, or the JDK's first that has one if null. */
    private static KeyPair ec(String curve, Provider provider) {
        try {
            KeyPairGenerator generator = provider == null ? KeyPairGenerator.getInstance("EC")
                    : KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC key on " + curve, e);
        }
    }

    /** A new RSA key pair of {@code bits}. */
    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA key", e);
        }
    }

    /** A new Ed25519 key pair. */
    public static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no Ed25519 key", e);
        }
    }

    /** A CRL of {@code issuer}, issued at {@link #NOW} minus a day, revoking {@code serials}. */
    public CrlSpec crl(Issued issuer, BigInteger... serials) {
        CrlSpec crl = new CrlSpec(issuer);
        for (BigInteger serial : serials) {
            crl.revoke(serial);
        }
        return crl;
    }

    /** The certificates in PEM, one block each, as openssl writes them. */
    public static String pem(X509Certificate... certificates) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                text.append(pem("CERTIFICATE", certificate.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return text.toString();
    }

    /** The CRLs in PEM, one block each. */
    public static String pem(X509CRL... crls) {
        StringBuilder text = new StringBuilder();
        for (X509CRL crl : crls) {
            try {
                text.append(pem("X509 CRL", crl.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return text.toString();
    }

    /** A PEM block of {@code label} holding {@code bytes}, 64 characters a line. */
    public static String pem(String label, byte[] bytes) {
        return PemBlock.encode(label, bytes);
    }

    /** A revocation list of these CRLs as {@code --revoked-keys} loads it, from a new PEM file in {@code dir}. */
    public static RevokedKeys revokedKeys(Path dir, X509CRL... crls) {
        try {
            return RevokedKeys.load(write(Files.createTempFile(dir, "crl", ".pem"), pem(crls)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} to {@code file}. */
    public static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Extension extension(String oid, boolean critical, ASN1Encodable value) {
        try {
            return new Extension(new ASN1ObjectIdentifier(oid), critical, value.toASN1Primitive().getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X500Name name(String cn, String serialNumber) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn);
        if (serialNumber != null && DERPrintableString.isPrintableString(serialNumber)) {
            builder.addRDN(BCStyle.SERIALNUMBER, serialNumber);
        } else if (serialNumber != null) {
            // X.520 makes it a PrintableString; a UTF8String holds what a test needs that one cannot
            builder.addRDN(BCStyle.SERIALNUMBER, new DERUTF8String(serialNumber));
        }
        return builder.build();
    }

    private static String defaultAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> "SHA256withECDSA";
        };
    }

    private static ContentSigner signer(String algorithm, PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(BC).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + algorithm, e);
        }
    }

    private static X509Certificate certificate(X509CertificateHolder holder) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one certificate will be; {@link #issue} makes it. Every setter returns the spec. */
    public final class Spec {

        private X500Name subject;
        private final Issued issuer;
        private KeyPair keyPair = ec("secp256r1");
        private BigInteger serial = BigInteger.valueOf(serials.getAndIncrement());
        private Instant notBefore = NOT_BEFORE;
        private Instant notAfter = NOT_AFTER;
        private Boolean ca;
        private Integer pathLength;
        private Integer keyUsage;
        private List<String> extendedKeyUsage;
        private String signatureAlgorithm;
        private PrivateKey signingKey;
        private boolean version1;
        private final List<Extension> extensions = new ArrayList<>();

        private Spec(X500Name subject, Issued issuer) {
            this.subject = subject;
            this.issuer = issuer;
        }

        /** Another subject, in RFC 4514 form. */
        public Spec subject(String name) {
            return subject(dn(name));
        }

        public Spec subject(X500Name name) {
            this.subject = name;
            return this;
        }

        public Spec key(KeyPair keyPair) {
            this.keyPair = keyPair;
            return this;
        }

        public Spec serial(BigInteger serial) {
            this.serial = serial;
            return this;
        }

        public Spec validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        /** A critical {@code basicConstraints} saying whether it is a CA. */
        public Spec ca(boolean ca) {
            this.ca = ca;
            return this;
        }

        /** A CA's path length constraint. */
        public Spec pathLength(int pathLength) {
            this.ca = true;
            this.pathLength = pathLength;
            return this;
        }

        /** No {@code basicConstraints} at all. */
        public Spec noBasicConstraints() {
            this.ca = null;
            return this;
        }

        /** A critical key usage of these bits ({@link KeyUsage#digitalSignature} and so on). */
        public Spec keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        /** No key usage extension. */
        public Spec noKeyUsage() {
            this.keyUsage = null;
            return this;
        }

        /** A non-critical extended key usage of these purposes (OIDs); none given makes an empty one. */
        public Spec extendedKeyUsage(String... purposes) {
            this.extendedKeyUsage = List.of(purposes);
            return this;
        }

        /** Signed with this JCA algorithm name, such as {@code SHA1withRSA}. */
        public Spec signatureAlgorithm(String algorithm) {
            this.signatureAlgorithm = algorithm;
            return this;
        }

        /** Signed with this key instead of the issuer's: a forgery. */
        public Spec signedWith(PrivateKey key) {
            this.signingKey = key;
            return this;
        }

        /** A version 1 certificate, without extensions. */
        public Spec version1() {
            this.version1 = true;
            return this;
        }

        /**
         * A subjectAltName of these names, each {@code ip:ADDRESS} (an iPAddress), {@code dns:NAME}
         * (a dNSName) or {@code email:ADDRESS} (an rfc822Name).
         */
        public Spec subjectAltNames(String... names) {
            GeneralName[] general = new GeneralName[names.length];
            for (int i = 0; i < names.length; i++) {
                String[] parts = names[i].split(":", 2);
                general[i] = switch (parts[0]) {
                    case "ip" -> new GeneralName(GeneralName.iPAddress, parts[1]);
                    case "dns" -> new GeneralName(GeneralName.dNSName, parts[1]);
                    case "email" -> new GeneralName(GeneralName.rfc822Name, parts[1]);
                    default -> throw new IllegalArgumentException("not ip:, dns: or email: " + names[i]);
                };
            }
            extensions.add(X509Lab.extension(Extension.subjectAlternativeName.getId(), false,
                    new GeneralNames(general)));
            return this;
        }

        /** An extra extension {@code oid} with a NULL value. */
        public Spec extension(String oid, boolean critical) {
            extensions.add(X509Lab.extension(oid, critical, DERNull.INSTANCE));
            return this;
        }

        /** A non-critical subjectAltName of these names, in this order. */
        public Spec subjectAltNames(GeneralName... names) {
            extensions.add(X509Lab.extension(Extension.subjectAlternativeName.getId(), false,
                    new GeneralNames(names)));
            return this;
        }

        /** The certificate, signed. */
        public Issued issue() {
            X500Name issuerName = issuer == null ? subject : X500Name.getInstance(
                    issuer.certificate().getSubjectX500Principal().getEncoded());
            PrivateKey key = signingKey != null ? signingKey
                    : issuer == null ? keyPair.getPrivate() : issuer.keyPair().getPrivate();
            ContentSigner signer = signer(signatureAlgorithm != null ? signatureAlgorithm : defaultAlgorithm(key), key);
            if (version1) {
                return new Issued(certificate(new JcaX509v1CertificateBuilder(issuerName, serial, Date.from(notBefore),
                        Date.from(notAfter), subject, keyPair.getPublic()).build(signer)), keyPair);
            }
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, keyPair.getPublic());
            try {
                if (ca != null) {
                    builder.addExtension(Extension.basicConstraints, true, pathLength != null
                            ? new BasicConstraints(pathLength) : new BasicConstraints(ca));
                }
                if (keyUsage != null) {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                }
                if (extendedKeyUsage != null) {
                    ASN1Encodable usages = extendedKeyUsage.isEmpty() ? new DERSequence()
                            : new ExtendedKeyUsage(extendedKeyUsage.stream().map(oid -> KeyPurposeId.getInstance(
                            new ASN1ObjectIdentifier(oid))).toArray(KeyPurposeId[]::new));
                    builder.addExtension(Extension.extendedKeyUsage, false, usages);
                }
                for (Extension extension : extensions) {
                    builder.addExtension(extension);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Issued(certificate(builder.build(signer)), keyPair);
        }
    }

    /** What one CRL will be; {@link #issue} makes it. */
    public static final class CrlSpec {

        private final Issued issuer;
        private final List<BigInteger> revoked = new ArrayList<>();
        private final List<Integer> reasons = new ArrayList<>();
        private final List<Extension> entryExtensions = new ArrayList<>();
        private Instant thisUpdate = NOW.minus(Duration.ofDays(1));
        private Instant nextUpdate = NOW.plus(Duration.ofDays(6));
        private PrivateKey signingKey;
        private final List<Extension> extensions = new ArrayList<>();

        private CrlSpec(Issued issuer) {
            this.issuer = issuer;
        }

        /** Revokes {@code serial}, for no stated reason. */
        public CrlSpec revoke(BigInteger serial) {
            return revoke(serial, 0);
        }

        /** Revokes {@code serial} for {@code reason} ({@link CRLReason#keyCompromise} and so on; 0 for none). */
        public CrlSpec revoke(BigInteger serial, int reason) {
            revoked.add(serial);
            reasons.add(reason);
            entryExtensions.add(null);
            return this;
        }

        /** Revokes {@code serial} with an entry extension {@code oid} of {@code value} (an indirect CRL's certificateIssuer). */
        public CrlSpec revoke(BigInteger serial, String oid, boolean critical, ASN1Encodable value) {
            revoked.add(serial);
            reasons.add(0);
            entryExtensions.add(X509Lab.extension(oid, critical, value));
            return this;
        }

        public CrlSpec dates(Instant thisUpdate, Instant nextUpdate) {
            this.thisUpdate = thisUpdate;
            this.nextUpdate = nextUpdate;
            return this;
        }

        /** Signed with this key instead of the issuer's. */
        public CrlSpec signedWith(PrivateKey key) {
            this.signingKey = key;
            return this;
        }

        /** An extra CRL extension {@code oid} of {@code value}, such as a delta CRL's deltaCRLIndicator. */
        public CrlSpec extension(String oid, boolean critical, ASN1Encodable value) {
            extensions.add(X509Lab.extension(oid, critical, value));
            return this;
        }

        /** The CRL, signed. */
        public X509CRL issue() {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(
                    issuer.certificate().getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            try {
                for (int i = 0; i < revoked.size(); i++) {
                    Date date = Date.from(thisUpdate.minus(Duration.ofHours(1)));
                    if (entryExtensions.get(i) == null) {
                        builder.addCRLEntry(revoked.get(i), date, reasons.get(i));
                    } else {
                        builder.addCRLEntry(revoked.get(i), date, new Extensions(entryExtensions.get(i)));
                    }
                }
                for (Extension extension : extensions) {
                    builder.addExtension(extension);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            PrivateKey key = signingKey != null ? signingKey : issuer.keyPair().getPrivate();
            X509CRLHolder holder = builder.build(signer(defaultAlgorithm(key), key));
            try {
                return (X509CRL) CertificateFactory.getInstance("X.509")
                        .generateCRL(new ByteArrayInputStream(holder.getEncoded()));
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
