package org.callhome.shared.ssh.x509.trust;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code openssl} command, run as a process in a folder: the CA tool operators make X.509
 * certificates and CRLs with, so what it makes is what our checks must read. When it is not
 * installed, tests that need it fail on CI (environment variable {@code CI=true}) and are skipped
 * elsewhere, as {@code SshKeygen}'s are. Public for other tests of X.509 identities.
 */
public final class OpenSsl {

    private static final long TIMEOUT_SECONDS = 60;

    private OpenSsl() {
    }

    /** Call first in every test that runs openssl. */
    public static void require() {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean installed = Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "openssl")));
        if (installed) {
            return;
        }
        String message = "openssl is not on the PATH: the X.509 interoperability tests need it";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(message + "; skipped (install openssl to run them)");
    }

    /** Runs {@code openssl args...} in {@code dir} and returns what it printed; throws with its output if it fails. */
    public static String run(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        // stdin closed: a prompt fails at once instead of waiting; output is a few lines, below any pipe buffer
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("openssl did not finish in " + TIMEOUT_SECONDS + " s: " + command);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + command, e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("openssl exited with " + process.exitValue() + ": " + command + "\n" + output);
        }
        return output;
    }
}
