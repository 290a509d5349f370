package org.callhome.device.reversessh.openssh;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that run OpenSSH's sshd call {@link #require()} first: on CI (environment variable
 * {@code CI=true}, where .ci/run installs openssh-server) a missing sshd fails them, elsewhere it
 * skips them.
 */
final class InstalledSshd {

    private InstalledSshd() {
    }

    static void require() {
        if (Files.isExecutable(Sshd.DEBIAN_PATH)) {
            return;
        }
        String message = Sshd.DEBIAN_PATH + " is not installed (Debian package openssh-server)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(message + "; skipped (apt-get install openssh-server to run it)");
    }
}
