package org.callhome.compare.security;

import org.callhome.shared.strategy.SecurityFacts;

/** {@link SecurityFacts} as one line of evidence. */
final class Facts {

    private Facts() {
    }

    /** E.g. "peer 127.0.0.1:4334 (pinned-user-key SHA256:...), NETCONF username 'nms' from ssh-userauth". */
    static String describe(SecurityFacts facts) {
        return "peer " + facts.peerIdentity() + " (" + facts.peerVerification().wireName() + " "
                + facts.peerKeyFingerprint() + "), NETCONF username '" + facts.netconfUsername() + "' from "
                + facts.usernameSource().wireName();
    }
}
