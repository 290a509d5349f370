package org.callhome.device.reversessh.openssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Looks up local Unix users. Stock sshd can only log in a user the system knows (it switches to
 * that user's uid and runs the forced command with its login shell), so every account of
 * {@code --ssh-server openssh} must be one. Tests may pass a fake.
 */
@FunctionalInterface
interface UnixUsers {

    /** A passwd entry, as far as sshd cares. */
    record UnixUser(String name, Path home, String shell) {
    }

    /** Empty when there is no such user. */
    Optional<UnixUser> find(String name) throws IOException;

    /** Asks the system with {@code getent passwd NAME} (local files, LDAP, whatever NSS is set up for). */
    UnixUsers GETENT = UnixUsers::getent;

    private static Optional<UnixUser> getent(String name) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder("getent", "passwd", name).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run 'getent passwd " + name + "' to check that the Unix user exists: "
                    + e.getMessage(), e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int status;
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("'getent passwd " + name + "' did not answer within 10 s");
            }
            status = process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running 'getent passwd " + name + "'", e);
        }
        if (status == 2) {
            return Optional.empty();
        }
        String[] fields = output.split(":", -1);
        if (status != 0 || fields.length < 7) {
            throw new IOException("'getent passwd " + name + "' failed (status " + status + "): " + output);
        }
        return Optional.of(new UnixUser(fields[0], Path.of(fields[5]), fields[6]));
    }
}
