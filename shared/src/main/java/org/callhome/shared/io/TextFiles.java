package org.callhome.shared.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the small text files an operator hands to the programs (trust files, configuration, an API
 * token), so that every program words the same problem the same way. Each message starts with the
 * file's name: {@code <file>: file does not exist}, {@code <file>: file cannot be read (permission
 * denied)}, {@code <file>: is a folder, not a file}, {@code <file>: file size (N bytes) exceeds the
 * allowed maximum (M bytes)}, {@code <file>: not UTF-8 text}. The size is checked before the content is read; a UTF-8 byte
 * order mark, which editors on some systems add, is dropped.
 */
public final class TextFiles {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private TextFiles() {
    }

    /** The whole text of {@code file}, at most {@code maxBytes} long. */
    public static String read(Path file, long maxBytes) throws IOException {
        return utf8(file, readBytes(file, maxBytes));
    }

    /**
     * The bytes of {@code file}, at most {@code maxBytes} of them, for a file that may be binary or
     * text (an OpenSSH revocation list is either); errors worded as for {@link #read}.
     */
    public static byte[] readBytes(Path file, long maxBytes) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a folder, not a file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            tooLarge(file, Files.size(file), maxBytes);
            // bounded again while reading: the file may grow after its size was taken
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": file does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": file cannot be read (permission denied)", e);
        }
        tooLarge(file, bytes.length, maxBytes);
        return bytes;
    }

    /** {@code bytes}, read from {@code file}, as text: strict UTF-8, a leading byte order mark dropped. */
    public static String utf8(Path file, byte[] bytes) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text", e);
        }
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    private static void tooLarge(Path file, long size, long maxBytes) throws IOException {
        if (size > maxBytes) {
            throw new IOException(file + ": file size (" + size + " bytes) exceeds the allowed maximum ("
                    + maxBytes + " bytes); is it the right file?");
        }
    }

    /** The lines of {@code file}, without their line ends, as {@link #read} reads it. */
    public static List<String> readLines(Path file, long maxBytes) throws IOException {
        return read(file, maxBytes).lines().toList();
    }
}
