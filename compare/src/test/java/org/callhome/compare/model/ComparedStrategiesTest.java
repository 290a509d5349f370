package org.callhome.compare.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;

/** Which strategies a run may ask for: the compared ones, in the order named, each once; tls is refused. */
class ComparedStrategiesTest {

    @Test
    void takesTheComparedStrategiesInTheOrderNamedEachOnce() {
        assertEquals(List.of(CallHomeStrategy.DEVICE_SSH_CLIENT, CallHomeStrategy.REVERSE_SSH),
                ComparedStrategies.parse(List.of("device-ssh-client", " reverse-ssh", "device-ssh-client")));
    }

    @Test
    void comparesTlsAsTheThirdStrategy() {
        assertEquals(List.of(CallHomeStrategy.TLS, CallHomeStrategy.REVERSE_SSH),
                ComparedStrategies.parse(List.of("tls", "reverse-ssh")));
        assertEquals(List.of(CallHomeStrategy.REVERSE_SSH, CallHomeStrategy.DEVICE_SSH_CLIENT, CallHomeStrategy.TLS),
                ComparedStrategies.ALL);
    }

    @Test
    void refusesAnUnknownNameAndNone() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ComparedStrategies.parse(List.of("telnet")))
                .getMessage().contains("'telnet'"));
        assertEquals("name at least one", assertThrows(IllegalArgumentException.class,
                () -> ComparedStrategies.parse(List.of())).getMessage());
    }
}
