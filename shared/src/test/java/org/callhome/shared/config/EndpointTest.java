package org.callhome.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointTest {

    @Test
    void hostAloneGetsTheCallHomePort() {
        assertEquals(new Endpoint("nms.example.net:4334", "nms.example.net", 4334),
                Endpoint.parse("nms.example.net"));
    }

    @Test
    void readsHostAndPort() {
        Endpoint endpoint = Endpoint.parse("10.0.0.7:830");
        assertEquals("10.0.0.7", endpoint.host());
        assertEquals(830, endpoint.port());
        assertEquals("10.0.0.7:830", endpoint.name());
    }

    @Test
    void readsBracketedIpv6WithPortAndStoresItWithoutBrackets() {
        Endpoint endpoint = Endpoint.parse("[2001:db8::20]:4335");
        assertEquals("2001:db8::20", endpoint.host());
        assertEquals(4335, endpoint.port());
        assertEquals("[2001:db8::20]:4335", endpoint.hostPort());
    }

    @Test
    void bareIpv6GetsTheCallHomePort() {
        assertEquals(new Endpoint("[::1]:4334", "::1", 4334), Endpoint.parse("::1"));
        assertEquals(Endpoint.parse("[::1]"), Endpoint.parse("::1"));
    }

    @Test
    void hostPortReadsBackToTheSameEndpoint() {
        for (String text : new String[] {"a.example:1", "[fe80::1%eth0]:65535", "nms_7.lab:4334"}) {
            Endpoint endpoint = Endpoint.parse(text);
            assertEquals(endpoint, Endpoint.parse(endpoint.hostPort()));
        }
    }

    @Test
    void acceptsPortsAtBothLimits() {
        assertEquals(1, Endpoint.parse("nms:1").port());
        assertEquals(65535, Endpoint.parse("nms:65535").port());
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                | empty NMS address",
        "'   '             | empty NMS address",
        "[2001:db8::1:4334 | missing ']'",
        "[2001:db8::1]4334 | expected ':PORT' after ']'",
        "nms.example.net:  | port must be a number in 1..65535, got ''",
        "nms.example.net:x | port must be a number in 1..65535, got 'x'",
        "nms:0             | port must be in 1..65535, got 0",
        "nms:65536         | port must be in 1..65535, got 65536",
        "nms:123456        | port must be a number",
        ":4334             | missing host",
        "[]:4334           | missing host",
        "nms!.example:4334 | is not a DNS name, an IPv4 address or an IPv6 address",
        "-nms.example      | is not a DNS name",
    })
    void refusesMalformedAddressesWithTheReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void constructorChecksNameHostAndPort() {
        assertThrows(IllegalArgumentException.class, () -> new Endpoint(" ", "nms", 4334));
        assertThrows(IllegalArgumentException.class, () -> new Endpoint("a", "", 4334));
        assertThrows(IllegalArgumentException.class, () -> new Endpoint("a", "a".repeat(254), 4334));
        assertThrows(IllegalArgumentException.class, () -> new Endpoint("a", "nms", 0));
        assertThrows(IllegalArgumentException.class, () -> new Endpoint("a", "nms", 65536));
        assertEquals(65535, new Endpoint("a", "nms", 65535).port());
    }
}
