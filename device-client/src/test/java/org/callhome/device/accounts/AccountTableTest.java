package org.callhome.device.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.AuthorizedKeyEntriesPublickeyAuthenticator;
import org.callhome.device.SignedKeys;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may log in as which account, with keys and with user certificates of CAs an account's
 * authorized_keys file trusts (sshd's {@code cert-authority} lines), each verdict with what proved
 * it or why not. Certificates are made by ssh-keygen.
 */
class AccountTableTest {

    @TempDir
    Path dir;

    private SignedKeys keys;

    @BeforeEach
    void setUp() {
        keys = new SignedKeys(dir);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private AccountTable table(String authorizedKeys) throws IOException {
        return AccountTable.load(List.of(new Account("nms", Role.ADMIN, Optional.of(file("nms.keys", authorizedKeys))),
                new Account("viewer", Role.READ_ONLY, Optional.empty())), RevocationWatch.NONE, Clock.systemUTC());
    }

    @Test
    void aListedKeyIsAPinnedUserKey() throws IOException {
        AccountTable table = table(keys.publicKeyText("nms") + "\n");
        String fingerprint = SshKeys.fingerprint(keys.publicKey("nms"));
        assertEquals(new NmsVerdict.Accepted(PeerVerification.PINNED_USER_KEY, fingerprint, "key " + fingerprint
                + " authorized for account 'nms'"), table.check("nms", keys.publicKey("nms")));
        assertEquals(new NmsVerdict.Refused("key " + fingerprint + " is not authorized for account 'viewer'"),
                table.check("viewer", keys.publicKey("nms")));
        assertEquals(new NmsVerdict.Refused("'root' is not an account of this device"),
                table.check("root", keys.publicKey("nms")));
    }

    @Test
    void aCertificateOfATrustedCaIsACertifiedUserKeyOfTheKeyItCertifies() throws IOException {
        AccountTable table = table("# the NMS's CA\ncert-authority,principals=\"nms-ops\" " + keys.publicKeyText("ca")
                + "\n");
        NmsVerdict.Accepted accepted = assertInstanceOf(NmsVerdict.Accepted.class, table.check("nms",
                keys.userLogin("ca", "nms", "nms-ops").certificate()));
        assertEquals(PeerVerification.OPENSSH_USER_CERTIFICATE, accepted.verification());
        assertEquals(SshKeys.fingerprint(keys.publicKey("nms")), accepted.keyFingerprint());
        assertTrue(accepted.detail().startsWith("'nms-ops' (user certificate 'nms-user-nms-ops' serial 0 of CA "
                + SshKeys.fingerprint(keys.publicKey("ca"))), accepted.detail());
        assertTrue(accepted.detail().endsWith(" trusted by " + dir.resolve("nms.keys") + ":2"), accepted.detail());
    }

    @Test
    void aCertificateForAnAccountThatTrustsNoCaIsRefusedSayingSo() throws IOException {
        AccountTable table = table(keys.publicKeyText("nms") + "\n");
        assertEquals(new NmsVerdict.Refused("a user certificate was offered, but the authorized_keys file of account"
                + " 'nms' names no CA (a cert-authority line)"),
                table.check("nms", keys.userLogin("ca", "nms", "nms").certificate()));
    }

    @Test
    void theLineOfTheCaThatSignedTellsWhyItsCertificateIsRefused() throws IOException {
        AccountTable table = table("cert-authority " + keys.publicKeyText("other-ca") + "\n"
                + "cert-authority,principals=\"nms-ops\" " + keys.publicKeyText("ca") + "\n");
        NmsVerdict verdict = table.check("nms", keys.userLogin("ca", "nms", "intruder").certificate());
        assertEquals(new NmsVerdict.Refused("user certificate 'nms-user-intruder' serial 0 names 'intruder', but none"
                + " of 'nms-ops' is among them (principal-mismatch)"), verdict);
    }

    @Test
    void aUserCertificateWithACriticalOptionIsRefusedAsItCannotBeEnforced() throws IOException {
        AccountTable table = table("cert-authority " + keys.publicKeyText("ca") + "\n");
        PublicKey forced = keys.certificate(keys.sign("ca", "nms", "forced", "-n", "nms", "-O",
                "force-command=/bin/true"));
        assertTrue(((NmsVerdict.Refused) table.check("nms", forced)).detail().endsWith(
                "(unsupported-critical-option)"));
    }

    /**
     * MINA 2.20's own {@link AuthorizedKeyEntriesPublickeyAuthenticator} reads {@code cert-authority}
     * and {@code principals} as we do (the device uses its own check, which also knows revocations
     * and refuses critical options MINA would let through).
     */
    @Test
    void minasAuthorizedKeysAuthenticatorAgreesOnCertAuthorityAndPrincipals() throws Exception {
        Path file = file("nms.keys", "cert-authority,principals=\"nms-ops,nms-backup\" " + keys.publicKeyText("ca")
                + "\ncert-authority " + keys.publicKeyText("ca2") + "\n");
        AccountTable table = AccountTable.load(List.of(new Account("nms", Role.ADMIN, Optional.of(file))),
                RevocationWatch.NONE, Clock.systemUTC());
        Collection<AuthorizedKeyEntry> entries = AuthorizedKeyEntry.readAuthorizedKeys(file);
        AuthorizedKeyEntriesPublickeyAuthenticator mina = new AuthorizedKeyEntriesPublickeyAuthenticator("nms", null,
                entries, PublicKeyEntryResolver.FAILING);

        List<PublicKey> cases = List.of(
                keys.userLogin("ca", "a", "nms-backup").certificate(),
                keys.userLogin("ca", "b", "intruder").certificate(),
                keys.userLogin("ca", "c", "nms").certificate(),
                keys.userLogin("ca2", "d", "nms").certificate(),
                keys.userLogin("ca2", "e", "nms-ops").certificate(),
                keys.userLogin("other-ca", "f", "nms-ops").certificate(),
                keys.publicKey("ca"));
        List<Boolean> expected = List.of(true, false, false, true, false, false, false);
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(expected.get(i), mina.authenticate("nms", cases.get(i), null), "MINA, case " + i);
            assertEquals(expected.get(i), table.accepts("nms", cases.get(i)), "ours, case " + i);
        }
        PublicKey forced = keys.certificate(keys.sign("ca2", "g", "forced", "-n", "nms", "-O",
                "force-command=/bin/true"));
        assertTrue(mina.authenticate("nms", forced, null), "MINA lets a force-command certificate in");
        assertFalse(table.accepts("nms", forced), "the device does not");
    }
}
