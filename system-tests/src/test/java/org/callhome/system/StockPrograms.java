package org.callhome.system;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.Assumptions;

/**
 * Stock programs the interop and browser tests run (OpenSSH's sshd, socat, Chromium). When one is missing the test
 * fails on CI (environment variable {@code CI=true}, where .ci/run installs them) and is skipped
 * elsewhere, saying what to install.
 */
final class StockPrograms {

    static final Path SSHD = Path.of("/usr/sbin/sshd");
    static final Path SOCAT = Path.of("/usr/bin/socat");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private StockPrograms() {
    }

    /** The sshd processes this JVM started, and the session processes each of them runs. */
    static List<ProcessHandle> sshdAndItsSessions() {
        List<ProcessHandle> sshd = ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").equals(SSHD.toString()))
                .toList();
        return Stream.concat(sshd.stream(), sshd.stream().flatMap(ProcessHandle::descendants)).toList();
    }

    /**
     * Waits until {@code processes} (from {@link #sshdAndItsSessions}) have ended: a session process
     * may still write into a device's data folder, which a test's folder may only be deleted after.
     */
    static void awaitEnded(List<ProcessHandle> processes) throws InterruptedException {
        Eventually.until(CallHomeLab.WAIT, () -> processes.stream().noneMatch(ProcessHandle::isAlive),
                () -> "sshd and its session processes to end; still running: " + describe(processes));
    }

    static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + p.info().command().orElse("?")
                + (p.isAlive() ? "" : " (ended)")).toList().toString();
    }

    /** Call first in a test that needs {@code program}, which Debian ships in {@code debianPackage}. */
    static void require(Path program, String debianPackage) {
        if (Files.isExecutable(program)) {
            return;
        }
        String message = program + " is not installed (Debian package " + debianPackage
                + "): this test runs it";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(message + "; skipped (apt-get install " + debianPackage + " to run it)");
    }
}
