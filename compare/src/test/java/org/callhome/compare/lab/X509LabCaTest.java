package org.callhome.compare.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck.Purpose;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's X.509 CA writes what the NMS and the devices read with their own parsers
 * ({@code --device-ca}, {@code --host-cert}, {@code --revoked-keys}), and its certificates are judged
 * by the same check the NMS runs: the right ones accepted with the device id, the others refused
 * for the reason the scenarios expect.
 */
class X509LabCaTest {

    @TempDir
    Path dir;

    @Test
    void deviceHostCertificateIsAcceptedForItsIdByTheNmsCheck() throws Exception {
        X509LabCa ca = X509LabCa.create(dir, "device-ca");
        KeyPair key = deviceKey();

        X509LabCa.Issued issued = ca.certifyDevice(dir.resolve("dev-1-cert.pem"), key.getPublic(),
                OpenSshCertificate.Type.HOST, "dev-1");

        List<X509Certificate> chain = X509ChainFile.load(issued.file(), key, dir.resolve("dev-1.pem"));
        assertEquals(1, chain.size(), "the end-entity certificate alone: the peer holds the root");
        assertEquals(1, issued.serial());
        X509Verdict verdict = check(ca, RevokedKeys.NONE, chain, Purpose.HOST);
        X509Verdict.Accepted accepted = assertInstanceOf(X509Verdict.Accepted.class, verdict, verdict.toString());
        assertEquals("dev-1", accepted.identity().identity());
        assertEquals(List.of(X509LabCa.SECURE_SHELL_SERVER), chain.get(0).getExtendedKeyUsage());
        assertTrue(chain.get(0).getKeyUsage()[0], "digitalSignature");
        assertEquals(ca.fingerprint(), accepted.identity().caFingerprint());
    }

    @Test
    void caFileIsReadAsOneTrustedX509Ca() throws Exception {
        X509LabCa ca = X509LabCa.create(dir, "nms-ca");

        X509Authorities read = X509Authorities.load(ca.certificateFile());

        assertEquals(1, read.all().size());
        assertEquals(ca.fingerprint(), read.all().get(0).fingerprint());
        assertTrue(Files.readString(ca.certificateFile()).startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void userCertificateWhereAHostIsNeededIsTheWrongType() throws Exception {
        X509LabCa ca = X509LabCa.create(dir, "device-ca");
        KeyPair key = deviceKey();
        X509LabCa.Issued user = ca.certifyDevice(dir.resolve("user-cert.pem"), key.getPublic(),
                OpenSshCertificate.Type.USER, "dev-1");

        X509Verdict verdict = check(ca, RevokedKeys.NONE, List.of(user.certificate()), Purpose.HOST);

        assertEquals(CertificateRefusal.WRONG_CERTIFICATE_TYPE, refusal(verdict), verdict.toString());
        assertEquals(List.of(X509LabCa.SECURE_SHELL_CLIENT), user.certificate().getExtendedKeyUsage());
    }

    @Test
    void serverAuthOnlyIsRefusedForItsExtendedKeyUsage() throws Exception {
        X509LabCa ca = X509LabCa.create(dir, "device-ca");
        X509LabCa.Issued tls = ca.issue(dir.resolve("tls-cert.pem"), deviceKey().getPublic(),
                X509LabCa.Subject.device("dev-1", X509LabCa.SERVER_AUTH));

        X509Verdict verdict = check(ca, RevokedKeys.NONE, List.of(tls.certificate()), Purpose.HOST);

        assertEquals(CertificateRefusal.EXTENDED_KEY_USAGE, refusal(verdict), verdict.toString());
    }

    @Test
    void certificateOfAnotherCaIsRefusedAsUnknownCa() throws Exception {
        X509LabCa ca = X509LabCa.create(dir, "device-ca");
        X509LabCa other = X509LabCa.create(dir, "other-ca");
        X509LabCa.Issued issued = other.certifyDevice(dir.resolve("other-cert.pem"), deviceKey().getPublic(),
                OpenSshCertificate.Type.HOST, "dev-1");

        X509Verdict verdict = check(ca, RevokedKeys.NONE, List.of(issued.certificate()), Purpose.HOST);

        assertEquals(CertificateRefusal.UNKNOWN_CA, refusal(verdict), verdict.toString());
    }

    @Test
    void certificateWhoseValidityEndedIsRefusedAsExpired() throws Exception {
        X509LabCa ca = X509LabCa.create(dir, "device-ca");
        Instant ended = Instant.now().minusSeconds(3600);
        X509LabCa.Issued issued = ca.certifyDevice(dir.resolve("expired-cert.pem"), deviceKey().getPublic(),
                OpenSshCertificate.Type.USER, "dev-1", ended.minusSeconds(86_400), ended);

        X509Verdict verdict = check(ca, RevokedKeys.NONE, List.of(issued.certificate()), Purpose.USER);

        assertEquals(CertificateRefusal.EXPIRED, refusal(verdict), verdict.toString());
    }

    @Test
    void revocationListRevokesTheSerialItNamesAndNoOther() throws Exception {
        X509LabCa ca = X509LabCa.create(dir, "device-ca");
        X509LabCa.Issued stolen = ca.certifyDevice(dir.resolve("dev-1-cert.pem"), deviceKey().getPublic(),
                OpenSshCertificate.Type.HOST, "dev-1");
        X509LabCa.Issued other = ca.certifyDevice(dir.resolve("dev-2-cert.pem"), deviceKey().getPublic(),
                OpenSshCertificate.Type.HOST, "dev-2");
        Path list = dir.resolve("revoked.crl.pem");

        ca.writeRevocations(list, List.of(), "nothing revoked yet");
        RevokedKeys empty = RevokedKeysFile.open(list).get();
        assertInstanceOf(X509Verdict.Accepted.class, check(ca, empty, List.of(stolen.certificate()), Purpose.HOST));

        ca.writeRevocations(list, List.of(stolen.serial()), "dev-1 stolen");
        RevokedKeys revoked = RevokedKeysFile.open(list).get();
        X509Verdict verdict = check(ca, revoked, List.of(stolen.certificate()), Purpose.HOST);
        assertEquals(CertificateRefusal.REVOKED, refusal(verdict), verdict.toString());
        assertInstanceOf(X509Verdict.Accepted.class, check(ca, revoked, List.of(other.certificate()), Purpose.HOST));
        assertTrue(Files.readString(list).startsWith("# dev-1 stolen\n-----BEGIN X509 CRL-----"));
    }

    @Test
    void privateKeyFileIsPkcs8PemTheDeviceLoads() throws Exception {
        KeyPair key = X509LabCa.newKey();
        Path file = dir.resolve("device_key.pem");

        X509LabCa.writePrivateKey(key, file);

        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertEquals(SshKeys.fingerprint(key.getPublic()), SshKeys.fingerprint(SshKeys.loadPrivateKey(file)
                .getPublic()));
    }

    private KeyPair deviceKey() {
        return X509LabCa.newKey();
    }

    private static X509Verdict check(X509LabCa ca, RevokedKeys revoked, List<X509Certificate> chain, Purpose purpose) {
        return new X509ChainCheck(X509Authorities.of(List.of(ca.certificate())), revoked).check(chain, purpose,
                Instant.now());
    }

    private static CertificateRefusal refusal(X509Verdict verdict) {
        return assertInstanceOf(X509Verdict.Refused.class, verdict, verdict.toString()).reason();
    }
}
