package org.callhome.compare.security;

import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;

/**
 * One thing an attacker tried and what it was answered.
 *
 * @param what    e.g. "shell", "exec 'id'", "direct-tcpip to 127.0.0.1:8080"
 * @param allowed whether the peer let it happen
 * @param answer  what the peer said, quoted
 */
record Probe(String what, boolean allowed, String answer) {

    /**
     * A refused channel open as the peer answered it (SSH_MSG_CHANNEL_OPEN_FAILURE and its RFC 4254
     * §5.1 reason code), rather than the library's description of its own future; any other
     * failure by its message.
     */
    static String refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SshChannelOpenException refused) {
                return "SSH_MSG_CHANNEL_OPEN_FAILURE, reason "
                        + SshConstants.getOpenErrorCodeName(refused.getReasonCode());
            }
        }
        return DialerLog.message(failure);
    }

    @Override
    public String toString() {
        return what + ": " + (allowed ? "ALLOWED" : "refused") + " (" + answer + ")";
    }
}
