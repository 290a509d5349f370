package org.callhome.shared.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.callhome.shared.text.PeerText;

/**
 * One PEM block of a file (RFC 7468): the label of its {@code -----BEGIN <label>-----} line, where
 * it starts, and its base64 body, decoded only when asked for, so that a file of the wrong kind (a
 * private key, a CRL) can be refused by its label before its body is read. Blocks are numbered from
 * 1 in file order and every error points at {@code <file>:<line>: block <n>: <what is wrong>}, the
 * line being the block's BEGIN line. Immutable.
 */
public final class PemBlock {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private final Path file;
    private final int number;
    private final int line;
    private final String label;
    private final String body;

    private PemBlock(Path file, int number, int line, String label, String body) {
        this.file = file;
        this.number = number;
        this.line = line;
        this.label = label;
        this.body = body;
    }

    /**
     * {@code der} as one PEM block labelled {@code label} (RFC 7468: base64 lines of 64 characters),
     * ending with a line break, so that blocks written one after another make a valid file.
     */
    public static String encode(String label, byte[] der) {
        return BEGIN + label + DASHES + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n" + END + label + DASHES + "\n";
    }

    /**
     * The PEM blocks of {@code text}, read from {@code file}, in order.
     *
     * @param textOutside whether other text may stand between blocks (comments, or the text
     *                    {@code openssl x509 -text} prints before a certificate); if not, a line
     *                    outside a block other than a blank line or a {@code #} comment is refused
     * @throws IOException for a BEGIN line without its END line (or with another label), an END
     *     line without a BEGIN line, a malformed BEGIN line, or text outside blocks where none may be
     */
    public static List<PemBlock> parse(Path file, String text, boolean textOutside) throws IOException {
        Objects.requireNonNull(file, "file");
        List<String> lines = text.lines().toList();
        List<PemBlock> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String stripped = lines.get(i).strip();
            int number = i + 1;
            if (stripped.startsWith(END)) {
                throw new IOException(file + ":" + number + ": " + PeerText.shown(stripped)
                        + " without a BEGIN line before it");
            }
            if (!stripped.startsWith(BEGIN)) {
                if (!textOutside && !stripped.isEmpty() && !stripped.startsWith("#")) {
                    throw new IOException(file + ":" + number + ": text outside a PEM block ("
                            + PeerText.shown(stripped) + "); this file holds PEM blocks only, with blank lines"
                            + " and # comments between them");
                }
                i++;
                continue;
            }
            if (!stripped.endsWith(DASHES) || stripped.length() <= BEGIN.length() + DASHES.length()) {
                throw new IOException(file + ":" + number + ": malformed PEM line " + PeerText.shown(stripped)
                        + "; it should read -----BEGIN <TYPE>-----");
            }
            String label = stripped.substring(BEGIN.length(), stripped.length() - DASHES.length());
            String end = END + label + DASHES;
            StringBuilder body = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().startsWith(END)) {
                body.append(lines.get(j).strip()).append('\n');
                j++;
            }
            String where = file + ":" + number + ": block " + (blocks.size() + 1) + ": ";
            if (j == lines.size()) {
                throw new IOException(where + PeerText.shown(stripped) + " has no " + PeerText.shown(end)
                        + " line after it; is the file cut short?");
            }
            if (!lines.get(j).strip().equals(end)) {
                throw new IOException(where + PeerText.shown(stripped) + " ends with " + PeerText.shown(
                        lines.get(j).strip()) + " at line " + (j + 1) + ", not " + PeerText.shown(end));
            }
            blocks.add(new PemBlock(file, blocks.size() + 1, number, label, body.toString()));
            i = j + 1;
        }
        return blocks;
    }

    /** Its number in the file, from 1. */
    public int number() {
        return number;
    }

    /** The line of its BEGIN line, from 1. */
    public int line() {
        return line;
    }

    /** What its BEGIN line says it is, such as {@code CERTIFICATE} or {@code X509 CRL}: the file's word, unchecked. */
    public String label() {
        return label;
    }

    /**
     * The bytes its body encodes: base64 (whitespace and line breaks ignored, nothing else).
     *
     * @throws IOException pointing at the block, for a body with header lines (an encrypted legacy
     *     key's {@code Proc-Type:}) or that is not valid base64
     */
    public byte[] bytes() throws IOException {
        if (body.contains(":")) {
            throw error("header lines (such as Proc-Type:) in the body; only plain PEM blocks are read");
        }
        String base64 = body.replaceAll("\\s+", "");
        if (base64.isEmpty()) {
            throw error("the body is empty");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw error("the body is not valid base64 (" + e.getMessage() + ")", e);
        }
    }

    /** An exception saying what is wrong with this block: {@code <file>:<line>: block <n>: <what>}. */
    public IOException error(String what) {
        return new IOException(where() + what);
    }

    /** The same, keeping the cause (a parser's exception). */
    public IOException error(String what, Throwable cause) {
        return new IOException(where() + what, cause);
    }

    private String where() {
        return file + ":" + line + ": block " + number + ": ";
    }

    @Override
    public String toString() {
        return where() + label;
    }
}
