package org.callhome.shared.ssh.cert;

import static org.callhome.shared.ssh.cert.CertLab.CLOCK;
import static org.callhome.shared.ssh.cert.CertLab.VALID_AFTER;
import static org.callhome.shared.ssh.cert.CertLab.VALID_BEFORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.OpenSshCertificate.Type;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.text.WireNames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every verdict on certificates signed by OpenSSH's ssh-keygen, each reason by itself. */
class CertificateCheckTest {

    @TempDir
    Path dir;

    private CertLab lab;
    private CertificateCheck check;

    @BeforeEach
    void setUp() throws IOException {
        lab = new CertLab(dir);
        check = new CertificateCheck(lab.authorities("ca"), RevokedKeys.NONE, CLOCK);
    }

    @Test
    void acceptsHostCertificateWithTheIdentityItCarries() throws IOException {
        Path cert = lab.sign("ca", "dev", "dev-1-2029", "-h", "-n", "dev-1", "-z", "5");

        CertifiedIdentity identity = accepted(check.check(lab.certificate(cert), Type.HOST));

        assertEquals(Type.HOST, identity.type());
        assertEquals("dev-1", identity.principal());
        assertEquals("dev-1-2029", identity.keyId());
        assertEquals("5", identity.serialText());
        assertEquals(SshKeygen.fingerprint(lab.publicKey("ca")), identity.caFingerprint());
        assertEquals(SshKeygen.fingerprint(lab.publicKey("dev")), identity.keyFingerprint());
        assertEquals(Instant.ofEpochSecond(VALID_AFTER), identity.validAfter());
        assertEquals(Instant.ofEpochSecond(VALID_BEFORE), identity.validBefore());
    }

    @Test
    void acceptsUserCertificateAsUser() throws IOException {
        Path cert = lab.sign("ca", "dev", "user", "-n", "dev-1");
        assertEquals("dev-1", accepted(check.check(lab.certificate(cert), Type.USER)).principal());
    }

    @Test
    void acceptsCertificatesOfEcdsaAndRsaCasAndKeys() throws IOException {
        lab.key("ecdsa-ca", "ecdsa", 384);
        lab.key("rsa-ca", "rsa", 3072);
        lab.key("rsa-dev", "rsa", 2048);
        lab.key("ecdsa-dev", "ecdsa", 256);
        CertificateCheck both = new CertificateCheck(lab.authorities("ecdsa-ca", "rsa-ca"), RevokedKeys.NONE, CLOCK);

        accepted(both.check(lab.certificate(lab.sign("ecdsa-ca", "rsa-dev", "a", "-h", "-n", "dev-1")), Type.HOST));
        accepted(both.check(lab.certificate(lab.sign("rsa-ca", "ecdsa-dev", "b", "-h", "-n", "dev-2")), Type.HOST));
        accepted(both.check(lab.certificate(lab.sign("rsa-ca", "dev", "c", "-h", "-n", "dev-3", "-t", "rsa-sha2-256")),
                Type.HOST));
    }

    @Test
    void acceptsCertificateValidForever() throws IOException {
        Path cert = lab.sign("ca", "dev", "forever", "-h", "-n", "dev-1", "-V", "always:forever");
        CertifiedIdentity identity = accepted(check.check(lab.certificate(cert), Type.HOST));
        assertEquals(Instant.EPOCH, identity.validAfter());
        assertEquals(Instant.MAX, identity.validBefore());
    }

    @Test
    void refusesCertificateOfAnotherCa() throws IOException {
        Path cert = lab.sign("other-ca", "dev", "other", "-h", "-n", "dev-1");
        assertRefused(CertificateRefusal.UNKNOWN_CA, check.check(lab.certificate(cert), Type.HOST),
                "host certificate 'other' serial 0 is signed by key " + SshKeygen.fingerprint(lab.publicKey("other-ca"))
                        + ", which is not a trusted CA");
    }

