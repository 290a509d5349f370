package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code ARCHITECTURE.md} names code the way a reader would look it up: {@code File.java:method}
 * for a method, and {@code folder/} (from the repository root) for a module or a package. Each
 * such name must still be true, so the document cannot drift from the code it explains.
 */
class ArchitectureDocTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern METHOD_REF = Pattern.compile("`?([A-Z][A-Za-z0-9]*)\\.java:([a-z][A-Za-z0-9]*)`?");
    private static final Pattern FOLDER_REF = Pattern.compile("`([a-z][a-z0-9-]*/(?:[a-z0-9-]+/)*)`");
    private static final List<String> MODULES = List.of("shared", "device-client", "nms-server", "compare",
            "test-support", "benchmarks", "system-tests");

    @Test
    void everyFileMethodNamedIsARealMethodOfThatFile() throws IOException {
        String text = Files.readString(ROOT.resolve("ARCHITECTURE.md"));
        Matcher matcher = METHOD_REF.matcher(text);
        Set<String> refs = new LinkedHashSet<>();
        while (matcher.find()) {
            refs.add(matcher.group(1) + ".java:" + matcher.group(2));
        }
        assertTrue(refs.size() >= 20, "the data paths name at least 20 methods, found " + refs);
        List<String> wrong = new ArrayList<>();
        for (String ref : refs) {
            String file = ref.substring(0, ref.indexOf(':'));
            String method = ref.substring(ref.indexOf(':') + 1);
            List<Path> sources = sourcesNamed(file);
            if (sources.size() != 1) {
                wrong.add(ref + ": " + sources.size() + " main source files are named " + file);
                continue;
            }
            Pattern declaration = Pattern.compile("(?m)^\\s+(?:[\\w<>\\[\\],.? ]+\\s+)?" + method + "\\s*\\(");
            String source = Files.readString(sources.get(0));
            if (!declaration.matcher(source).find()) {
                wrong.add(ref + ": " + ROOT.relativize(sources.get(0)) + " declares no method " + method);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyFolderNamedExists() throws IOException {
        String text = Files.readString(ROOT.resolve("ARCHITECTURE.md"));
        Matcher matcher = FOLDER_REF.matcher(text);
        List<String> missing = new ArrayList<>();
        int count = 0;
        while (matcher.find()) {
            count++;
            String folder = matcher.group(1);
            if (!Files.isDirectory(ROOT.resolve(folder))) {
                missing.add(folder);
            }
        }
        assertTrue(count >= 5, "the module map names the folders, found " + count);
        assertEquals(List.of(), missing);
    }

    private static List<Path> sourcesNamed(String fileName) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String module : MODULES) {
            Path main = ROOT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(main)) {
                files.filter(path -> path.getFileName().toString().equals(fileName)).forEach(found::add);
            }
        }
        return found;
    }
}
