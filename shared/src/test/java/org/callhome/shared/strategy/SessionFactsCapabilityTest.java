package org.callhome.shared.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.callhome.shared.strategy.SessionFactsCapability.Reported;
import org.junit.jupiter.api.Test;

class SessionFactsCapabilityTest {

    private static final String BASE = SessionFactsCapability.URI + "?";

    private static SecurityFacts deviceFacts(String username) {
        return new SecurityFacts(CallHomeStrategy.DEVICE_SSH_CLIENT, "127.0.0.1:8322", "SHA256:nms",
                PeerVerification.PINNED_HOST_KEY, "SHA256:device", username, UsernameSource.BIND_ACCOUNT,
                new NegotiatedAlgorithms("curve25519-sha256", "ssh-ed25519", "aes128-gcm@openssh.com",
                        "aes128-gcm@openssh.com", "aead", "aead"), "127.0.0.1:8322");
    }

    @Test
    void whatADeviceSendsReadsBackAmongOtherCapabilities() {
        String capability = SessionFactsCapability.of(deviceFacts("netconf"));
        assertEquals(BASE + "username=netconf&username-source=bind-account&peer-verification=pinned-host-key",
                capability);
        Optional<Reported> reported = SessionFactsCapability.find(List.of("urn:ietf:params:netconf:base:1.1",
                capability));
        assertEquals(Optional.of(new Reported("netconf", UsernameSource.BIND_ACCOUNT,
                PeerVerification.PINNED_HOST_KEY)), reported);
    }

    @Test
    void aUsernameWithReservedCharactersIsPercentEncodedAndDecoded() {
        String capability = SessionFactsCapability.of(deviceFacts("ops&x=y%é"));
        assertTrue(capability.contains("username=ops%26x%3Dy%25%C3%A9&"), capability);
        assertEquals("ops&x=y%é", SessionFactsCapability.find(List.of(capability)).orElseThrow().username());
    }

    @Test
    void keepsAUsernameAtTheLimitAndIgnoresOneCharacterPast() {
        String atLimit = "a".repeat(SessionFactsCapability.MAX_USERNAME);
        assertEquals(atLimit, SessionFactsCapability.find(List.of(BASE + "username=" + atLimit)).orElseThrow()
                .username());
        assertEquals(Optional.empty(), SessionFactsCapability.find(List.of(BASE + "username=" + atLimit + "a")));
    }

    @Test
    void ignoresMalformedCapabilitiesAndKeepsAWellFormedOneAfterThem() {
        List<String> malformed = List.of(
                SessionFactsCapability.URI,
                BASE,
                BASE + "username-source=bind-account",
                BASE + "username=",
                BASE + "username=a%zz",
                BASE + "username=two%20words",
                BASE + "username=bell%07",
                BASE + "=x&username=a",
                BASE + "username=" + "a".repeat(SessionFactsCapability.MAX_QUERY_CHARS),
                SessionFactsCapability.URI + "-other?username=a");
        for (String capability : malformed) {
            assertEquals(Optional.empty(), SessionFactsCapability.find(List.of(capability)), capability);
        }
        List<String> all = new java.util.ArrayList<>(malformed);
        all.add(BASE + "username=admin");
        assertEquals("admin", SessionFactsCapability.find(all).orElseThrow().username());
    }

    @Test
    void anUnknownSourceOrVerificationIsLeftOutNotGuessed() {
        Reported reported = SessionFactsCapability.find(List.of(BASE
                + "username=netconf&username-source=x509&peer-verification=ca-signed&future=1")).orElseThrow();
        assertEquals("netconf", reported.username());
        assertNull(reported.usernameSource());
        assertNull(reported.peerVerification());
    }
}