    @Test
    void validFromItsFirstSecondToTheSecondBeforeItsEnd() throws IOException {
        OpenSshCertificate cert = lab.hostCertificate("ca", "dev", "dev-1");
        CertificateAuthorities cas = lab.authorities("ca");

        assertRefused(CertificateRefusal.NOT_YET_VALID, at(cas, VALID_AFTER - 1).check(cert, Type.HOST),
                "host certificate 'dev-1-host' serial 5 is valid from 2029-07-18T05:49:52Z, but it is 2029-07-18T05:49:51Z");
        accepted(at(cas, VALID_AFTER).check(cert, Type.HOST));
        accepted(at(cas, VALID_BEFORE - 1).check(cert, Type.HOST));
        assertRefused(CertificateRefusal.EXPIRED, at(cas, VALID_BEFORE).check(cert, Type.HOST),
                "host certificate 'dev-1-host' serial 5 expired at 2029-07-30T09:06:08Z; it is 2029-07-30T09:06:08Z");
    }

    @Test
    void refusesUserCertificateWhereHostCertificateIsNeededAndTheReverse() throws IOException {
        OpenSshCertificate user = lab.certificate(lab.sign("ca", "dev", "user", "-n", "dev-1"));
        OpenSshCertificate host = lab.hostCertificate("ca", "dev", "dev-1");

        assertRefused(CertificateRefusal.WRONG_CERTIFICATE_TYPE, check.check(user, Type.HOST),
                "user certificate 'user' serial 0 is a user certificate, but a host certificate is needed here"
                        + " (ssh-keygen -s with -h)");
        assertRefused(CertificateRefusal.WRONG_CERTIFICATE_TYPE, check.check(host, Type.USER),
                "host certificate 'dev-1-host' serial 5 is a host certificate, but a user certificate is needed here"
                        + " (ssh-keygen -s without -h)");
    }

    @Test
    void refusesNoPrincipalAndTwoPrincipals() throws IOException {
        assertRefused(CertificateRefusal.PRINCIPAL_COUNT,
                check.check(lab.certificate(lab.sign("ca", "dev", "none", "-h")), Type.HOST),
                "host certificate 'none' serial 0 names 0 principals; exactly one is needed, the identity"
                        + " (ssh-keygen -n NAME)");
        assertEquals(CertificateRefusal.PRINCIPAL_COUNT,
                reason(check.check(lab.certificate(lab.sign("ca", "dev", "two", "-h", "-n", "dev-1,dev-2")), Type.HOST)));
    }

    @Test
    void refusesPrincipalsThatAreNoSingleIdentity() throws IOException {
        for (String principal : List.of("dev-*", "dev-?", "!dev-1", "dev 1", "dev\t1")) {
            Path cert = lab.sign("ca", "dev", "pattern", "-h", "-n", principal);
            assertEquals(CertificateRefusal.BAD_PRINCIPAL, reason(check.check(lab.certificate(cert), Type.HOST)),
                    principal);
        }
    }

    @Test
    void acceptsPrincipalAtTheLimitAndRefusesOneCharacterMore() throws IOException {
        String longest = "d".repeat(CertificateCheck.MAX_PRINCIPAL_CHARS);
        assertEquals(longest, accepted(check.check(
                lab.certificate(lab.sign("ca", "dev", "at-limit", "-h", "-n", longest)), Type.HOST)).principal());
        assertRefused(CertificateRefusal.BAD_PRINCIPAL,
                check.check(lab.certificate(lab.sign("ca", "dev", "past-limit", "-h", "-n", longest + "d")), Type.HOST),
                "host certificate 'past-limit' serial 0: principal of 257 characters exceeds the allowed maximum (256)");
    }

    @Test
    void acceptsKeyIdAtTheLimitAndRefusesOneCharacterMore() throws IOException {
        String longest = "k".repeat(CertificateCheck.MAX_KEY_ID_CHARS);
        assertEquals(longest, accepted(check.check(
                lab.certificate(lab.sign("ca", "dev", "at-limit", "-h", "-n", "dev-1", "-I", longest)), Type.HOST)).keyId());
        CertificateVerdict verdict = check.check(
                lab.certificate(lab.sign("ca", "dev", "past-limit", "-h", "-n", "dev-1", "-I", longest + "k")), Type.HOST);
        assertEquals(CertificateRefusal.KEY_ID_TOO_LONG, reason(verdict));
        assertTrue(detail(verdict).endsWith(": key id of 257 characters exceeds the allowed maximum (256)"),
                detail(verdict));
    }

