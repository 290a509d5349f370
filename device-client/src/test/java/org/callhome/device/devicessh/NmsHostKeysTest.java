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
import org.callhome.shared.ssh.SshKeygen;
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
        assertRefused("@cert-authority nms.example.net\n", 1, "missing public key after host field 'nms.example.net'");
        assertRefused("@revoked * " + key + "\n", 1, "marker @revoked is not supported: pin the NMS's host key, or"
                + " its CA with @cert-authority; revoked keys go to --revoked-keys");
        assertRefused("nms,, " + key + "\n", 1, "empty name in host field 'nms,,'");
        assertRefused(",nms " + key + "\n", 1, "empty name in host field ',nms'");
        assertRefused("nms,! " + key + "\n", 1, "'!' without a pattern after it in host field 'nms,!'");
        assertRefused("!bad.example.net " + key + "\n", 1, "host field '!bad.example.net' has only negated patterns,"
                + " so it matches no host: add the hosts it is for, or '*' for all others");
        assertRefused("@cert-authority !a,!b " + key + "\n", 1, "has only negated patterns");
        assertRefused("[nms] " + key + "\n", 1, "host pattern '[nms]' is not [host]:port in host field '[nms]'");
        assertRefused("[nms]: " + key + "\n", 1, "host pattern '[nms]:' is not [host]:port");
        assertRefused("[nms]:http " + key + "\n", 1, "host pattern '[nms]:http' is not [host]:port");
        assertRefused("[[nms]]:830 " + key + "\n", 1, "host pattern '[[nms]]:830' is not [host]:port");
        assertRefused("[nms]:65536 " + key + "\n", 1, "port '65536' of '[nms]:65536' is not a TCP port (1 to 65535)");
        assertRefused("[nms]:0 " + key + "\n", 1, "port '0' of '[nms]:0' is not a TCP port");
        assertRefused("nms]:830 " + key + "\n", 1, "host pattern 'nms]:830' has brackets, but is not [host]:port");
        assertRefused("*,!" + hashedLine() + " " + key + "\n", 1, "cannot be negated");
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

    @Test
    void hostFieldsAreOpenSshPatternLists() throws IOException {
        NmsHostKeys keys = NmsHostKeys.load(file("*.example.net,!bad.example.net " + SshKeys.toOpenSsh(a) + "\n"
                + "nms?.lab,[10.0.0.*]:4334 " + SshKeys.toOpenSsh(b) + "\n"
                + "!*.example.net,* " + SshKeys.toOpenSsh(c) + "\n"));
        assertEquals(List.of(a), keys.keysFor("nms.example.net", 4334));
        assertEquals(List.of(a), keys.keysFor("NMS.Example.NET", 830), "compared case-insensitively, on any port");
        assertEquals(List.of(), keys.keysFor("bad.example.net", 4334), "negated: no line applies");
        assertEquals(List.of(c), keys.keysFor("example.net", 4334), "'*.' needs a dot before the name");
        assertEquals(List.of(b, c), keys.keysFor("nms1.lab", 4334));
        assertEquals(List.of(c), keys.keysFor("nms12.lab", 4334), "'?' is one character");
        assertEquals(List.of(b, c), keys.keysFor("10.0.0.7", 4334));
        assertEquals(List.of(c), keys.keysFor("10.0.0.7", 4335), "[host]:port is for that port only");
        assertTrue(verify(keys, "nms.example.net", 4334, a).isAccepted());
        assertFalse(verify(keys, "bad.example.net", 4334, a).isAccepted());
        assertTrue(verify(keys, "other.example.org", 4334, c).isAccepted());
        assertFalse(verify(keys, "bad.example.net", 4334, c).isAccepted(), "excluded by both lines");
    }

    /** What OpenSSH's {@code ssh-keygen -F} finds is what applies here, for each pattern list and host. */
    @Test
    void patternListsMatchWhatOpenSshFinds() throws IOException {
        SshKeygen.require();
        String key = SshKeys.toOpenSsh(a);
        List<String> bare = List.of("*", "nms", "NMS.example.net", "*.example.net", "*.example.net,!bad.example.net",
                "!bad.example.net,*", "nms?", "n*s*", "*.lab,!*1.lab,nms1.lab", "10.0.0.?", "10.*.7,!10.0.*");
        List<String> hosts = List.of("nms", "nms.example.net", "bad.example.net", "example.net", "nms1", "nms12",
                "nms1.lab", "nms2.lab", "10.0.0.7", "10.1.0.7", "x");
        for (String patterns : bare) {
            Path known = file(patterns + " " + key + "\n");
            NmsHostKeys keys = NmsHostKeys.load(known);
            for (String host : hosts) {
                assertEquals(SshKeygen.findsHost(known, host), keys.pinsAnythingFor(host, 22), patterns + " for " + host);
            }
        }
        List<String> withPort = List.of("[nms]:4334", "[*.example.net]:4334,![bad.example.net]:*", "[nms?]:43?4",
                "[10.0.0.*]:*", "[nms]:830,[nms]:4334");
        for (String patterns : withPort) {
            Path known = file(patterns + " " + key + "\n");
            NmsHostKeys keys = NmsHostKeys.load(known);
            for (String host : hosts) {
                for (int port : new int[] {830, 4334, 4344}) {
                    assertEquals(SshKeygen.findsHost(known, "[" + host + "]:" + port), keys.pinsAnythingFor(host, port),
                            patterns + " for " + host + " port " + port);
                }
            }
        }
    }

    @Test
    void wildcardsAreOpenSshs() {
        assertTrue(NmsHostKeys.wildcardMatches("", "*"));
        assertTrue(NmsHostKeys.wildcardMatches("", ""));
        assertFalse(NmsHostKeys.wildcardMatches("a", ""));
        assertTrue(NmsHostKeys.wildcardMatches("abc", "a*c"));
        assertTrue(NmsHostKeys.wildcardMatches("abc", "a?c"));
        assertFalse(NmsHostKeys.wildcardMatches("ac", "a?c"));
        assertTrue(NmsHostKeys.wildcardMatches("ac", "a*c"));
        assertTrue(NmsHostKeys.wildcardMatches("axbxc", "*b*c"));
        assertFalse(NmsHostKeys.wildcardMatches("axbxcd", "*b*c"));
        assertTrue(NmsHostKeys.wildcardMatches("aaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*b"));
        assertFalse(NmsHostKeys.wildcardMatches("aaaaaaaaaaaaaaaaaaaaaaaa", "*a*a*a*a*a*b"));
        assertTrue(NmsHostKeys.wildcardMatches("[nms]:4334", "[n*]:43?4"));
    }

    /** A CA's line may name its hosts by pattern; the certificate must still name the host dialed itself. */
    @Test
    void aCaPinnedForAPatternStillNeedsACertificateNamingTheHostDialed() throws IOException {
        SignedKeys signed = new SignedKeys(dir);
        NmsHostKeys keys = NmsHostKeys.load(file("@cert-authority *.example.net,!bad.example.net "
                + signed.publicKeyText("ca") + "\n"));
        OpenSshCertificate named = signed.certificate(signed.hostCertificate("ca", "nms", "nms.example.net"));
        OpenSshCertificate wildcard = signed.certificate(signed.hostCertificate("ca", "nms", "*.example.net"));
        OpenSshCertificate bad = signed.certificate(signed.hostCertificate("ca", "nms", "bad.example.net"));

        assertTrue(verify(keys, "nms.example.net", 4334, named).isAccepted());
        assertRefused("host certificate 'nms-host-*.example.net' serial 0 names '*.example.net', but none of"
                + " 'nms.example.net' is among them (principal-mismatch)", verify(keys, "nms.example.net", 4334, wildcard));
        assertFalse(keys.pinsAnythingFor("bad.example.net", 4334));
        assertFalse(verify(keys, "bad.example.net", 4334, bad).isAccepted(), "no CA is pinned for the negated host");
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

    /** A hashed host name, as ssh-keygen -H writes one. */
    private static String hashedLine() {
        try {
            return hashed(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, "nms");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
