package org.callhome.shared.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accepted user keys, in OpenSSH authorized_keys format. */
class AuthorizedKeysTest {

    private static final String ED25519 = SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic());
    private static final String ED25519_OTHER = SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic());
    private static final String RSA = rsaLine();

    @TempDir
    Path dir;

    @Test
    void loadsKeysWithAndWithoutOptionsSkippingCommentsAndBlankLines() throws Exception {
        AuthorizedKeys keys = load("""
                # NMS operators
                %s alice@nms

                from="10.0.0.1,nms.example.net",no-pty,command="echo \\"hi there\\"" %s bob key
                restrict\t%s
                """.formatted(ED25519, RSA, ED25519_OTHER));

        assertEquals(List.of(ED25519, RSA, ED25519_OTHER), keys.keys().stream().map(SshKeys::toOpenSsh).toList());
        assertTrue(keys.contains(SshKeys.parsePublicKey(RSA)));
        assertFalse(keys.contains(SshKeys.generateEd25519().getPublic()));
        assertFalse(keys.contains(KeyPairGenerator.getInstance("DSA").generateKeyPair().getPublic()));
    }

    @Test
    void countsAKeyListedTwiceOnce() throws Exception {
        AuthorizedKeys keys = load(ED25519 + " first\nno-pty " + ED25519 + " second\n");
        assertEquals(1, keys.keys().size());
    }

    @Test
    void refusesBadLinesWithTheirLineNumber() {
        assertRefused("# c\n" + ED25519 + "\nssh-dss AAAAB3NzaC1kc3M=\n", 3, "unsupported public key type 'ssh-dss'");
        assertRefused("ssh-ed25519 !!!\n", 1, "ssh-ed25519 key data is not valid base64");
        assertRefused("no-pty\n", 1, "missing public key after the options");
        assertRefused("no-pty,from=\"10.0.0.1 " + ED25519 + "\n", 1, "unterminated quote in the options");
        assertRefused("no-pty  \t \n\n", 1, "missing public key after the options");
        assertRefused("\nfrom=\"x\" AAAAC3NzaC1lZDI1NTE5\n", 2, "unsupported public key type 'AAAAC3NzaC1lZDI1NTE5'");
        assertRefused("rsa-sha2-512 AAAAB3NzaC1yc2E=\n", 1, "unsupported public key type 'rsa-sha2-512'");
        assertRefused("ecdsa-sha2-nistp256 " + ED25519.split(" ")[1] + "\n",
                1, "key data holds a ssh-ed25519 key, but the line says ecdsa-sha2-nistp256");
    }

    @Test
    void keepsCertAuthorityLinesApartSoTheCaKeyNeverLogsInItself() throws Exception {
        AuthorizedKeys keys = load("""
                %s nms
                no-pty,cert-authority %s nms-ca
                CERT-AUTHORITY,principals="nms-ops, nms-backup" %s
                """.formatted(ED25519, ED25519_OTHER, RSA));

        assertEquals(List.of(ED25519), keys.keys().stream().map(SshKeys::toOpenSsh).toList());
        assertFalse(keys.contains(SshKeys.parsePublicKey(ED25519_OTHER)), "a CA key is no user key");
        List<AuthorizedKeys.CertAuthority> cas = keys.certAuthorities();
        assertEquals(List.of(ED25519_OTHER, RSA), cas.stream().map(ca -> SshKeys.toOpenSsh(ca.key())).toList());
        assertEquals(List.of(), cas.get(0).principals(), "no principals option: the login name decides");
        assertEquals(List.of("nms-ops", "nms-backup"), cas.get(1).principals());
        assertTrue(cas.get(1).where().endsWith(":3"), cas.get(1).where());
    }

    @Test
    void refusesPrincipalsWithoutCertAuthorityOrAQuotedListOfNames() {
        assertRefused("principals=\"nms\" " + ED25519 + "\n", 1,
                "option principals applies to cert-authority lines only");
        assertRefused("cert-authority,principals " + ED25519 + "\n", 1, "option principals needs a quoted list");
        assertRefused("cert-authority,principals=nms " + ED25519 + "\n", 1, "option principals needs a quoted list");
        assertRefused("cert-authority,principals=\"nms,,x\" " + ED25519 + "\n", 1,
                "option principals has an empty name");
    }

    /** sshd refuses a line with an option it does not know; here that is usually a known_hosts line. */
    @Test
    void refusesAWordThatIsNeitherAnOptionNorAKeyType() {
        assertRefused("dev-17 " + ED25519 + "\n", 1, "'dev-17' is neither a key type nor an authorized_keys option; "
                + "a line must be '[options] <key-type> <base64-key> [comment]', such as 'ssh-ed25519 AAAA... "
                + "nms@example'");
        assertRefused("no-pty,nopty " + ED25519 + "\n", 1,
                "'nopty' is neither a key type nor an authorized_keys option");
        assertRefused(ED25519.split(" ")[1] + " nms@example\n", 1, "'AAAA");
    }

    @Test
    void commasInsideQuotedOptionValuesDoNotSeparateOptions() throws Exception {
        AuthorizedKeys keys = load("from=\"10.0.0.1,dev-17\",NO-PTY,permitopen=\"a:1\" " + ED25519 + "\n");
        assertEquals(List.of(ED25519), keys.keys().stream().map(SshKeys::toOpenSsh).toList());
    }

    @Test
    void aPrivateKeyGivenAsAuthorizedKeysSaysWhatTheFileMustHold() throws Exception {
        Path key = dir.resolve("nms_key");
        SshKeys.writePrivateKey(SshKeys.generateEd25519(), key);
        assertRefused("# the NMS's key\n" + Files.readString(key), 2, "this is a private key, but this file lists "
                + "public keys, one a line: '[options] <key-type> <base64-key> [comment]', such as 'ssh-ed25519 "
                + "AAAA... nms@example'; 'ssh-keygen -y -f KEYFILE' prints the public key of a private key");
        assertRefused("---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----\n", 1,
                "this is a key in PEM or RFC 4716 form, but this file lists OpenSSH public keys");
    }

    @Test
    void refusesMissingFileNamingIt() {
        Path file = dir.resolve("absent");
        IOException e = assertThrows(IOException.class, () -> AuthorizedKeys.load(file));
        assertEquals(file + ": file does not exist", e.getMessage());
    }

    @Test
    void ofComparesKeysByBlob() {
        PublicKey key = SshKeys.parsePublicKey(ED25519);
        AuthorizedKeys keys = AuthorizedKeys.of(List.of(key, SshKeys.parsePublicKey(ED25519 + " same")));
        assertEquals(1, keys.keys().size());
        assertTrue(keys.contains(SshKeys.parsePublicKey(ED25519)));
    }

    private AuthorizedKeys load(String text) throws IOException {
        Path file = Files.createTempFile(dir, "authorized_keys", "");
        Files.writeString(file, text);
        return AuthorizedKeys.load(file);
    }

    private void assertRefused(String text, int line, String what) {
        Path file = dir.resolve("bad-" + System.nanoTime());
        IOException e = assertThrows(IOException.class, () -> {
            Files.writeString(file, text);
            AuthorizedKeys.load(file);
        });
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": " + what), () -> "message was: " + e.getMessage());
    }

    private static String rsaLine() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return SshKeys.toOpenSsh(generator.generateKeyPair().getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
