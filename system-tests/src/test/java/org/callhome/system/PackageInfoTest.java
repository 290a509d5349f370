package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of main code, in every module, says what it is for and what it may use: it has a
 * {@code package-info.java} whose javadoc comes before its package declaration, and the
 * declaration names the package its folder is. The module ArchitectureTests enforce what the
 * package-infos say a package may use.
 */
class PackageInfoTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern JAVADOC_THEN_PACKAGE =
            Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*package\\s+([\\w.]+)\\s*;", Pattern.DOTALL);

    @Test
    void everyMainPackageHasAPackageInfoWithJavadoc() throws IOException {
        List<Path> sourceRoots = mainSourceRoots();
        assertTrue(sourceRoots.size() >= 6, "main source folders found: " + sourceRoots);
        List<String> problems = new ArrayList<>();
        for (Path sourceRoot : sourceRoots) {
            for (Path folder : packageFolders(sourceRoot)) {
                String expected = sourceRoot.relativize(folder).toString().replace(folder.getFileSystem().getSeparator(),
                        ".");
                String problem = problem(folder.resolve("package-info.java"), expected);
                if (problem != null) {
                    problems.add(ROOT.relativize(folder) + ": " + problem);
                }
            }
        }
        assertEquals(List.of(), problems, "packages whose package-info.java is missing or says nothing");
    }

    /** Each module's {@code src/main/java}, for every module folder of the clone that has one. */
    private static List<Path> mainSourceRoots() throws IOException {
        try (Stream<Path> modules = Files.list(ROOT)) {
            return modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
        }
    }

    /** The folders under {@code sourceRoot} holding a Java source other than a package-info. */
    private static List<Path> packageFolders(Path sourceRoot) throws IOException {
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.getFileName().toString().equals("package-info.java"))
                    .map(Path::getParent).distinct().sorted().toList();
        }
    }

    /** What is wrong with the package-info of the package {@code expected}, or null. */
    private static String problem(Path packageInfo, String expected) throws IOException {
        if (!Files.isRegularFile(packageInfo)) {
            return "no package-info.java";
        }
        Matcher matcher = JAVADOC_THEN_PACKAGE.matcher(Files.readString(packageInfo));
        if (!matcher.find()) {
            return "package-info.java has no javadoc before its package declaration";
        }
        if (matcher.group(1).replace("*", "").isBlank()) {
            return "package-info.java has an empty javadoc";
        }
        if (!matcher.group(2).equals(expected)) {
            return "package-info.java declares package " + matcher.group(2) + ", not " + expected;
        }
        return null;
    }
}
