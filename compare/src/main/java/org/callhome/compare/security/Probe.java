package org.callhome.compare.security;

/**
 * One thing an attacker tried and what it was answered.
 *
 * @param what    e.g. "shell", "exec 'id'", "direct-tcpip to 127.0.0.1:8080"
 * @param allowed whether the peer let it happen
 * @param answer  what the peer said, quoted
 */
record Probe(String what, boolean allowed, String answer) {

    @Override
    public String toString() {
        return what + ": " + (allowed ? "ALLOWED" : "refused") + " (" + answer + ")";
    }
}
