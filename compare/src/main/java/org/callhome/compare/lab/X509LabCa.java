package org.callhome.compare.lab;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.callhome.shared.ssh.X509Text;

/**
 * An X.509 certificate authority of a comparison run (RFC 6187), built with Bouncy Castle: an EC
 * P-256 key made for the run and its self-signed root certificate, written in PEM as the file the
 * NMS's {@code --device-ca} or a device's trust file names. It issues end-entity certificates (key
 * usage {@code digitalSignature}, the extended key usages asked for), written as PEM chains of the
 * end-entity certificate alone, the root being what the peer trusts, and CRLs revoking them by
 * serial. Serials count up from 1.
 */
public final class X509LabCa implements LabAuthority {

    /** {@code id-kp-secureShellServer}: the key may prove an SSH host (RFC 6187 §2.2.2). */
    public static final String SECURE_SHELL_SERVER = KeyPurposeId.id_kp_secureShellServer.getId();
    /** {@code id-kp-secureShellClient}: the key may log in to SSH servers (RFC 6187 §2.2.2). */
    public static final String SECURE_SHELL_CLIENT = KeyPurposeId.id_kp_secureShellClient.getId();
    /** {@code id-kp-serverAuth}: a TLS server (a tls device), a purpose of neither SSH role. */
    public static final String SERVER_AUTH = KeyPurposeId.id_kp_serverAuth.getId();
    /** {@code id-kp-clientAuth}: a TLS client (the NMS in tls). */
    public static final String CLIENT_AUTH = KeyPurposeId.id_kp_clientAuth.getId();

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final String name;
    private final KeyPair key;
    private final X509Certificate certificate;
    private final Path certificateFile;
    private long lastSerial;

    private X509LabCa(String name, KeyPair key, X509Certificate certificate, Path certificateFile) {
        this.name = name;
        this.key = key;
        this.certificate = certificate;
        this.certificateFile = certificateFile;
    }

