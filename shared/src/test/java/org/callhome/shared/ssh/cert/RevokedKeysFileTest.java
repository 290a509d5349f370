package org.callhome.shared.ssh.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.PublicKey;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A revocation list that follows its file, and keeps the last good list when the file goes bad. */
class RevokedKeysFileTest {

    private static final KeyPair FIRST = SshKeys.generateEd25519();
    private static final KeyPair SECOND = SshKeys.generateEd25519();

    @TempDir
    Path dir;

    @Test
    void readsTheFileAgainOnlyWhenItChanged() throws IOException {
        Path file = write(dir.resolve("revoked"), FIRST.getPublic(), 1);
        RevokedKeysFile revoked = RevokedKeysFile.open(file);
        RevokedKeys first = revoked.get();
        assertTrue(first.isRevoked(FIRST.getPublic()));

        assertFalse(revoked.reloadIfChanged());
        assertSame(first, revoked.get());

        write(file, SECOND.getPublic(), 2);
        assertTrue(revoked.reloadIfChanged());
        assertFalse(revoked.get().isRevoked(FIRST.getPublic()));
        assertTrue(revoked.get().isRevoked(SECOND.getPublic()));
        assertFalse(revoked.reloadIfChanged());
    }

    @Test
    void keepsTheListInForceWhenTheNewFileIsBadAndReportsItOnce() throws IOException {
        Path file = write(dir.resolve("revoked"), FIRST.getPublic(), 1);
        RevokedKeysFile revoked = RevokedKeysFile.open(file);

        Files.writeString(file, "SSHKRL\n\0\0\0");
        Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000));
        IOException e = assertThrows(IOException.class, revoked::reloadIfChanged);
        assertEquals(file + ": not a valid OpenSSH KRL: at byte 8: input ends where a uint32 was expected; the revocation"
                + " list read before stays in force", e.getMessage());
        assertTrue(revoked.get().isRevoked(FIRST.getPublic()));
        assertFalse(revoked.reloadIfChanged());

        write(file, SECOND.getPublic(), 3);
        assertTrue(revoked.reloadIfChanged());
        assertTrue(revoked.get().isRevoked(SECOND.getPublic()));
    }

    @Test
    void keepsTheListInForceWhenTheFileIsGone() throws IOException {
        Path file = write(dir.resolve("revoked"), FIRST.getPublic(), 1);
        RevokedKeysFile revoked = RevokedKeysFile.open(file);

        Files.delete(file);
        IOException e = assertThrows(IOException.class, revoked::reloadIfChanged);
        assertEquals(file + ": file does not exist; the revocation list read before stays in force", e.getMessage());
        assertTrue(revoked.get().isRevoked(FIRST.getPublic()));
        assertFalse(revoked.reloadIfChanged());
    }

    @Test
    void refusesToOpenAFileThatDoesNotLoad() throws IOException {
        Path missing = dir.resolve("missing");
        assertEquals(missing + ": file does not exist",
                assertThrows(IOException.class, () -> RevokedKeysFile.open(missing)).getMessage());
        Path bad = Files.writeString(dir.resolve("bad"), "serial: 5\n");
        assertThrows(IOException.class, () -> RevokedKeysFile.open(bad));
    }

    /** Writes a one-key list with modification time {@code second}, so each version differs however fast the test runs. */
    private static Path write(Path file, PublicKey key, long second) throws IOException {
        Files.writeString(file, SshKeys.toOpenSsh(key) + "\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(second * 1000));
        return file;
    }
}
