package org.callhome.shared.ssh;

import java.util.function.Predicate;

/**
 * What a trust file's lines hold, for options that take either OpenSSH lines or X.509 certificates
 * in PEM and tell them by content: whether it has PEM blocks, the first OpenSSH key line outside any
 * block (a file with both is of no one kind), and whether it is an OpenSSH private key (which the
 * OpenSSH reader then refuses as a private key given for a public one). What counts as a key line
 * differs by file (an authorized_keys line may start with options, a known_hosts line with
 * {@code @cert-authority}), so the caller says.
 *
 * @param firstKeyLine the 1-based line number of the first key line outside a PEM block, 0 for none
 */
public record PemOrKeyLines(boolean pem, int firstKeyLine, boolean opensshPrivateKey) {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String OPENSSH_PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----";

    /**
     * Reads {@code text} line by line; stops at an OpenSSH private key.
     *
     * @param isKeyLine whether a stripped line outside PEM blocks is an OpenSSH key line
     */
    public static PemOrKeyLines scan(String text, Predicate<String> isKeyLine) {
        boolean pem = false;
        boolean inBlock = false;
        int firstKeyLine = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith(OPENSSH_PRIVATE_KEY)) {
                return new PemOrKeyLines(pem, firstKeyLine, true);
            } else if (line.startsWith(BEGIN)) {
                pem = true;
                inBlock = true;
            } else if (line.startsWith(END)) {
                inBlock = false;
            } else if (!inBlock && firstKeyLine == 0 && isKeyLine.test(line)) {
                firstKeyLine = i + 1;
            }
        }
        return new PemOrKeyLines(pem, firstKeyLine, false);
    }

    /** PEM blocks and OpenSSH key lines in one file. */
    public boolean mixed() {
        return pem && firstKeyLine > 0;
    }
}
