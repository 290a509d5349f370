package org.callhome.shared.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PEM blocks as files hold them, and the files that are not PEM enough to read. */
class PemBlockTest {

    private static final Path FILE = Path.of("ca.pem");

    @Test
    void readsBlocksInOrderWithTheirLabelsLinesAndBytes() throws IOException {
        List<PemBlock> blocks = PemBlock.parse(FILE, """
                # two blocks
                -----BEGIN CERTIFICATE-----
                AQID
                BA==
                -----END CERTIFICATE-----

                  -----BEGIN X509 CRL-----
                  BQY=
                  -----END X509 CRL-----
                """, false);

        assertEquals(2, blocks.size());
        assertEquals(List.of("CERTIFICATE", "X509 CRL"), blocks.stream().map(PemBlock::label).toList());
        assertEquals(List.of(1, 2), blocks.stream().map(PemBlock::number).toList());
        assertEquals(List.of(2, 7), blocks.stream().map(PemBlock::line).toList());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, blocks.get(0).bytes());
        assertArrayEquals(new byte[] {5, 6}, blocks.get(1).bytes());
        assertEquals("ca.pem:7: block 2: what is wrong", blocks.get(1).error("what is wrong").getMessage());
    }

    @Test
    void encodesBlocksThatReadBackInLinesOf64Characters() throws IOException {
        byte[] first = new byte[100];
        Arrays.fill(first, (byte) 7);
        String text = PemBlock.encode("CERTIFICATE", first) + PemBlock.encode("X509 CRL", new byte[] {1});

        List<PemBlock> blocks = PemBlock.parse(FILE, text, false);
        assertEquals(2, blocks.size());
        assertEquals("CERTIFICATE", blocks.get(0).label());
        assertArrayEquals(first, blocks.get(0).bytes());
        assertArrayEquals(new byte[] {1}, blocks.get(1).bytes());
        assertEquals(64, text.lines().skip(1).findFirst().orElseThrow().length());
    }

    @Test
    void takesTextBetweenBlocksOnlyWhereAsked() throws IOException {
        String text = "subject=CN=CA\n-----BEGIN CERTIFICATE-----\nAQ==\n-----END CERTIFICATE-----\n";

        assertEquals(1, PemBlock.parse(FILE, text, true).size());
        assertEquals("ca.pem:1: text outside a PEM block (subject=CN=CA); this file holds PEM blocks only, with blank"
                + " lines and # comments between them", refused(text, false));
    }

    @Test
    void refusesBlocksThatDoNotCloseOrOpen() {
        assertEquals("ca.pem:1: block 1: -----BEGIN CERTIFICATE----- has no -----END CERTIFICATE----- line after it;"
                + " is the file cut short?", refused("-----BEGIN CERTIFICATE-----\nAQ==\n", true));
        assertEquals("ca.pem:1: block 1: -----BEGIN CERTIFICATE----- ends with -----END X509 CRL----- at line 3, not"
                + " -----END CERTIFICATE-----", refused("-----BEGIN CERTIFICATE-----\nAQ==\n-----END X509 CRL-----\n",
                true));
        assertEquals("ca.pem:2: -----END CERTIFICATE----- without a BEGIN line before it",
                refused("\n-----END CERTIFICATE-----\n", true));
        assertEquals("ca.pem:1: malformed PEM line -----BEGIN CERTIFICATE; it should read -----BEGIN <TYPE>-----",
                refused("-----BEGIN CERTIFICATE\n", true));
    }

    @Test
    void refusesABodyThatIsNotPlainBase64WhenItIsRead() throws IOException {
        PemBlock encrypted = PemBlock.parse(FILE, """
                -----BEGIN RSA PRIVATE KEY-----
                Proc-Type: 4,ENCRYPTED
                AQ==
                -----END RSA PRIVATE KEY-----
                """, false).get(0);
        assertEquals("RSA PRIVATE KEY", encrypted.label());
        assertEquals("ca.pem:1: block 1: header lines (such as Proc-Type:) in the body; only plain PEM blocks are read",
                assertThrows(IOException.class, encrypted::bytes).getMessage());
        PemBlock broken = PemBlock.parse(FILE, "-----BEGIN CERTIFICATE-----\nA*==\n-----END CERTIFICATE-----\n", false)
                .get(0);
        assertEquals("ca.pem:1: block 1: the body is not valid base64 (Illegal base64 character 2a)",
                assertThrows(IOException.class, broken::bytes).getMessage());
        PemBlock empty = PemBlock.parse(FILE, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", false).get(0);
        assertEquals("ca.pem:1: block 1: the body is empty", assertThrows(IOException.class, empty::bytes).getMessage());
    }

    @Test
    void escapesWhatTheFileSaysInAnError() {
        assertEquals("ca.pem:1: -----END \\u001B[31m----- without a BEGIN line before it",
                refused("-----END \u001b[31m-----\n", true));
    }

    private static String refused(String text, boolean textOutside) {
        return assertThrows(IOException.class, () -> PemBlock.parse(FILE, text, textOutside)).getMessage();
    }
}