    /** A new CA named {@code name} ({@code CN=<name>}); its key stays in memory, its certificate goes to {@code <folder>/<name>.pem}. */
    public static X509LabCa create(Path folder, String name) throws IOException {
        KeyPair key = newKey();
        Instant now = Instant.now();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
        X509Certificate root;
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                    Date.from(now.minus(LabCa.CLOCK_SKEW)), Date.from(now.plus(CA_VALIDITY)), subject, key.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(key.getPublic()));
            root = new JcaX509CertificateConverter().getCertificate(builder.build(signer(key)));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IOException("CA " + name + " could not make its certificate: " + e.getMessage(), e);
        }
        Path file = Files.createDirectories(folder).resolve(name + ".pem");
        Files.writeString(file, pem(List.of(root)), StandardCharsets.US_ASCII);
        return new X509LabCa(name, key, root, file);
    }

    @Override
    public String name() {
        return name;
    }

    /** The CA's own (root) certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA's certificate in PEM, as {@code --device-ca} and a device's trust file read it. */
    public Path certificateFile() {
        return certificateFile;
    }

    /** The SHA-256 fingerprint of the CA's certificate, as the NMS names trusted X.509 CAs. */
    @Override
    public String fingerprint() {
        return X509Text.fingerprint(certificate);
    }

    /**
     * What a certificate is made for: its subject, its extended key usages (OIDs) and IP addresses
     * (subjectAltName iPAddress) and its validity.
     *
     * @param commonName   the subject's CN
     * @param serialNumber the subject's serialNumber attribute, which names a device when present; null for none
     */
    public record Subject(String commonName, String serialNumber, List<String> extendedKeyUsages,
                          List<String> ipAddresses, Instant notBefore, Instant notAfter) {
        public Subject {
            Objects.requireNonNull(commonName, "commonName");
            extendedKeyUsages = List.copyOf(extendedKeyUsages);
            ipAddresses = List.copyOf(ipAddresses);
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(notAfter, "notAfter");
        }

        /** A device named {@code id} in both CN and serialNumber, for {@code purpose}, valid from a few minutes ago for {@link LabCa#DEFAULT_VALIDITY}. */
        public static Subject device(String id, String purpose) {
            Instant now = Instant.now();
            return new Subject(id, id, List.of(purpose), List.of(), now.minus(LabCa.CLOCK_SKEW),
                    now.plus(LabCa.DEFAULT_VALIDITY));
        }

        /** An NMS credential with subject {@code CN=<commonName>} alone, valid as {@link #device}. */
        public static Subject named(String commonName, String purpose, List<String> ipAddresses) {
            Instant now = Instant.now();
            return new Subject(commonName, null, List.of(purpose), ipAddresses, now.minus(LabCa.CLOCK_SKEW),
                    now.plus(LabCa.DEFAULT_VALIDITY));
        }

        /** The same subject valid from {@code notBefore} to {@code notAfter}. */
        public Subject valid(Instant from, Instant to) {
            return new Subject(commonName, serialNumber, extendedKeyUsages, ipAddresses, from, to);
        }

        /** The same subject for these extended key usages instead. */
        public Subject forUsages(List<String> usages) {
            return new Subject(commonName, serialNumber, usages, ipAddresses, notBefore, notAfter);
        }
    }

    /** A certificate this CA issued, and the PEM chain file it was written to. */
    public record Issued(Path file, X509Certificate certificate) implements LabAuthority.Certificate {
        @Override
        public long serial() {
            return certificate.getSerialNumber().longValueExact();
        }
    }

    /** Certifies {@code subjectKey} for {@code subject} with the next serial and writes it to {@code file} as a PEM chain. */
    public synchronized Issued issue(Path file, PublicKey subjectKey, Subject subject) throws IOException {
        Objects.requireNonNull(file, "file");
        X509Certificate issued = certify(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                key, certificate, BigInteger.valueOf(++lastSerial), subject,
                subjectKey, "CA " + name);
        return write(file, issued);
    }

    /**
     * A certificate of {@code key} for {@code subject} that {@code key} signs itself, written to
     * {@code file}: an end entity's own certificate (CA:FALSE), which a peer that pins it holds
     * (a tls device's account file pinning the NMS's, ietf-tls-server's ee-certs). Serial 1.
     */
    public static Issued selfSigned(Path file, KeyPair key, Subject subject) throws IOException {
        return write(file, certify(names(subject), key, null, BigInteger.ONE, subject, key.getPublic(),
                subject.commonName()));
    }

    /**
     * A certificate of {@code subjectKey} for {@code subject} signed with {@code issuerKey} in the name
     * of {@code issuer}'s subject, written to {@code file} with {@code issuer} after it: what the
     * holder of an end entity's key can make (an attacker's, issuing from a stolen certificate), which
     * no path may accept while {@code issuer} is not a CA's. Serial 1.
     */
    public static Issued issuedBy(Path file, X509Certificate issuer, KeyPair issuerKey, PublicKey subjectKey,
                                  Subject subject) throws IOException {
        X509Certificate issued = certify(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                issuerKey, issuer, BigInteger.ONE, subject, subjectKey, issuer.getSubjectX500Principal().getName());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, pem(List.of(issued, issuer)), StandardCharsets.US_ASCII);
        return new Issued(file, issued);
    }

    private static X500Name names(Subject subject) {
        X500NameBuilder names = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, subject.commonName());
        if (subject.serialNumber() != null) {
            names.addRDN(BCStyle.SERIALNUMBER, subject.serialNumber());
        }
        return names.build();
    }

    /**
     * A certificate of {@code subjectKey} for {@code subject}, signed with {@code signerKey} as
     * {@code issuer} (whose certificate is {@code issuerCertificate}, null when it signs itself).
     */
    private static X509Certificate certify(X500Name issuer, KeyPair signerKey, X509Certificate issuerCertificate,
                                           BigInteger serial, Subject subject, PublicKey subjectKey,
                                           String signerName) throws IOException {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial,
                    Date.from(subject.notBefore()), Date.from(subject.notAfter()), names(subject), subjectKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(subjectKey));
            if (issuerCertificate != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuerCertificate));
            }
            if (!subject.extendedKeyUsages().isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        subject.extendedKeyUsages().stream().map(oid -> KeyPurposeId.getInstance(
                                new ASN1ObjectIdentifier(oid))).toArray(KeyPurposeId[]::new)));
            }
            if (!subject.ipAddresses().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        subject.ipAddresses().stream().map(ip -> new GeneralName(GeneralName.iPAddress, ip))
                                .toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(signerKey)));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IOException(signerName + " could not certify " + subject.commonName() + ": " + e.getMessage(),
                    e);
        }
    }

    private static Issued write(Path file, X509Certificate issued) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, pem(List.of(issued)), StandardCharsets.US_ASCII);
        return new Issued(file, issued);
    }

    @Override
    public String certificateSuffix() {
        return "-cert.pem";
    }

    /** The extended key usage of an SSH role: {@link #SECURE_SHELL_SERVER} for a host, {@link #SECURE_SHELL_CLIENT} for a user. */
    public static String purpose(OpenSshCertificate.Type role) {
        return role == OpenSshCertificate.Type.HOST ? SECURE_SHELL_SERVER : SECURE_SHELL_CLIENT;
    }

    @Override
    public Issued certifyDevice(Path file, PublicKey key, OpenSshCertificate.Type role, String identity,
                                Instant validAfter, Instant validBefore) throws IOException {
        return issue(file, key, Subject.device(identity, purpose(role)).valid(validAfter, validBefore));
    }

    @Override
    public Issued certifyDevice(Path file, PublicKey key, OpenSshCertificate.Type role, String identity)
            throws IOException {
        return issue(file, key, Subject.device(identity, purpose(role)));
    }

    @Override
    public void writeRevocations(Path file, List<Long> serials, String comment) throws IOException {
        revocationList(file, serials, comment);
    }

    /**
     * Writes to {@code file} a CRL of this CA revoking {@code serials} (none: an empty list), in PEM
     * after a {@code #} comment line, valid for a day.
     */
    public X509CRL revocationList(Path file, List<Long> serials, String comment) throws IOException {
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(
                certificate.getSubjectX500Principal().getEncoded()), Date.from(now.minus(LabCa.CLOCK_SKEW)));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
        for (long serial : serials) {
            builder.addCRLEntry(BigInteger.valueOf(serial), Date.from(now.minus(LabCa.CLOCK_SKEW)),
                    CRLReason.keyCompromise);
        }
        X509CRL crl;
        try {
            crl = new JcaX509CRLConverter().getCRL(builder.build(signer(key)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("CA " + name + " could not sign a CRL: " + e.getMessage(), e);
        }
        StringWriter text = new StringWriter().append("# ").append(comment.replaceAll("\\s+", " ")).append('\n');
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(crl);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
        return crl;
    }

    /** A new EC P-256 key pair, the key type of every X.509 certificate of the run. */
    public static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK makes EC P-256 keys", e);
        }
    }

    /** Writes {@code key}'s private half to {@code file} as unencrypted PKCS#8 PEM, owner-only where the file system says so. */
    public static void writePrivateKey(KeyPair key, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getPrivate().getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static String pem(List<X509Certificate> certificates) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate each : certificates) {
                writer.writeObject(each);
            }
        }
        return text.toString();
    }

    private static ContentSigner signer(KeyPair key) throws OperatorCreationException {
        return new JcaContentSignerBuilder(SIGNATURE).build(key.getPrivate());
    }
}
