package org.callhome.device.bootstrap;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.callhome.device.bootstrap.LeaseFileLexer.Kind;
import org.callhome.device.bootstrap.LeaseFileLexer.Token;

/**
 * The bytes of an option's value as dhclient writes it in a lease ({@code pretty_print_option}):
 * colon-separated hex bytes without leading zeros ({@code 0:16:68:74}) for an option it has no
 * name for, or one declared {@code string} whose bytes are not all printable; or a quoted string
 * for one declared {@code text}, or {@code string} with printable bytes. The byte count is
 * checked against {@link SztpRedirectOption#MAX_LIST_BYTES} before anything is allocated.
 */
final class LeaseOptionValue {

    private LeaseOptionValue() {
    }

    /**
     * @param token the option's one value token, a word or a quoted string
     * @throws LeaseFileException naming the file, line and option when a hex byte is malformed
     * @throws RedirectOptionTooLargeException when it holds more bytes than the list may
     */
    static byte[] bytes(Path file, String option, Token token) throws LeaseFileException,
            RedirectOptionTooLargeException {
        if (token.is(Kind.STRING)) {
            checkCount(token.text().length());
            return token.text().getBytes(StandardCharsets.ISO_8859_1);
        }
        String word = token.text();
        long count = word.chars().filter(c -> c == ':').count() + 1;
        checkCount(count);
        byte[] bytes = new byte[(int) count];
        int start = 0;
        for (int index = 0; index < count; index++) {
            int end = word.indexOf(':', start);
            String digits = word.substring(start, end < 0 ? word.length() : end);
            if (digits.isEmpty() || digits.length() > 2 || !digits.chars().allMatch(LeaseOptionValue::isHexDigit)) {
                throw LeaseFileException.at(file, token.line(), "option " + option + ": byte " + index + " '"
                        + LeaseFileLexer.printable(digits) + "' is not one or two hex digits");
            }
            bytes[index] = (byte) Integer.parseInt(digits, 16);
            start = end + 1;
        }
        return bytes;
    }

    private static boolean isHexDigit(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static void checkCount(long count) throws RedirectOptionTooLargeException {
        if (count > SztpRedirectOption.MAX_LIST_BYTES) {
            throw new RedirectOptionTooLargeException(SztpRedirectOption.MAX_LIST_BYTES, "bootstrap-server-list length ("
                    + count + " bytes) exceeds the allowed maximum (" + SztpRedirectOption.MAX_LIST_BYTES + ")");
        }
    }
}
