package org.callhome.shared.strategy;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.shared.strategy.SecurityFacts.UsernameSource;
import org.callhome.shared.text.WireNames;

/**
 * The device's side of a session's facts, carried in its NETCONF {@code <hello>} as one capability
 * with parameters (RFC 6241 §8.1 lets a capability URI carry them, as with-defaults does):
 *
 * <pre>
 * urn:callhome:params:netconf:capability:session-facts:1.0?username=netconf&amp;username-source=bind-account&amp;peer-verification=pinned-host-key
 * </pre>
 *
 * In device-ssh-client the NMS cannot know the account the device runs the session as (a local bind
 * account, never sent over SSH); the hello is the one message the device sends before anything is
 * asked, so this costs no round trip, and a client that does not know the capability ignores it as
 * it ignores any capability it does not use. Values are percent-encoded (UTF-8). What a peer sends
 * is a claim to show as such: {@link #find} keeps only a username of 1 to {@link #MAX_USERNAME}
 * printable characters and known wire names, and ignores any other parameter.
 */
public final class SessionFactsCapability {

    public static final String URI = "urn:callhome:params:netconf:capability:session-facts:1.0";
    /** Longest username kept from a peer's capability; a longer one makes the capability ignored. */
    public static final int MAX_USERNAME = 64;
    /** Longest parameter part read; a longer one makes the capability ignored. */
    static final int MAX_QUERY_CHARS = 512;

    /** What a device said of its session: the account it runs as, where that came from, how it checked the NMS. */
    public record Reported(String username, UsernameSource usernameSource, PeerVerification peerVerification) {
    }

    private SessionFactsCapability() {
    }

    /** The capability a device sends for a session with these facts (its own side's). */
    public static String of(SecurityFacts facts) {
        return URI + "?username=" + encode(facts.netconfUsername())
                + "&username-source=" + facts.usernameSource().wireName()
                + "&peer-verification=" + facts.peerVerification().wireName();
    }

    /**
     * The first well-formed session-facts capability among a peer's hello capabilities; the
     * username is required, a source or verification that is absent or unknown is null.
     */
    public static Optional<Reported> find(List<String> capabilities) {
        for (String capability : capabilities) {
            if (capability.startsWith(URI + "?")) {
                Optional<Reported> reported = parse(capability.substring(URI.length() + 1));
                if (reported.isPresent()) {
                    return reported;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Reported> parse(String query) {
        if (query.length() > MAX_QUERY_CHARS) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                return Optional.empty();
            }
            try {
                parameters.putIfAbsent(pair.substring(0, equals),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        String username = parameters.get("username");
        if (username == null || username.isEmpty() || username.length() > MAX_USERNAME
                || username.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            return Optional.empty();
        }
        UsernameSource source = WireNames.find(UsernameSource.class, parameters.get("username-source")).orElse(null);
        PeerVerification verification = WireNames.find(PeerVerification.class, parameters.get("peer-verification"))
                .orElse(null);
        return Optional.of(new Reported(username, source, verification));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
