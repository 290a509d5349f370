package org.callhome.device.reversessh.openssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * The stock OpenSSH server program: found, its privilege separation folder in place, a
 * configuration checked with {@code sshd -t}, and one {@code sshd -i} process started per
 * connection. Blocking calls; the caller's thread runs them.
 */
final class Sshd {

    /** Where Debian's openssh-server installs it. */
    static final Path DEBIAN_PATH = Path.of("/usr/sbin/sshd");
    /** The empty folder sshd chroots its pre-authentication child into when it runs as root. */
    static final Path PRIVILEGE_SEPARATION_DIR = Path.of("/run/sshd");

    private static final long CHECK_TIMEOUT_SECONDS = 30;

    private final Path executable;

    private Sshd(Path executable) {
        this.executable = executable;
    }

    /** @throws IOException naming the Debian package when the program is not there */
    static Sshd locate(Path executable) throws IOException {
        if (!Files.isExecutable(executable)) {
            throw new IOException("--ssh-server openssh needs OpenSSH's server at " + executable
                    + ", which is not there: install the Debian package openssh-server (apt-get install openssh-server)");
        }
        return new Sshd(executable);
    }

    /**
     * Creates {@code /run/sshd} (0755) when it is missing and we are root: only the service's start
     * script makes it, and a root sshd refuses to run without it. A non-root sshd does not chroot
     * and does not need it.
     */
    static void preparePrivilegeSeparationDir(boolean root) throws IOException {
        if (!root || Files.isDirectory(PRIVILEGE_SEPARATION_DIR)) {
            return;
        }
        try {
            Files.createDirectories(PRIVILEGE_SEPARATION_DIR);
            Files.setPosixFilePermissions(PRIVILEGE_SEPARATION_DIR, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new IOException("sshd running as root needs its privilege separation folder "
                    + PRIVILEGE_SEPARATION_DIR + ", which is missing and could not be created (" + e
                    + "): create it with 'install -d -m 0755 " + PRIVILEGE_SEPARATION_DIR + "'", e);
        }
    }

    /** Whether this process runs as root, which sshd needs to log in any user but itself. */
    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Runs {@code sshd -t -f FILE}; @throws IOException with sshd's own message when it refuses the file */
    void check(Path config) throws IOException {
        Process process = new ProcessBuilder(executable.toString(), "-t", "-f", config.toString())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(executable + " -t -f " + config + " did not finish within "
                        + CHECK_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking " + config + " with sshd -t", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("sshd refuses the generated configuration " + config + " ('" + executable
                    + " -t' exit status " + process.exitValue() + "): " + output);
        }
    }

    /** Starts {@code sshd -i -e -f FILE}: one SSH server session on the process's stdin/stdout, logs on stderr. */
    Process startInetd(Path config) throws IOException {
        return new ProcessBuilder(executable.toString(), "-i", "-e", "-f", config.toString()).start();
    }
}
