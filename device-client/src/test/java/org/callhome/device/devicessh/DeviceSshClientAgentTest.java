package org.callhome.device.devicessh;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.device.DeviceAgent;
import org.callhome.device.DeviceClientMain;
import org.callhome.device.SignedKeys;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.session.NetconfClientSession;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The device agent and command line in device-ssh-client mode. */
class DeviceSshClientAgentTest {

    @TempDir
    Path dir;

    @Test
    void agentCallsTheNmsWithAGeneratedLoginKeyAndServesNetconf() throws Exception {
        KeyPair nmsHostKey = SshKeys.generateEd25519();
        Path identityFile = dir.resolve("login_key");
        KeyPair identity = SshKeys.loadOrCreateHostKey(identityFile);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(identityFile)));
        Path pinned = Files.writeString(dir.resolve("nms.pub"), SshKeys.toOpenSsh(nmsHostKey.getPublic()) + " nms\n");
        try (FakeNms nms = new FakeNms(nmsHostKey, "dev-1", identity.getPublic(), "nc@example.net")) {
            DeviceSshSettings ssh = new DeviceSshSettings(dir.resolve("unused_host_key"),
                    List.of(new Account("netops", Role.ADMIN, Optional.empty())));
            DeviceAgent.Settings settings = DeviceAgent.Settings.deviceSshClient(dir.resolve("data"),
                    CallHomeSettings.defaults("nms", List.of(new Endpoint("nms", "127.0.0.1", nms.port()))), ssh,
                    Duration.ofSeconds(10), NetconfLimits.DEFAULT,
                    new DeviceAgent.ClientLogin("dev-1", identityFile, pinned, "nc@example.net", "netops"));
            try (DeviceAgent agent = DeviceAgent.start(settings, new DialerListener() { })) {
                assertEquals(SshKeys.fingerprint(identity.getPublic()), agent.hostKeyFingerprint());
                NetconfClientSession session = nms.nextSession();
                assertTrue(session.rpc("<get-config xmlns=\"" + BASE_NS + "\"><source><running/></source></get-config>",
                        Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS).data() != null);
            }
            assertTrue(Files.notExists(dir.resolve("unused_host_key")), "no host key is made in device-ssh-client");
        }
    }

    /** The agent wires the certificate files through: user certificate, @cert-authority pin, revocation list. */
    @Test
    void agentLogsInWithItsUserCertificateToAnNmsWithAHostCertificateOfThePinnedCa() throws Exception {
        SignedKeys keys = new SignedKeys(dir);
        Path pinned = Files.writeString(dir.resolve("known_hosts"), "@cert-authority localhost "
                + keys.publicKeyText("nms-ca") + "\n");
        Path revoked = Files.writeString(dir.resolve("revoked"), keys.publicKeyText("old-nms") + "\n");
        try (FakeNms nms = new FakeNms("localhost", keys.keyPair("nms"), keys.certificate(keys.hostCertificate(
                "nms-ca", "nms", "localhost")), "dev-1", keys.publicKey("login_key"), "nc@example.net")) {
            DeviceSshSettings ssh = new DeviceSshSettings(dir.resolve("unused_host_key"),
                    List.of(new Account("netops", Role.ADMIN, Optional.empty())));
            DeviceAgent.Settings settings = DeviceAgent.Settings.deviceSshClient(dir.resolve("data"),
                    CallHomeSettings.defaults("nms", List.of(new Endpoint("nms", "localhost", nms.port()))), ssh,
                    Duration.ofSeconds(10), NetconfLimits.DEFAULT,
                    new DeviceAgent.ClientLogin("dev-1", keys.key("login_key"), pinned, "nc@example.net", "netops")
                            .withIdentityCertificate(keys.userCertificate("device-ca", "login_key", "dev-1")))
                    .withRevokedKeys(revoked);
            try (DeviceAgent agent = DeviceAgent.start(settings, new DialerListener() { })) {
                nms.nextSession();
                assertTrue(nms.offered.stream().allMatch(key -> key instanceof OpenSshCertificate), "certificate only");
                Eventually.until(Duration.ofSeconds(30), () -> !agent.sessions().isEmpty(),
                        () -> "the device's NETCONF session");
                SecurityFacts facts = agent.sessions().values().iterator().next();
                assertEquals(PeerVerification.OPENSSH_HOST_CERTIFICATE, facts.peerVerification());
            }
        }
    }

    @Test
    void agentSettingsRefuseABindAccountThatIsNotAnAccount() {
        DeviceSshSettings ssh = new DeviceSshSettings(dir.resolve("k"),
                List.of(new Account("netops", Role.ADMIN, Optional.empty())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceAgent.Settings.deviceSshClient(dir, CallHomeSettings.defaults("nms",
                        List.of(Endpoint.parse("127.0.0.1:830"))), ssh, Duration.ofSeconds(10), NetconfLimits.DEFAULT,
                        new DeviceAgent.ClientLogin("dev-1", dir.resolve("id"), dir.resolve("nms.pub"),
                                DeviceSshClientDevice.DEFAULT_SUBSYSTEM, "root")));
        assertTrue(e.getMessage().contains("bind account 'root' is not one of the accounts [netops]"), e.getMessage());
    }

    @Test
    void commandLineNeedsTheNmsHostKeyAndTheBindAccount() {
        assertTrue(run("--mode", "device-ssh-client", "--nms", "127.0.0.1:830", "--account", "netops:admin",
                "--bind-account", "netops").contains("needs --nms-host-key FILE"));
        assertTrue(run("--mode", "device-ssh-client", "--nms", "127.0.0.1:830", "--account", "netops:admin",
                "--nms-host-key", "nms.pub").contains("needs --bind-account NAME"));
        assertTrue(run("--mode", "device-ssh-client", "--nms", "127.0.0.1:830", "--account", "netops:admin",
                "--nms-host-key", "nms.pub", "--bind-account", "root")
                .contains("bind account 'root' is not one of the accounts [netops]"));
        assertTrue(run("--mode", "device-ssh-client", "--nms", "127.0.0.1:830", "--account", "netops:admin",
                "--nms-host-key", "nms.pub", "--bind-account", "netops", "--subsystem", "netconf")
                .contains("subsystem 'netconf' is not a local SSH name"));
        assertTrue(run("--mode", "device-ssh-client", "--nms", "127.0.0.1:830", "--ssh-server", "openssh")
                .contains("--ssh-server does not apply to --mode device-ssh-client"));
        assertTrue(run("--mode", "reverse-ssh", "--nms", "127.0.0.1", "--bind-account", "netops")
                .contains("--bind-account does not apply to --mode reverse-ssh"));
        assertTrue(run("--mode", "telnet").contains("unknown strategy 'telnet': expected one of reverse-ssh,"
                + " device-ssh-client, tls"));
    }

    /** Runs the command line expecting a usage error (exit code 2); returns what it printed. */
    private static String run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine command = new CommandLine(new DeviceClientMain());
        command.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = command.execute(args);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, printed);
        return printed;
    }
}
