package org.callhome.compare.security;

import static org.callhome.compare.security.ScenarioRuns.evidence;
import static org.callhome.compare.security.ScenarioRuns.shown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Optional;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.compare.model.TrustModel;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.testsupport.ncclient.NcclientProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs ncclient (python3-ncclient) for the SSH strategies and libnetconf2's call-home client
 * (ln2-nms, built with gcc against libnetconf2-dev) for tls; a test whose peer is missing is
 * skipped, and fails on CI (CI=true), where .ci/run installs them.
 */
class Rfc6242ClientTest {

    private static Optional<String> ncclientMissing;
    private static Optional<String> libnetconf2Missing;

    @TempDir
    Path dir;

    @BeforeAll
    static void checkPeers() throws Exception {
        ncclientMissing = NcclientProcess.missing(Rfc6242Client.Settings.STANDARD.python());
        libnetconf2Missing = Ln2Nms.missing(Rfc6242Client.Settings.STANDARD.compiler());
    }

    @Test
    void ncclientManagesAReverseSshDeviceWithItsHostKeyPinned() throws Exception {
        require(ncclientMissing, "python3-ncclient");
        SecurityResult result = ScenarioRuns.run(new Rfc6242Client(Rfc6242Client.Settings.STANDARD),
                CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertTrue(result.finding().contains("verified the device's host key"), shown(result));
        assertEquals("stock RFC 6242 client manages it", result.summary(), shown(result));
        assertTrue(evidence(result).contains("edge-6242"), shown(result));
    }

    @Test
    void ncclientCannotManageADeviceSshClientDevice() throws Exception {
        require(ncclientMissing, "python3-ncclient");
        SecurityResult result = ScenarioRuns.run(new Rfc6242Client(Rfc6242Client.Settings.STANDARD),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(result.finding().contains("ncclient: ERROR"), shown(result));
        assertTrue(evidence(result).contains("dialer: failed"), shown(result));
        assertEquals("stock RFC 6242 client cannot manage it", result.summary(), shown(result));
    }

    @Test
    void libnetconf2ManagesATlsDeviceWhoseCertificateTheDeviceCaIssued() throws Exception {
        require(libnetconf2Missing, Ln2Nms.DEBIAN_PACKAGES);
        SecurityResult result = ScenarioRuns.run(new Rfc6242Client(Rfc6242Client.Settings.STANDARD),
                CallHomeStrategy.TLS, TrustModel.X509, dir);

        assertManagedOverTls(result);
        assertTrue(result.finding().contains("verified its certificate against the device CA's certificate"),
                shown(result));
        assertTrue(evidence(result).contains("(issued by the NMS CA, key SHA256:"), shown(result));
    }

    @Test
    void libnetconf2ManagesATlsDeviceWhoseOwnCertificateItPins() throws Exception {
        require(libnetconf2Missing, Ln2Nms.DEBIAN_PACKAGES);
        SecurityResult result = ScenarioRuns.run(new Rfc6242Client(Rfc6242Client.Settings.STANDARD),
                CallHomeStrategy.TLS, TrustModel.PINNED, dir);

        assertManagedOverTls(result);
        assertTrue(result.finding().contains("verified its certificate against dev-1's own self-signed certificate, "
                + "pinned"), shown(result));
        assertTrue(evidence(result).contains("(self-signed, which dev-1 pins, key SHA256:"), shown(result));
    }

    @Test
    void tlsIsNotRunWithoutTheCompilerSayingWhatToInstall() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Rfc6242Client(new Rfc6242Client.Settings(
                Rfc6242Client.Settings.STANDARD.python(), true, "no-such-gcc")),
                CallHomeStrategy.TLS, TrustModel.X509, dir);

        assertEquals(Verdict.NOT_RUN, result.verdict(), shown(result));
        assertEquals("libnetconf2's client cannot run here", result.summary(), shown(result));
        assertTrue(result.finding().contains("no-such-gcc is not installed"), shown(result));
        assertTrue(result.finding().contains("apt-get install gcc libc6-dev pkg-config libnetconf2-dev libssh-dev "
                + "libssl-dev"), shown(result));
    }

    @Test
    void isNotRunWithoutNcclient() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Rfc6242Client(new Rfc6242Client.Settings(
                dir.resolve("no-such-python"), true, Ln2Nms.GCC)), CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.NOT_RUN, result.verdict(), shown(result));
        assertTrue(result.finding().contains("apt-get install python3-ncclient"), shown(result));
        assertEquals("ncclient cannot run here", result.summary(), shown(result));
    }

    /** libnetconf2 got a NETCONF session on the device's call, as the account its certificate names, and the data. */
    private static void assertManagedOverTls(SecurityResult result) {
        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertEquals("stock RFC 7589 client manages it", result.summary(), shown(result));
        assertTrue(result.finding().matches("libnetconf2's call-home client \\(libnetconf2 [0-9.]+, libyang [0-9.]+, "
                + "in ln2-nms\\) accepted dev-1's call, .* was let in by its client certificate as 'nms' and read the "
                + "running configuration \\(NETCONF session \\d+, \\d+ characters of data\\)"), shown(result));
        assertTrue(evidence(result).contains("ln2-nms exited 0; printed 'connected 127.0.0.1 "), shown(result));
        assertTrue(evidence(result).contains("<hostname>edge-6242</hostname>"), shown(result));
        assertTrue(evidence(result).contains("dev-1's hello: the session runs as 'nms' (cert-to-name, "),
                shown(result));
    }

    /** Skips the test where its peer is missing, or fails it on CI, where every peer is installed. */
    private static void require(Optional<String> missing, String debianPackages) {
        if (missing.isEmpty()) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(missing.get() + "; CI must install " + debianPackages);
        }
        Assumptions.abort("skipped: " + missing.get());
    }
}
