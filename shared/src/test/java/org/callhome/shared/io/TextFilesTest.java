package org.callhome.shared.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every program words what can be wrong with a file it is given the same way, starting with the file. */
class TextFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsUtf8TextWithoutAByteOrderMark() throws IOException {
        Path file = Files.write(dir.resolve("devices"), "\uFEFFdev-1 é\r\ndev-2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of("dev-1 é", "dev-2"), TextFiles.readLines(file, 64));
    }

    @Test
    void aFileAtTheLimitIsReadAndOneByteMoreIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "x".repeat(16));
        assertEquals("x".repeat(16), TextFiles.read(file, 16));
        Files.writeString(file, "x".repeat(17));
        assertEquals(file + ": file size (17 bytes) exceeds the allowed maximum (16 bytes); is it the right file?",
                refused(file, 16));
    }

    @Test
    void missingFoldersAndBinaryFilesAreNamed() throws IOException {
        Path missing = dir.resolve("nope.json");
        assertEquals(missing + ": file does not exist", refused(missing, 64));
        assertEquals(dir + ": is a folder, not a file", refused(dir, 64));
        Path binary = Files.write(dir.resolve("key.der"), new byte[] {0x30, (byte) 0x82, (byte) 0xff});
        assertEquals(binary + ": not UTF-8 text", refused(binary, 64));
    }

    @Test
    void readsBinaryBytesAtTheLimitAndRefusesOneByteMoreAsText() throws IOException {
        byte[] binary = {0x53, 0x00, (byte) 0xff, 0x0a};
        Path file = Files.write(dir.resolve("revoked.krl"), binary);
        assertArrayEquals(binary, TextFiles.readBytes(file, 4));
        IOException e = assertThrows(IOException.class, () -> TextFiles.readBytes(file, 3));
        assertEquals(file + ": file size (4 bytes) exceeds the allowed maximum (3 bytes); is it the right file?",
                e.getMessage());
        assertEquals(file + ": not UTF-8 text",
                assertThrows(IOException.class, () -> TextFiles.utf8(file, binary)).getMessage());
    }

    private static String refused(Path file, long maxBytes) {
        return assertThrows(IOException.class, () -> TextFiles.read(file, maxBytes)).getMessage();
    }
}
