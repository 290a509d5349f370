package org.callhome.shared.ssh.x509.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck.Purpose;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates and CRLs as operators make them with {@code openssl req}, {@code openssl x509} and
 * {@code openssl ca}, read and judged by our checks; and the other way round, what the
 * {@link X509Lab} issues, verified by {@code openssl verify}, so the lab's chains are real ones.
 */
class X509OpenSslTest {

    /** A CA as a small shop would set one up: a root, device certificates for SSH servers, a CRL database. */
    private static final String CONFIG = """
            [ req ]
            distinguished_name = dn
            prompt = no
            [ dn ]
            CN = Device CA
            [ v3_ca ]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash
            [ v3_intermediate ]
            basicConstraints = critical,CA:TRUE,pathlen:0
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            [ device ]
            basicConstraints = critical,CA:FALSE
            keyUsage = critical,digitalSignature
            extendedKeyUsage = 1.3.6.1.5.5.7.3.22
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            [ ca ]
            default_ca = device_ca
            [ device_ca ]
            database = index.txt
            certificate = ca.pem
            private_key = ca.key
            default_md = sha256
            default_crl_days = 7
            crlnumber = crlnumber
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        OpenSsl.require();
        Files.writeString(dir.resolve("ca.cnf"), CONFIG);
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("crlnumber"), "1000\n");
        OpenSsl.run(dir, "req", "-x509", "-config", "ca.cnf", "-extensions", "v3_ca", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30");
    }

    @Test
    void acceptsADeviceCertificateOpenSslIssuedWithItsSerialNumberAsTheIdentity() throws Exception {
        X509Certificate device = issueDevice("dev", "FOX1234567", 4097, "ec", "ec_paramgen_curve:P-384");
        X509Authorities authorities = X509Authorities.load(dir.resolve("ca.pem"));
        X509ChainCheck check = new X509ChainCheck(authorities, RevokedKeys.NONE);

        String opensslFingerprint = OpenSsl.run(dir, "x509", "-noout", "-fingerprint", "-sha256", "-in", "ca.pem")
                .strip().split("=", 2)[1];
        assertEquals(opensslFingerprint, authorities.all().get(0).fingerprint());
        X509Identity identity = assertInstanceOf(X509Verdict.Accepted.class, check.check(List.of(device), Purpose.HOST,
                Instant.now())).identity();
        assertEquals("FOX1234567", identity.identity());
        assertEquals(X509Identity.Source.SERIAL_NUMBER, identity.source());
        assertEquals("serialNumber=FOX1234567,CN=router", identity.subject());
        assertEquals(BigInteger.valueOf(4097), identity.serial());
        assertEquals(opensslFingerprint, identity.caFingerprint());
        assertEquals(SshKeys.fingerprint(device.getPublicKey()), identity.keyFingerprint());
        assertEquals(CertificateRefusal.WRONG_CERTIFICATE_TYPE, assertInstanceOf(X509Verdict.Refused.class,
                check.check(List.of(device), Purpose.USER, Instant.now())).reason());
    }

    /** The NMS's own certificate as the device's documentation makes it, pinned in a file beside the CA. */
    @Test
    void aSelfSignedClientCertificateOpenSslMadeIsPinnedAndAccepted() throws Exception {
        OpenSsl.run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "nms.key", "-out", "nms.pem", "-days", "30", "-subj", "/CN=ops", "-addext",
                "basicConstraints=critical,CA:FALSE", "-addext", "keyUsage=critical,digitalSignature", "-addext",
                "extendedKeyUsage=clientAuth");
        Path file = Files.writeString(dir.resolve("ops.pem"), Files.readString(dir.resolve("ca.pem"))
                + Files.readString(dir.resolve("nms.pem")));

        X509TrustFile trust = X509TrustFile.load(file);

        assertEquals(1, trust.authorities().all().size());
        X509Certificate nms = trust.pins().all().get(0);
        X509Identity identity = assertInstanceOf(X509Verdict.Accepted.class, new X509ChainCheck(trust,
                () -> RevokedKeys.NONE).check(List.of(nms), Purpose.TLS_CLIENT, Instant.now())).identity();
        assertEquals("ops", identity.identity());
        assertEquals(OpenSsl.run(dir, "x509", "-noout", "-fingerprint", "-sha256", "-in", "nms.pem").strip()
                .split("=", 2)[1], identity.caFingerprint());
    }

    @Test
    void aCrlOpenSslWroteRevokesTheDeviceInPemAndDer() throws Exception {
        X509Certificate revoked = issueDevice("dev", "FOX1234567", 4097, "ec", "ec_paramgen_curve:P-256");
        X509Certificate kept = issueDevice("dev2", "FOX7654321", 4098, "ec", "ec_paramgen_curve:P-256");
        OpenSsl.run(dir, "ca", "-config", "ca.cnf", "-revoke", "dev.pem", "-crl_reason", "keyCompromise");
        OpenSsl.run(dir, "ca", "-config", "ca.cnf", "-gencrl", "-out", "crl.pem");
        OpenSsl.run(dir, "crl", "-in", "crl.pem", "-outform", "DER", "-out", "crl.der");
        X509Authorities authorities = X509Authorities.load(dir.resolve("ca.pem"));

        for (String crl : List.of("crl.pem", "crl.der")) {
            X509ChainCheck check = new X509ChainCheck(authorities, RevokedKeys.load(dir.resolve(crl)));
            X509Verdict.Refused refused = assertInstanceOf(X509Verdict.Refused.class, check.check(List.of(revoked),
                    Purpose.HOST, Instant.now()), crl);
            assertEquals(CertificateRefusal.REVOKED, refused.reason(), refused::detail);
            assertTrue(refused.detail().contains("serial 4097 (0x1001) is listed in the CRL of 'CN=Device CA'"),
                    refused.detail());
            assertTrue(refused.detail().endsWith(", key compromise)"), refused.detail());
            assertInstanceOf(X509Verdict.Accepted.class, check.check(List.of(kept), Purpose.HOST, Instant.now()), crl);
        }
        assertEquals(List.of(), authorities.crlsSignedByNone(RevokedKeys.load(dir.resolve("crl.pem"))));
    }

    @Test
    void acceptsAnRsaDeviceThroughAnIntermediateOpenSslMade() throws Exception {
        OpenSsl.run(dir, "req", "-new", "-config", "ca.cnf", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", "site.key", "-out", "site.csr", "-subj", "/O=Example/CN=Site CA");
        OpenSsl.run(dir, "x509", "-req", "-in", "site.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "77",
                "-days", "30", "-sha256", "-extfile", "ca.cnf", "-extensions", "v3_intermediate", "-out", "site.pem");
        OpenSsl.run(dir, "req", "-new", "-config", "ca.cnf", "-newkey", "rsa:2048", "-nodes", "-keyout", "dev.key",
                "-out", "dev.csr", "-subj", "/CN=dev-42");
        OpenSsl.run(dir, "x509", "-req", "-in", "dev.csr", "-CA", "site.pem", "-CAkey", "site.key", "-set_serial",
                "4099", "-days", "30", "-sha256", "-extfile", "ca.cnf", "-extensions", "device", "-out", "dev.pem");
        X509ChainCheck check = new X509ChainCheck(X509Authorities.load(dir.resolve("ca.pem")), RevokedKeys.NONE);

        List<X509Certificate> chain = List.of(certificate("dev.pem"), certificate("site.pem"), certificate("ca.pem"));
        X509Identity identity = assertInstanceOf(X509Verdict.Accepted.class, check.check(chain, Purpose.HOST,
                Instant.now())).identity();
        assertEquals("dev-42", identity.identity());
        assertEquals(X509Identity.Source.COMMON_NAME, identity.source());
        assertEquals("CN=Site CA,O=Example", identity.issuer());
    }

    @Test
    void openSslVerifiesTheChainsAndCrlsOfTheLab() throws Exception {
        X509Lab lab = new X509Lab();
        Issued root = lab.root("Lab CA").key(X509Lab.rsa(2048)).issue();
        Issued intermediate = lab.intermediate(root, "Lab Site CA").issue();
        Issued device = lab.device(intermediate, "dev-1").extendedKeyUsage(X509Lab.SSH_SERVER).issue();
        X509Lab.write(dir.resolve("lab-root.pem"), X509Lab.pem(root.certificate()));
        X509Lab.write(dir.resolve("lab-site.pem"), X509Lab.pem(intermediate.certificate()));
        X509Lab.write(dir.resolve("lab-dev.pem"), X509Lab.pem(device.certificate()));
        X509Lab.write(dir.resolve("lab-crl.pem"), X509Lab.pem(lab.crl(root, BigInteger.TEN).issue()));
        String at = Long.toString(X509Lab.NOW.getEpochSecond());

        assertEquals("lab-dev.pem: OK", OpenSsl.run(dir, "verify", "-attime", at, "-CAfile", "lab-root.pem",
                "-untrusted", "lab-site.pem", "lab-dev.pem").strip());
        assertEquals("verify OK", OpenSsl.run(dir, "crl", "-in", "lab-crl.pem", "-CAfile", "lab-root.pem", "-noout")
                .strip());
        assertEquals("SHA256 Fingerprint=" + X509Text.fingerprint(root.certificate()), OpenSsl.run(dir, "x509",
                "-noout", "-fingerprint", "-sha256", "-in", "lab-root.pem").strip().replace("sha256", "SHA256"));
    }

    private X509Certificate issueDevice(String name, String serialNumber, long serial, String keyType, String keyOption)
            throws IOException, GeneralSecurityException {
        OpenSsl.run(dir, "req", "-new", "-config", "ca.cnf", "-newkey", keyType, "-pkeyopt", keyOption, "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=router/serialNumber=" + serialNumber);
        OpenSsl.run(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial",
                Long.toString(serial), "-days", "30", "-sha256", "-extfile", "ca.cnf", "-extensions", "device", "-out",
                name + ".pem");
        return certificate(name + ".pem");
    }

    /** A certificate file as the SSH layer would hand its certificate over: parsed by the JDK. */
    private X509Certificate certificate(String file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
