package org.callhome.device.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temporary files of a bootstrap killed midway (the stored configuration, a conveyed file, the
 * IDevID's private key, each written beside its target and then moved over it) are removed at the
 * agent's next start, wherever in the data folder they are; nothing else is.
 */
class BootstrapStoreLeftoversTest {

    @TempDir
    Path dir;

    @Test
    void leftoversOfAKilledBootstrapAreRemovedAndNothingElse() throws Exception {
        Path data = dir.resolve("data");
        List<Path> leftovers = List.of(
                data.resolve("bootstrap/call-home.json" + BootstrapStore.TEMP_MARK + "123456789"),
                data.resolve("keys/idevid.key" + BootstrapStore.TEMP_MARK + "42"),
                data.resolve("a/b/c/d/conveyed.pem" + BootstrapStore.TEMP_MARK + "7"));
        List<Path> kept = List.of(data.resolve("bootstrap/call-home.json"), data.resolve("keys/idevid.key"),
                data.resolve("running.xml.tmp-17-99"), data.resolve("notes.new"),
                data.resolve("x" + BootstrapStore.TEMP_MARK), data.resolve("y" + BootstrapStore.TEMP_MARK + "7z"));
        for (Path file : leftovers) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "half written");
        }
        for (Path file : kept) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "kept");
        }

        Set<Path> removed = new HashSet<>(new BootstrapStore(data).removeLeftovers());

        assertEquals(new HashSet<>(leftovers), removed);
        for (Path file : leftovers) {
            assertFalse(Files.exists(file), file + " removed");
        }
        for (Path file : kept) {
            assertEquals("kept", Files.readString(file), file + " kept");
        }
        assertTrue(new BootstrapStore(dir.resolve("no-such-folder")).removeLeftovers().isEmpty());
    }
}
