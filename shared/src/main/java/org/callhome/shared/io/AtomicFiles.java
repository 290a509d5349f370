package org.callhome.shared.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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

    /**
     * Deletes the files of {@code dir} whose names {@code leftover} recognises as temporary files a
     * writer killed mid-write left behind (their suffix says so, see {@link #replace}); call it at
     * start, before anything writes there. Nothing is deleted if {@code dir} does not exist.
     *
     * @return the files deleted, for the caller to log
     */
    public static List<Path> removeLeftovers(Path dir, Predicate<String> leftover) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                entry -> leftover.test(entry.getFileName().toString()) && Files.isRegularFile(entry,
                        LinkOption.NOFOLLOW_LINKS))) {
            for (Path entry : entries) {
                if (Files.deleteIfExists(entry)) {
                    removed.add(entry);
                }
            }
        }
        return removed;
    }

    private static void syncFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // some file systems refuse to sync a folder; the rename itself is still atomic
        }
    }
}
