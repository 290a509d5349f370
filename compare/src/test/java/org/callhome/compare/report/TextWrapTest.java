package org.callhome.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Word wrapping that never drops a character. */
class TextWrapTest {

    @Test
    void keepsALineOfExactlyTheWidthWhole() {
        assertEquals(List.of("abc defgh"), TextWrap.lines("abc defgh", 9));
    }

    @Test
    void breaksALineOneCharacterOverTheWidthAtTheSpace() {
        assertEquals(List.of("abc", "defghi"), TextWrap.lines("abc defghi", 9));
    }

    @Test
    void splitsAWordLongerThanTheLineWithoutLosingCharacters() {
        assertEquals(List.of("to", "abcdefgh", "ijklmnop", "qr end"), TextWrap.lines("to abcdefghijklmnopqr end", 8));
    }

    @Test
    void splitsAWordLongerThanTheLineAfterItsLastHyphenWithinTheLine() {
        assertEquals(List.of("device-ssh-", "client /", "reverse-ssh"),
                TextWrap.lines("device-ssh-client / reverse-ssh", 11));
        assertEquals(List.of("device-", "ssh-", "client"), TextWrap.lines("device-ssh-client", 7));
        assertEquals(List.of("abcd", "efgh", "-ij"), TextWrap.lines("abcdefgh-ij", 4),
                "no hyphen within the line: split at the width");
    }

    @Test
    void theLongestPartIsTheNarrowestWidthThatSplitsOnlyAtHyphens() {
        assertEquals(8, TextWrap.longestPart("device-ssh-client / reverse-ssh"));
        assertEquals(List.of("device-", "ssh-", "client /", "reverse-", "ssh"),
                TextWrap.lines("device-ssh-client / reverse-ssh", 8));
        assertEquals(6, TextWrap.longestPart("-12345 abcd-"), "a hyphen at a word's edge splits nothing");
    }

    @Test
    void keepsLineBreaksAndEmptyLinesOfTheText() {
        assertEquals(List.of("one", "", "two three"), TextWrap.lines("one\r\n\ntwo   three", 20));
    }

    @Test
    void hangsContinuationLinesUnderTheirPrefix() {
        assertEquals(List.of("- alpha beta", "  gamma"), TextWrap.hanging("alpha beta gamma", 12, "- ", "  "));
    }
}
