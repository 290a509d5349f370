package org.callhome.shared.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files the configuration tests read from the repository: the example, the project's YANG
 * modules and the IETF modules it ships.
 */
public final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** The folder of the root pom (its own artifactId callhome-parent), found upwards from the working directory. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && read(pom).replaceAll("(?s)<parent>.*?</parent>", "")
                    .contains("<artifactId>callhome-parent</artifactId>")) {
                return dir;
            }
        }
        throw new IllegalStateException("no callhome-parent pom.xml above " + Path.of("").toAbsolutePath());
    }

    public static Path example() {
        return root().resolve("examples/device-call-home.json");
    }

    public static Path projectYang() {
        return root().resolve("yang");
    }

    /** {@code yang/ietf}: the IETF and IANA modules the project's modules import. */
    public static Path ietfYang() {
        return root().resolve("yang").resolve("ietf");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
