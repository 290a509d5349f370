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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs ncclient (python3-ncclient); skipped where it is missing, a failure on CI (CI=true). */
class Rfc6242ClientTest {

    private static Optional<String> missing;

    @TempDir
    Path dir;

    @BeforeAll
    static void checkNcclient() throws Exception {
        missing = NcclientProcess.missing(Rfc6242Client.Settings.STANDARD.python());
        if (missing.isPresent() && "true".equals(System.getenv("CI"))) {
            fail(missing.get() + "; CI must install python3-ncclient");
        }
    }

    @BeforeEach
    void requireNcclient() {
        if (missing.isPresent()) {
            Assumptions.abort("skipped: " + missing.get());
        }
    }

    @Test
    void ncclientManagesAReverseSshDeviceWithItsHostKeyPinned() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Rfc6242Client(Rfc6242Client.Settings.STANDARD),
                CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.HOLDS, result.verdict(), shown(result));
        assertTrue(result.finding().contains("verified the device's host key"), shown(result));
        assertEquals("stock RFC 6242 client manages it", result.summary(), shown(result));
        assertTrue(evidence(result).contains("edge-6242"), shown(result));
    }

    @Test
    void ncclientCannotManageADeviceSshClientDevice() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Rfc6242Client(Rfc6242Client.Settings.STANDARD),
                CallHomeStrategy.DEVICE_SSH_CLIENT, dir);

        assertEquals(Verdict.FAILS, result.verdict(), shown(result));
        assertTrue(result.finding().contains("ncclient: ERROR"), shown(result));
        assertTrue(evidence(result).contains("dialer: failed"), shown(result));
        assertEquals("stock RFC 6242 client cannot manage it", result.summary(), shown(result));
    }

    @Test
    void tlsUnderX509IsNotRunForWantOfAStockTlsCallHomeClient() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Rfc6242Client(Rfc6242Client.Settings.STANDARD),
                CallHomeStrategy.TLS, TrustModel.X509, dir);

        assertEquals(Verdict.NOT_RUN, result.verdict(), shown(result));
        assertEquals("no stock TLS call-home client", result.summary(), shown(result));
        assertTrue(result.finding().startsWith("no stock NETCONF-over-TLS (RFC 7589) call-home client to run: "
                + "netopeer2-cli (CESNET)"), shown(result));
        assertTrue(result.finding().contains("its manager.call_home() hands the accepted connection to connect_ssh: "
                + "NETCONF over SSH only"), shown(result));
        assertTrue(result.finding().contains("yangcli (yuma123)"), shown(result));
        assertTrue(evidence(result).contains("ncclient under " + Rfc6242Client.Settings.STANDARD.python()
                + ": version "), shown(result));
    }

    @Test
    void tlsUnderPinnedKeysIsNotRunEither() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Rfc6242Client(Rfc6242Client.Settings.STANDARD),
                CallHomeStrategy.TLS, TrustModel.PINNED, dir);

        assertEquals(Verdict.NOT_RUN, result.verdict(), shown(result));
        assertEquals("no stock TLS call-home client", result.summary(), shown(result));
    }

    @Test
    void isNotRunWithoutNcclient() throws Exception {
        SecurityResult result = ScenarioRuns.run(new Rfc6242Client(new Rfc6242Client.Settings(
                dir.resolve("no-such-python"), true)), CallHomeStrategy.REVERSE_SSH, dir);

        assertEquals(Verdict.NOT_RUN, result.verdict(), shown(result));
        assertTrue(result.finding().contains("apt-get install python3-ncclient"), shown(result));
        assertEquals("ncclient cannot run here", result.summary(), shown(result));
    }
}
