package org.callhome.shared.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PeerTextTest {

    @Test
    void ordinaryTextComesOutAsItWentIn() {
        assertEquals("'dev-17'", PeerText.quote("dev-17"));
        assertEquals("dev-17", PeerText.shown("dev-17"));
        assertEquals("'appareil-é-ü-中'", PeerText.quote("appareil-é-ü-中"));
    }

    @Test
    void neutralisedTextIsWholeWithEveryBidirectionalAndControlCharacterEscaped() {
        String longText = "é".repeat(PeerText.MESSAGE_CHARS * 2);
        assertEquals(longText, PeerText.neutralised(longText), "not cut, ordinary text as it went in");
        assertEquals("a\\u202Eexe.txt\\u202C \\u2067b\\u2069 \\u200E\\u061C\\u0000\\u001B[0m\\u0085\\u2028 'q' \\",
                PeerText.neutralised("a\u202Eexe.txt\u202C \u2067b\u2069 \u200E\u061C\u0000\u001B[0m\u0085\u2028 'q' \\"));
        assertNull(PeerText.neutralised(null));
    }

    @Test
    void lineBreaksAndTabsAreEscapedByName() {
        assertEquals("'a\\nb\\r\\nc\\td'", PeerText.quote("a\nb\r\nc\td"));
    }

    @Test
    void noLineCanBeForged() {
        String forged = PeerText.shown("dev-1\n12:00:00.000 INFO  device dev-2 connected", PeerText.MESSAGE_CHARS);

        assertFalse(forged.contains("\n"), forged);
        assertEquals("dev-1\\n12:00:00.000 INFO  device dev-2 connected", forged);
    }

    @Test
    void otherControlCharactersAreEscapedAsCodeUnits() {
        assertEquals("'\\u0000\\u001B[31m\\u007F\\u0085'", PeerText.quote("\u0000\u001b[31m\u007f\u0085"));
    }

    @Test
    void formatCharactersSeparatorsAndLoneSurrogatesAreEscaped() {
        assertEquals("'\\u202Eevil\\u202C\\u200B\\u2028\\u2029'",
                PeerText.quote("\u202eevil\u202c\u200b\u2028\u2029"));
        assertEquals("'\\uD800x'", PeerText.quote("\ud800x"));
        assertEquals("'\\uDB40\\uDC01'", PeerText.quote(new String(Character.toChars(0xE0001))));
        assertEquals("'\uD83D\uDE00'", PeerText.quote("\uD83D\uDE00"), "a paired surrogate is a character");
    }

    @Test
    void quoteEscapesQuotesAndBackslashesShownLeavesThem() {
        assertEquals("'it\\'s a \\\\ b'", PeerText.quote("it's a \\ b"));
        assertEquals("it's a \\ b", PeerText.shown("it's a \\ b"));
    }

    @Test
    void cutsAfterTheBound() {
        String forty = "x".repeat(PeerText.NAME_CHARS);

        assertEquals("'" + forty + "'", PeerText.quote(forty));
        assertEquals("'" + forty + "...'", PeerText.quote(forty + "y"));
        assertEquals("abc...", PeerText.shown("abcd", 3));
        assertEquals("abc", PeerText.shown("abc", 3));
    }

    @Test
    void theBoundCountsTheEscapedFormAndNeverSplitsAnEscape() {
        assertEquals("ab...", PeerText.shown("ab\ncd", 3));
        assertEquals("ab\\n...", PeerText.shown("ab\ncd", 4));
        assertEquals("a...", PeerText.shown("a\u0001", 6));
        assertEquals("a\\u0001", PeerText.shown("a\u0001", 7));
    }

    @Test
    void nullIsShownAsNull() {
        assertEquals("'null'", PeerText.quote(null));
        assertEquals("null", PeerText.shown(null));
    }

    @Test
    void refusesABoundBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> PeerText.shown("x", 0));
    }
}
