package org.callhome.shared.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.config.CallHomeYang;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs yanglint (Debian libyang2-tools) on a configuration file with the modules and features
 * of {@link CallHomeYang}. The modules come with the repository, so their absence is a failure;
 * without yanglint a test is skipped with the reason on the console, except in CI (CI=true),
 * where that is a failure too.
 */
public final class Yanglint {

    /** yanglint's exit code and output, the command line first. */
    public record Result(int exitCode, String output) {
    }

    private Yanglint() {
    }

    public static void requireAvailable() {
        Path standard = RepositoryFiles.ietfYang().resolve(CallHomeYang.STANDARD_MODULE_FILE);
        if (!Files.isRegularFile(standard)) {
            fail("the repository's IETF modules are missing: no " + standard);
        }
        require(onPath("yanglint"), "yanglint is not installed (Debian package libyang2-tools)");
    }

    public static void assertValid(Path file) throws IOException, InterruptedException {
        Result result = run(file);
        assertEquals(0, result.exitCode(), () -> "yanglint refused " + file + ":\n" + result.output());
    }

    public static Result run(Path file) throws IOException, InterruptedException {
        return run(CallHomeYang.yanglintCommand(RepositoryFiles.ietfYang(), RepositoryFiles.projectYang(), file));
    }

    /**
     * Asserts that yanglint accepts the file of {@code command}, a command line such as
     * {@link CallHomeYang#deviceSshClientCommand}.
     */
    public static void assertValid(List<String> command) throws IOException, InterruptedException {
        Result result = run(command);
        assertEquals(0, result.exitCode(), () -> "yanglint refused the file:\n" + result.output());
    }

    /** Runs a yanglint command line built by {@link CallHomeYang}. */
    public static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("yanglint did not finish within 60 s: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), String.join(" ", command) + "\n" + output);
    }

    private static void require(boolean present, String missing) {
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(missing + "; CI=true, so this fails instead of skipping");
        }
        if (!present) {
            System.err.println("SKIPPED: " + missing + "; skipping the yanglint validation");
        }
        Assumptions.assumeTrue(present, missing + "; skipping the yanglint validation");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
