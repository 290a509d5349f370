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
    void keepsLineBreaksAndEmptyLinesOfTheText() {
        assertEquals(List.of("one", "", "two three"), TextWrap.lines("one\r\n\ntwo   three", 20));
    }

    @Test
    void hangsContinuationLinesUnderTheirPrefix() {
        assertEquals(List.of("- alpha beta", "  gamma"), TextWrap.hanging("alpha beta gamma", 12, "- ", "  "));
    }
}
