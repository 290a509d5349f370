package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md claims a protection only with the test that checks it: every test class it names
 * ({@code FooTest}) exists in the repository, and every method it names ({@code FooTest.method}, or
 * {@code method} after {@code FooTest} in the same table cell) is a method of that class.
 */
class SecurityDocTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern CLASS = Pattern.compile("([A-Z][A-Za-z0-9]*Test)(?:\\.([a-z][A-Za-z0-9]*))?");
    private static final Pattern METHOD = Pattern.compile("[a-z][A-Za-z0-9]*");

    @Test
    void everyTestItNamesExists() throws IOException {
        Map<String, String> sources = testSources();
        List<String> missing = new ArrayList<>();
        int named = 0;
        for (String line : Files.readAllLines(ROOT.resolve("SECURITY.md"))) {
            String[] cells = line.split("\\|");
            if (!line.startsWith("|") || cells.length < 3) {
                continue;
            }
            String testClass = null;
            Matcher code = CODE.matcher(cells[cells.length - 1].isBlank() ? cells[cells.length - 2]
                    : cells[cells.length - 1]);
            while (code.find()) {
                String text = code.group(1);
                Matcher reference = CLASS.matcher(text);
                if (reference.matches()) {
                    testClass = reference.group(1);
                    named++;
                    if (!sources.containsKey(testClass)) {
                        missing.add(text + ": no such test class");
                    } else if (reference.group(2) != null && !declares(sources.get(testClass), reference.group(2))) {
                        missing.add(text + ": no such test method");
                    }
                } else if (testClass != null && METHOD.matcher(text).matches() && sources.containsKey(testClass)
                        && !declares(sources.get(testClass), text)) {
                    missing.add(testClass + "." + text + ": no such test method");
                }
            }
        }
        assertTrue(named > 30, "SECURITY.md names " + named + " tests");
        assertEquals(List.of(), missing);
    }

    private static boolean declares(String source, String method) {
        return Pattern.compile("void " + method + "\\(").matcher(source).find();
    }

    /** Every {@code *Test.java} of the repository by class name, its sources joined (a name may repeat). */
    private static Map<String, String> testSources() throws IOException {
        Map<String, String> sources = new HashMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith("Test.java"))
                    .filter(path -> !path.toString().contains("/target/")).toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                sources.merge(name, Files.readString(file), String::concat);
            }
        }
        return sources;
    }
}
