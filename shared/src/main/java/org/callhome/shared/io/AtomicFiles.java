package org.callhome.shared.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replacing a file whole, atomically and durably: the bytes go to a temporary file beside it,
 * which is synced, renamed over the target and followed by a sync of the folder. A reader sees the
 * old file or the new one, never a mix, and a crash after the call returns loses nothing.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code bytes}.
     *
     * @param temporarySuffix appended to the target's name for the temporary file, which must not
     *                        exist; a caller that cleans leftovers up after a crash recognises them by it
     * @throws IOException if the file system cannot rename atomically (the target is then unchanged)
     */
    public static void replace(Path target, String temporarySuffix, byte[] bytes) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + temporarySuffix);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target.toAbsolutePath().getParent()
                    + " cannot replace files atomically", e);
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncFolder(target.toAbsolutePath().getParent());
    }

    private static void syncFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // some file systems refuse to sync a folder; the rename itself is still atomic
        }
    }
}