    @Test
    void refusesEveryCriticalOptionOnUserAndHostCertificates() throws IOException {
        OpenSshCertificate forceCommand = lab.certificate(
                lab.sign("ca", "dev", "forced", "-n", "dev-1", "-O", "force-command=/bin/true"));
        assertRefused(CertificateRefusal.UNSUPPORTED_CRITICAL_OPTION, check.check(forceCommand, Type.USER),
                "user certificate 'forced' serial 0 carries critical option 'force-command', which cannot be enforced"
                        + " here; sign it without -O options such as force-command or source-address");
        OpenSshCertificate sourceAddress = lab.certificate(
                lab.sign("ca", "dev", "sourced", "-n", "dev-1", "-O", "source-address=127.0.0.1/32"));
        assertEquals(CertificateRefusal.UNSUPPORTED_CRITICAL_OPTION, reason(check.check(sourceAddress, Type.USER)));
        OpenSshCertificate verifyRequired = lab.certificate(
                lab.sign("ca", "dev", "verify", "-n", "dev-1", "-O", "verify-required"));
        assertEquals(CertificateRefusal.UNSUPPORTED_CRITICAL_OPTION, reason(check.check(verifyRequired, Type.USER)));
        OpenSshCertificate host = lab.certificate(
                lab.sign("ca", "dev", "host", "-h", "-n", "dev-1", "-O", "force-command=/bin/true"));
        assertEquals(CertificateRefusal.UNSUPPORTED_CRITICAL_OPTION, reason(check.check(host, Type.HOST)));
    }

    @Test
    void ignoresExtensions() throws IOException {
        Path cert = lab.sign("ca", "dev", "extended", "-n", "dev-1", "-O", "no-pty", "-O", "extension:x@example.org=y");
        accepted(check.check(lab.certificate(cert), Type.USER));
    }

    @Test
    void refusesCertificateWithAFlippedSignatureByte() throws IOException {
        byte[] blob = blob(lab.sign("ca", "dev", "tampered", "-h", "-n", "dev-1"));
        blob[blob.length - 1] ^= 0x01;

        assertRefused(CertificateRefusal.BAD_SIGNATURE, check.check(certificate(blob), Type.HOST),
                "host certificate 'tampered' serial 0: the signature does not verify with the key of CA "
                        + SshKeygen.fingerprint(lab.publicKey("ca")) + "; the certificate was altered or not signed by"
                        + " this CA");
    }

    @Test
    void refusesCertificateWhosePrincipalWasRewritten() throws IOException {
        byte[] blob = blob(lab.sign("ca", "dev", "rewritten", "-h", "-n", "dev-1"));
        int at = indexOf(blob, "dev-1".getBytes(StandardCharsets.US_ASCII));
        blob[at + 4] = '2';

        OpenSshCertificate cert = certificate(blob);
        assertEquals(List.of("dev-2"), List.copyOf(cert.getPrincipals()));
        assertEquals(CertificateRefusal.BAD_SIGNATURE, reason(check.check(cert, Type.HOST)));
    }

    @Test
    void refusesSha1SignatureOfAnRsaCa() throws IOException {
        lab.key("rsa-ca", "rsa", 3072);
        CertificateCheck rsa = new CertificateCheck(lab.authorities("rsa-ca"), RevokedKeys.NONE, CLOCK);
        Path cert = lab.sign("rsa-ca", "dev", "sha1", "-h", "-n", "dev-1", "-t", "ssh-rsa");

        CertificateVerdict verdict = rsa.check(lab.certificate(cert), Type.HOST);

        assertRefused(CertificateRefusal.UNSUPPORTED_SIGNATURE_ALGORITHM, verdict,
                "host certificate 'sha1' serial 0 is signed with 'ssh-rsa', which is not accepted; accepted: ssh-ed25519,"
                        + " ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, rsa-sha2-512, rsa-sha2-256");
    }

    @Test
    void refusesRevokedCertificateEvenWhenItIsAlsoExpired() throws IOException {
        OpenSshCertificate cert = lab.hostCertificate("ca", "dev", "dev-1");
        RevokedKeys revoked = RevokedKeys.load(lab.krl("krl", "ca", "serial: 5\n"));
        CertificateCheck later = new CertificateCheck(lab.authorities("ca"), revoked,
                CertLab.clockAt(Instant.ofEpochSecond(VALID_BEFORE + 1)));

        assertRefused(CertificateRefusal.REVOKED, later.check(cert, Type.HOST),
                "host certificate 'dev-1-host' serial 5 is revoked: serial 5 is revoked for CA "
                        + SshKeygen.fingerprint(lab.publicKey("ca")));
    }

