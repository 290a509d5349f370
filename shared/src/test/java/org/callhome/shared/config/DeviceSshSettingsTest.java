package org.callhome.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceSshSettingsTest {

    @Test
    void readsAccountWithoutKeysFile() {
        assertEquals(new Account("monitor", Role.READ_ONLY, Optional.empty()), Account.parse("monitor:read-only"));
    }

    @Test
    void readsAccountWithKeysFileThatMayContainColons() {
        assertEquals(new Account("netops", Role.ADMIN, Optional.of(Path.of("/etc/ch/a:b.keys"))),
                Account.parse("netops:admin:/etc/ch/a:b.keys"));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "netops              | expected NAME:ROLE[:AUTHORIZED_KEYS_FILE]",
        "netops:root         | unknown role 'root': expected admin or read-only",
        "netops:ADMIN        | unknown role 'ADMIN'",
        ":admin              | account name must be non-empty",
        "net ops:admin       | without blanks",
        "netops:admin:       | empty authorized keys file",
    })
    void refusesMalformedAccountsWithTheReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Account.parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("account '" + text + "'"), e.getMessage());
    }

    @Test
    void rolesUseTheModuleNames() {
        assertEquals("admin", Role.ADMIN.wireName());
        assertEquals("read-only", Role.READ_ONLY.wireName());
        assertEquals(Role.READ_ONLY, Role.fromWireName("read-only"));
    }

    @Test
    void needsAtLeastOneAccount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeviceSshSettings(Path.of("/k"), List.of()));
        assertTrue(e.getMessage().contains("at least one account"), e.getMessage());
    }

    @Test
    void refusesTheSameAccountTwice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DeviceSshSettings(Path.of("/k"),
                        List.of(Account.parse("a:admin"), Account.parse("a:read-only"))));
        assertTrue(e.getMessage().contains("account 'a' appears more than once"), e.getMessage());
    }
}
