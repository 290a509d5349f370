package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.testsupport.ncclient.NcclientProcess;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our reverse-ssh device (MINA) calling ncclient's {@code manager.call_home}, the NETCONF client
 * most operators script with: ncclient (paramiko 2.12) must agree on algorithms with our
 * {@link SshPolicy}, accept the device only with the pinned host key, log in with a key, and
 * round-trip edit-config and get-config. The NMS side is {@code interop/ncclient_call_home.py}.
 */
class NcclientCallHomeInteropTest {

    private static final Logger LOG = LoggerFactory.getLogger(NcclientCallHomeInteropTest.class);
    private static final Duration WAIT = CallHomeLab.WAIT;
    private static final String DEVICE = "dev-1";
    private static final String USERNAME = "ncclient";
    private static final String NAMESPACE = "urn:example:callhome:interop";
    private static final String HOSTNAME = "edge-ncclient-7";

    @TempDir
    Path dir;

    private CallHomeLab lab;
    private NcclientProcess ncclient;
    private final CopyOnWriteArrayList<String> dialerEvents = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Throwable> dialerFailures = new CopyOnWriteArrayList<>();

    /** Why ncclient cannot run here, if so; checked once for the class. */
    private static Optional<String> ncclientMissing;

    @BeforeAll
    static void checkNcclient() throws Exception {
        ncclientMissing = NcclientProcess.missing(NcclientProcess.DEBIAN_PYTHON);
        if (ncclientMissing.isPresent() && "true".equals(System.getenv("CI"))) {
            fail(ncclientMissing.get() + "; CI must install python3-ncclient");
        }
    }

    @BeforeEach
    void setUp() {
        // in @BeforeEach rather than @BeforeAll so that each test is reported skipped, with the reason
        Assumptions.assumeTrue(ncclientMissing.isEmpty(), () -> "skipped: " + ncclientMissing.get());
        lab = new CallHomeLab(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (ncclient != null) {
                ncclient.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @Test
    void editConfigAndGetConfigRoundTripWhenTheDeviceShowsThePinnedHostKey() throws Exception {
        int exit = callHome(lab.hostKey(DEVICE).getPublic());

        assertEquals(0, exit, ncclient.stderr());
        List<String> stdout = ncclient.stdoutLines();
        assertEquals(1, stdout.size(), "one JSON line expected on stdout: " + stdout + "; stderr: " + ncclient.stderr());
        JsonObject result = new JsonObject(stdout.get(0));
        assertTrue(result.getBoolean("edit_ok"), result.encodePrettily());
        String data = result.getString("get_config");
        assertTrue(data.contains(NAMESPACE) && data.contains("<hostname>" + HOSTNAME + "</hostname>"), data);
        assertTrue(Long.parseLong(result.getValue("session_id").toString()) > 0, result.encode());
        assertTrue(result.getJsonArray("server_capabilities").contains("urn:ietf:params:netconf:base:1.1"),
                result.encode());
        assertNegotiatedWithinPolicy(result.getJsonObject("negotiated"));
        String running = Files.readString(dir.resolve(DEVICE + "-data").resolve("running.xml"));
        assertTrue(running.contains(NAMESPACE) && running.contains("<hostname>" + HOSTNAME + "</hostname>"), running);
        assertTrue(dialerEvents.contains("connected"), dialerEvents.toString());
    }

    @Test
    void fetchesModulesWithGetSchemaAndReadsTheirListFromNetconfState() throws Exception {
        // the modules given with --yang are not on this branch's device yet: two shipped ones
        Map<String, Path> files = Map.of("ietf-netconf-monitoring",
                RepositoryFiles.ietfYang().resolve("ietf-netconf-monitoring@2010-10-04.yang"),
                "callhome-device-ssh", RepositoryFiles.projectYang().resolve("callhome-device-ssh@2026-12-05.yang"));

        int exit = callHome(lab.hostKey(DEVICE).getPublic(), List.of("--get-schema", "ietf-netconf-monitoring",
                "--get-schema", "callhome-device-ssh"));

        assertEquals(0, exit, ncclient.stderr());
        JsonObject result = new JsonObject(ncclient.stdoutLines().get(0));
        JsonObject schemas = result.getJsonObject("schemas");
        for (Map.Entry<String, Path> file : files.entrySet()) {
            assertEquals(Files.readString(file.getValue()), schemas.getString(file.getKey()), file.getKey());
        }
        String state = result.getString("netconf_state_schemas");
        assertTrue(state.contains("<identifier>ietf-netconf-monitoring</identifier>")
                && state.contains("<identifier>callhome-device-ssh</identifier>")
                && state.contains("<location>NETCONF</location>"), state);
        assertTrue(result.getJsonArray("server_capabilities").contains("urn:ietf:params:xml:ns:yang:"
                + "ietf-netconf-monitoring?module=ietf-netconf-monitoring&revision=2010-10-04"), result.encode());
    }

    @Test
    void readsRunningWithEveryWithDefaultsModeTheHelloOffers() throws Exception {
        int exit = callHome(lab.hostKey(DEVICE).getPublic(), List.of("--with-defaults", "explicit",
                "--with-defaults", "report-all-tagged", "--with-defaults", "trim"));

        assertEquals(0, exit, ncclient.stderr());
        JsonObject modes = new JsonObject(ncclient.stdoutLines().get(0)).getJsonObject("with_defaults");
        String tagged = modes.getString("report-all-tagged");
        // the device's call-home settings in running have leaves left at their defaults
        assertTrue(tagged.contains("urn:ietf:params:xml:ns:netconf:default:1.0") && tagged.contains(":default=\"true\""),
                tagged);
        assertFalse(modes.getString("explicit").contains("urn:ietf:params:xml:ns:netconf:default:1.0"),
                modes.getString("explicit"));
        assertTrue(tagged.length() > modes.getString("explicit").length(), modes.encodePrettily());
        assertTrue(modes.getString("trim").contains("<hostname>" + HOSTNAME + "</hostname>"), modes.getString("trim"));
    }

    @Test
    void refusesTheDeviceWhenPinnedToAnotherHostKeyOfTheSameType() throws Exception {
        int exit = callHome(SshKeys.generateEd25519().getPublic());

        assertEquals(3, exit, ncclient.stderr());
        assertTrue(ncclient.stderr().contains("ERROR host-key-refused: Unknown host key"), ncclient.stderr());
        assertNothingReachedTheDevice();
    }

    @Test
    void refusesTheDeviceWhenPinnedToAKeyTypeItDoesNotHave() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));

        int exit = callHome(ec.generateKeyPair().getPublic());

        assertEquals(1, exit, ncclient.stderr());
        assertTrue(ncclient.stderr().contains("no acceptable host key"), ncclient.stderr());
        assertNothingReachedTheDevice();
    }