    @Test
    void reportsTheFirstReasonInTheDocumentedOrder() throws IOException {
        OpenSshCertificate userWithoutPrincipal = lab.certificate(lab.sign("ca", "dev", "user", "-O", "no-pty"));
        CertificateCheck late = at(lab.authorities("ca"), VALID_BEFORE);
        assertEquals(CertificateRefusal.WRONG_CERTIFICATE_TYPE, reason(late.check(userWithoutPrincipal, Type.HOST)));
        assertEquals(CertificateRefusal.EXPIRED, reason(late.check(userWithoutPrincipal, Type.USER)));
        assertEquals(CertificateRefusal.PRINCIPAL_COUNT, reason(check.check(userWithoutPrincipal, Type.USER)));
    }

    @Test
    void readsTheRevocationListInForceAtEachCheck() throws IOException {
        OpenSshCertificate cert = lab.hostCertificate("ca", "dev", "dev-1");
        Path list = Files.writeString(dir.resolve("revoked"), "");
        RevokedKeysFile revoked = RevokedKeysFile.open(list);
        CertificateCheck following = new CertificateCheck(lab.authorities("ca"), revoked, CLOCK);
        accepted(following.check(cert, Type.HOST));

        Files.copy(lab.krl("krl", "ca", "id: dev-1-host\n"), list, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(revoked.reloadIfChanged());

        assertEquals(CertificateRefusal.REVOKED, reason(following.check(cert, Type.HOST)));
    }

    @Test
    void requiresTheExpectedPrincipal() throws IOException {
        CertificateVerdict verdict = check.check(lab.hostCertificate("ca", "dev", "dev-1"), Type.HOST);

        assertSame(verdict, verdict.requirePrincipal("dev-1"));
        assertRefused(CertificateRefusal.PRINCIPAL_MISMATCH, verdict.requirePrincipal("dev-2"),
                "the certificate is for 'dev-1', but 'dev-2' is expected here");
        assertSame(verdict, verdict.requireOneOf(Set.of("dev-1", "dev-3")));
        assertRefused(CertificateRefusal.UNEXPECTED_IDENTITY, verdict.requireOneOf(Set.of("dev-2", "dev-3")),
                "the certificate is for 'dev-1', which is not among the 2 expected identities");
        assertEquals(CertificateRefusal.UNEXPECTED_IDENTITY, reason(verdict.requireOneOf(Set.of())));
    }

    @Test
    void namingOneOfAcceptsACertificateListingSeveralPrincipalsWhenOneIsAcceptable() throws IOException {
        OpenSshCertificate nms = lab.certificate(lab.sign("ca", "dev", "nms-host", "-h", "-n", "nms.example,localhost"));

        CertifiedIdentity identity = accepted(check.checkNamingOneOf(nms, Type.HOST, Set.of("localhost")));

        assertEquals("localhost", identity.principal());
        assertRefused(CertificateRefusal.PRINCIPAL_MISMATCH, check.checkNamingOneOf(nms, Type.HOST,
                List.of("127.0.0.1")), "host certificate 'nms-host' serial 0 names 'nms.example', 'localhost', but"
                + " none of '127.0.0.1' is among them");
        assertEquals(CertificateRefusal.PRINCIPAL_COUNT, reason(check.check(nms, Type.HOST)), "check needs one");
    }

    @Test
    void namingOneOfComparesExactlyAndRefusesNoPrincipal() throws IOException {
        OpenSshCertificate pattern = lab.certificate(lab.sign("ca", "dev", "pattern", "-n", "nms-*"));
        assertEquals(CertificateRefusal.PRINCIPAL_MISMATCH,
                reason(check.checkNamingOneOf(pattern, Type.USER, Set.of("nms-ops"))));
        assertEquals("nms-*", accepted(check.checkNamingOneOf(pattern, Type.USER, Set.of("nms-*"))).principal());
        assertRefused(CertificateRefusal.PRINCIPAL_COUNT, check.checkNamingOneOf(
                lab.certificate(lab.sign("ca", "dev", "none", "-h")), Type.HOST, List.of("nms")),
                "host certificate 'none' serial 0 names no principal; it must name 'nms' (ssh-keygen -n NAME)");
    }

    @Test
    void namingOneOfMakesEveryOtherCheck() throws IOException {
        OpenSshCertificate other = lab.certificate(lab.sign("other-ca", "dev", "other", "-h", "-n", "nms"));
        assertEquals(CertificateRefusal.UNKNOWN_CA, reason(check.checkNamingOneOf(other, Type.HOST, Set.of("nms"))));
        OpenSshCertificate user = lab.certificate(lab.sign("ca", "dev", "user", "-n", "nms"));
        assertEquals(CertificateRefusal.WRONG_CERTIFICATE_TYPE,
                reason(check.checkNamingOneOf(user, Type.HOST, Set.of("nms"))));
        assertEquals(CertificateRefusal.EXPIRED, reason(at(lab.authorities("ca"), VALID_BEFORE)
                .checkNamingOneOf(user, Type.USER, Set.of("nms"))));
        OpenSshCertificate forced = lab.certificate(lab.sign("ca", "dev", "forced", "-n", "nms", "-O",
                "force-command=/bin/true"));
        assertEquals(CertificateRefusal.UNSUPPORTED_CRITICAL_OPTION,
                reason(check.checkNamingOneOf(forced, Type.USER, Set.of("nms"))));
    }

    @Test
    void identityChecksPassARefusalOnUnchanged() throws IOException {
        CertificateVerdict refused = check.check(lab.hostCertificate("other-ca", "dev", "dev-1"), Type.HOST);
        assertSame(refused, refused.requirePrincipal("dev-2").requireOneOf(Set.of()));
    }

    @Test
    void reasonsHaveTheirWireNames() {
        assertEquals(List.of("unknown-ca", "unsupported-signature-algorithm", "bad-signature", "unsupported-key-type",
                "revoked", "wrong-certificate-type", "key-usage", "extended-key-usage", "not-yet-valid", "expired",
                "unsupported-critical-option",
                "principal-count", "bad-principal", "key-id-too-long", "principal-mismatch", "unexpected-identity",
                "pinned-key-mismatch"),
                Arrays.stream(CertificateRefusal.values()).map(CertificateRefusal::wireName).toList());
        assertEquals(CertificateRefusal.NOT_YET_VALID,
                WireNames.lookup(CertificateRefusal.class, "not-yet-valid", "refusal"));
    }

    @Test
    void showsPeerTextEscaped() throws IOException {
        Path cert = lab.sign("ca", "dev", "escaped", "-n", "dev-1", "-I", "id\nforged log line");
        CertifiedIdentity identity = accepted(check.check(lab.certificate(cert), Type.USER));
        assertTrue(identity.toString().startsWith("'dev-1' (user certificate 'id\\nforged log line' serial 0 of CA "),
                identity.toString());
    }

    private static CertificateCheck at(CertificateAuthorities cas, long epochSecond) {
        return new CertificateCheck(cas, RevokedKeys.NONE, CertLab.clockAt(Instant.ofEpochSecond(epochSecond)));
    }

    static CertifiedIdentity accepted(CertificateVerdict verdict) {
        if (verdict instanceof CertificateVerdict.Refused refused) {
            throw new AssertionError("refused: " + refused);
        }
        return ((CertificateVerdict.Accepted) verdict).identity();
    }

    static CertificateRefusal reason(CertificateVerdict verdict) {
        return assertInstanceOf(CertificateVerdict.Refused.class, verdict, () -> "accepted: " + verdict).reason();
    }

    private static String detail(CertificateVerdict verdict) {
        return assertInstanceOf(CertificateVerdict.Refused.class, verdict).detail();
    }

    private static void assertRefused(CertificateRefusal reason, CertificateVerdict verdict, String detail) {
        assertEquals(new CertificateVerdict.Refused(reason, detail), verdict);
    }

    private static byte[] blob(Path certFile) throws IOException {
        return Base64.getDecoder().decode(Files.readString(certFile).split(" ")[1]);
    }

    private OpenSshCertificate certificate(byte[] blob) throws IOException {
        String type = new String(blob, 4, blob[3], StandardCharsets.US_ASCII);
        Path file = Files.writeString(dir.resolve("altered-cert.pub"), type + " " + Base64.getEncoder().encodeToString(blob));
        return CertifiedKey.readCertificate(file);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
