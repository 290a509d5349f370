package org.callhome.device.devicessh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.device.SignedKeys;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code --nms-host-key}: an OpenSSH public key file or a known_hosts file. */
class NmsHostKeysTest {

    @TempDir
    Path dir;

    private final PublicKey a = SshKeys.generateEd25519().getPublic();
    private final PublicKey b = SshKeys.generateEd25519().getPublic();
    private final PublicKey c = SshKeys.generateEd25519().getPublic();

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("nms_host_key"), text);
    }

    @Test
    void publicKeyFileAppliesToEveryEndpoint() throws IOException {
        NmsHostKeys keys = NmsHostKeys.load(file(SshKeys.toOpenSsh(a) + " root@nms\n"));
        assertEquals(List.of(a), keys.keysFor("nms.example.net", 830));
        assertEquals(List.of(a), keys.keysFor("192.0.2.1", 22));
        assertTrue(verify(keys, "192.0.2.1", 2222, a).isAccepted());
        assertFalse(verify(keys, "192.0.2.1", 2222, b).isAccepted());
    }

    @Test
    void knownHostsLinesApplyToTheHostsTheyName() throws IOException {
        NmsHostKeys keys = NmsHostKeys.load(file("# NMS keys\n\n"
                + "nms.example.net,nms2.example.net " + SshKeys.toOpenSsh(a) + "\n"
                + "[192.0.2.1]:2222 " + SshKeys.toOpenSsh(b) + " comment\n"
                + "* " + SshKeys.toOpenSsh(c) + "\n"));
        assertEquals(List.of(a, c), keys.keysFor("NMS.example.net", 830), "names compare case-insensitively, any port");
        assertEquals(List.of(a, c), keys.keysFor("nms2.example.net", 22));
        assertEquals(List.of(b, c), keys.keysFor("192.0.2.1", 2222));
        assertEquals(List.of(c), keys.keysFor("192.0.2.1", 2223), "[host]:port is for that port only");
        assertEquals(List.of(c), keys.keysFor("other.example.net", 830));
    }

    @Test
    void knownHostsWithoutWildcardPinsNothingForOtherHosts() throws IOException {
        NmsHostKeys keys = NmsHostKeys.load(file("nms.example.net " + SshKeys.toOpenSsh(a) + "\n"));
        assertEquals(List.of(), keys.keysFor("127.0.0.1", 830));
        assertFalse(verify(keys, "127.0.0.1", 830, a).isAccepted());
        assertFalse(keys.pinsAnythingFor("127.0.0.1", 830));
    }

    @Test
    void hashedHostNamesMatchLikeOpenSsh() throws Exception {
        byte[] salt = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        NmsHostKeys keys = NmsHostKeys.load(file(hashed(salt, "nms.example.net") + " " + SshKeys.toOpenSsh(a) + "\n"
                + hashed(salt, "[192.0.2.1]:830") + " " + SshKeys.toOpenSsh(b) + "\n"));
        assertEquals(List.of(a), keys.keysFor("nms.example.net", 4334));
        assertEquals(List.of(b), keys.keysFor("192.0.2.1", 830));
        assertEquals(List.of(), keys.keysFor("192.0.2.1", 831));
    }

    @Test
    void keysGivenInCodeApplyEverywhere() {
        assertEquals(List.of(a, b), NmsHostKeys.of(a, b).keysFor("any", 1));
        assertThrows(IllegalArgumentException.class, NmsHostKeys::of);
    }

    @Test
    void missingFileIsNamed() {
        IOException e = assertThrows(IOException.class, () -> NmsHostKeys.load(dir.resolve("absent")));
        assertTrue(e.getMessage().endsWith("absent: file does not exist"), e.getMessage());
    }

    @Test
    void fileWithoutKeysIsRefused() throws IOException {
        Path empty = file("# nothing here\n\n");
        IOException e = assertThrows(IOException.class, () -> NmsHostKeys.load(empty));
        assertEquals(empty + ": no NMS host key in the file (expected 'ssh-ed25519 AAAA...' or known_hosts lines "
                + "'HOST ssh-ed25519 AAAA...')", e.getMessage());
    }

    @Test
    void badLinesAreReportedWithFileAndLineNumber() throws IOException {
        String key = SshKeys.toOpenSsh(a);
        assertRefused("\n-----BEGIN OPENSSH PRIVATE KEY-----\n", 2, "this is a private key");
        assertRefused("@cert-authority *.example.net " + key + "\n", 1, "host pattern '*.example.net' is not supported");
        assertRefused("@cert-authority nms.example.net\n", 1, "missing public key after host field 'nms.example.net'");
        assertRefused("@revoked * " + key + "\n", 1, "marker @revoked is not supported: pin the NMS's host key, or"
                + " its CA with @cert-authority; revoked keys go to --revoked-keys");
        assertRefused("*.example.net " + key + "\n", 1, "host pattern '*.example.net' is not supported");
        assertRefused("!bad.example.net,nms " + key + "\n", 1, "host pattern '!bad.example.net' is not supported");
        assertRefused("nms,, " + key + "\n", 1, "empty name in host field");
        assertRefused("nms.example.net\n", 1, "missing public key after host field 'nms.example.net'");
        assertRefused("|1|nothash " + key + "\n", 1, "malformed hashed host name");
        assertRefused("ssh-ed25519 AAAA!!!notbase64\n", 1, "not valid base64");
        assertRefused("nms ssh-dss AAAAB3NzaC1kc3M=\n", 1, "unsupported public key type 'ssh-dss'");
        assertRefused(key + "\nnms ssh-ed25519\n", 2, "missing base64 key data");
    }

    @Test
    void certAuthorityLinesPinACaForTheHostsTheyName() throws IOException {
        NmsHostKeys keys = NmsHostKeys.load(file("@cert-authority nms.example.net,[192.0.2.1]:4334 "
                + SshKeys.toOpenSsh(a) + " nms-ca\n" + "@cert-authority * " + SshKeys.toOpenSsh(b) + "\n"
                + "nms.example.net " + SshKeys.toOpenSsh(c) + "\n"));
        assertEquals(List.of(a, b), keys.authoritiesFor("nms.example.net", 830));
        assertEquals(List.of(c), keys.keysFor("nms.example.net", 830), "a CA is no pinned key");
        assertEquals(List.of(a, b), keys.authoritiesFor("192.0.2.1", 4334));
        assertEquals(List.of(b), keys.authoritiesFor("192.0.2.1", 4335));
        assertEquals(List.of(), keys.keysFor("192.0.2.1", 4335));
        assertTrue(keys.pinsAnythingFor("192.0.2.1", 4335));
    }

    /** MINA's server never presents a user certificate as its host key; the check refuses one anyway. */
    @Test
    void aCertificateOfThePinnedCaMustBeAHostCertificateValidNow() throws IOException {
        SignedKeys signed = new SignedKeys(dir);
        NmsHostKeys keys = NmsHostKeys.load(file("@cert-authority * " + signed.publicKeyText("ca") + "\n"));
        OpenSshCertificate user = signed.certificate(signed.userCertificate("ca", "nms", "nms.example.net"));
        assertRefused("user certificate 'nms-user-nms.example.net' serial 0 is a user certificate, but a host"
                + " certificate is needed here (ssh-keygen -s with -h) (wrong-certificate-type)",
                verify(keys, "nms.example.net", 4334, user));

        OpenSshCertificate host = signed.certificate(signed.hostCertificate("ca", "nms", "nms.example.net"));
        assertTrue(verify(keys, "nms.example.net", 4334, host).isAccepted());
        assertTrue(verify(keys, "NMS.example.net", 4334, host).isAccepted(), "the host name as ssh lower-cases it");
        NmsVerdict later = keys.verify("nms.example.net", 4334, host, RevocationWatch.NONE,
                Clock.fixed(Instant.now().plus(Duration.ofDays(1)), ZoneOffset.UTC));
        assertTrue(((NmsVerdict.Refused) later).detail().endsWith("(expired)"), later.toString());
    }

    private static void assertRefused(String detail, NmsVerdict verdict) {
        assertEquals(new NmsVerdict.Refused(detail), verdict);
    }

    private static NmsVerdict verify(NmsHostKeys keys, String host, int port, PublicKey key) {
        return keys.verify(host, port, key, RevocationWatch.NONE, Clock.systemUTC());
    }

    private void assertRefused(String text, int line, String expected) throws IOException {
        Path bad = file(text);
        IOException e = assertThrows(IOException.class, () -> NmsHostKeys.load(bad), text);
        assertTrue(e.getMessage().startsWith(bad + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static String hashed(byte[] salt, String name) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        Base64.Encoder base64 = Base64.getEncoder();
        return "|1|" + base64.encodeToString(salt) + "|"
                + base64.encodeToString(mac.doFinal(name.getBytes(StandardCharsets.US_ASCII)));
    }
}