    /**
     * Starts ncclient pinned to {@code pinned}, then, once it listens, our device calling it; returns
     * the script's exit code. The device's account {@value #USERNAME} trusts the script's key.
     */
    private int callHome(PublicKey pinned) throws Exception {
        return callHome(pinned, List.of());
    }

    /** As {@link #callHome(PublicKey)}, with more arguments for the script. */
    private int callHome(PublicKey pinned, List<String> more) throws Exception {
        KeyPair nmsKey = SshKeys.generateEd25519();
        Path nmsKeyFile = dir.resolve("ncclient_id_ed25519");
        SshKeys.writePrivateKey(nmsKey, nmsKeyFile);
        String pinnedBase64 = SshKeys.toOpenSsh(pinned).split(" ")[1];
        List<String> arguments = new ArrayList<>(List.of("--port", "0", "--username", USERNAME, "--key-file",
                nmsKeyFile.toString(), "--hostkey-b64", pinnedBase64, "--namespace", NAMESPACE, "--hostname", HOSTNAME,
                "--timeout", "20"));
        arguments.addAll(more);
        ncclient = NcclientProcess.start(NcclientProcess.DEBIAN_PYTHON, script(), arguments);
        int port = ncclient.awaitListening(WAIT).orElseGet(() -> fail("ncclient did not listen within "
                + WAIT.toSeconds() + " s; stdout: " + ncclient.stdoutLines() + "; alive: " + ncclient.isAlive()
                + "; stderr:\n" + ncclient.stderr()));
        lab.startDevice(DEVICE, lab.deviceSsh(DEVICE, USERNAME, Role.ADMIN, nmsKey.getPublic()),
                CallHomeLab.callHome(port), new DialerListener() {
                    @Override
                    public void connected(Endpoint endpoint) {
                        dialerEvents.add("connected");
                    }

                    @Override
                    public void failed(Endpoint endpoint, Throwable why) {
                        dialerEvents.add("failed");
                        dialerFailures.add(why);
                    }
                });
        return ncclient.awaitExit(WAIT).orElseGet(() -> fail("ncclient did not exit within " + WAIT.toSeconds()
                + " s; stderr:\n" + ncclient.stderr()));
    }

    private static Path script() {
        try {
            return Path.of(NcclientCallHomeInteropTest.class.getResource("/interop/ncclient_call_home.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The device's dialer saw a failed attempt, ended before login, and no edit reached running. */
    private void assertNothingReachedTheDevice() throws Exception {
        Eventually.until(WAIT, () -> !dialerFailures.isEmpty(),
                () -> "a failed attempt reported by the device's dialer; it reported " + dialerEvents);
        String why = dialerFailures.get(0).getMessage();
        assertTrue(why.contains("before authenticating"), why);
        assertFalse(dialerEvents.contains("connected"), dialerEvents.toString());
        Path running = dir.resolve(DEVICE + "-data").resolve("running.xml");
        assertTrue(Files.notExists(running) || !Files.readString(running).contains(HOSTNAME),
                "an edit reached the device");
    }

    /** What paramiko agreed on is what {@link SshPolicy} allows, so neither side fell back to a weaker list. */
    private static void assertNegotiatedWithinPolicy(JsonObject negotiated) {
        LOG.info("ncclient (paramiko) negotiated with the device: {}", negotiated.encode());
        assertTrue(SshPolicy.KEY_EXCHANGES.contains(negotiated.getString("kex")), negotiated.encode());
        assertEquals("ssh-ed25519", negotiated.getString("host_key"), negotiated.encode());
        for (String direction : List.of("out", "in")) {
            assertTrue(SshPolicy.CIPHERS.contains(negotiated.getString("cipher_" + direction)), negotiated.encode());
            assertTrue(SshPolicy.MACS.contains(negotiated.getString("mac_" + direction)), negotiated.encode());
        }
    }
}
