package org.callhome.shared.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.StartWith;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;

class WireNamesTest {

    @Test
    void findsAValueByItsWireNameOnly() {
        assertEquals(Optional.of(CallHomeStrategy.DEVICE_SSH_CLIENT),
                WireNames.find(CallHomeStrategy.class, "device-ssh-client"));
        assertEquals(Optional.empty(), WireNames.find(CallHomeStrategy.class, "DEVICE_SSH_CLIENT"));
        assertEquals(Optional.empty(), WireNames.find(CallHomeStrategy.class, " reverse-ssh"));
        assertEquals(Optional.empty(), WireNames.find(CallHomeStrategy.class, null));
    }

    @Test
    void namesTwoChoicesWithOr() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WireNames.lookup(Role.class, "root", "role"));

        assertEquals("unknown role 'root': expected admin or read-only", e.getMessage());
    }

    @Test
    void listsMoreChoicesInOrder() {
        assertEquals("unknown start-with 'first': expected one of first-listed, last-connected, random-selection",
                WireNames.unknown(StartWith.class, "first", "start-with"));
        assertEquals("unknown error-type 'fatal': expected one of transport, rpc, protocol, application",
                WireNames.unknown(ErrorType.class, "fatal", "error-type"));
    }

    @Test
    void showsTheUnknownNameEscapedAndCut() {
        assertEquals("unknown strategy 'dtls\\n" + "x".repeat(PeerText.NAME_CHARS - 6)
                        + "...': expected one of reverse-ssh, device-ssh-client, tls",
                WireNames.unknown(CallHomeStrategy.class, "dtls\n" + "x".repeat(100), "strategy"));
        assertEquals("unknown strategy 'null': expected one of reverse-ssh, device-ssh-client, tls",
                WireNames.unknown(CallHomeStrategy.class, null, "strategy"));
    }
}
