package org.callhome.device.reversessh.openssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.device.SignedKeys;
import org.callhome.device.reversessh.ReverseSshNms;
import org.callhome.device.reversessh.ReverseSshStrategy;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SshKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates with {@code --ssh-server openssh}: stock {@code sshd -i} on the dialed connection
 * presents the device's host certificate, reads the account's {@code cert-authority} lines from
 * the same authorized_keys file as the built-in server, and refuses what the revocation list
 * names. The NMS is a real MINA client that logs in and opens nothing, so no session process
 * starts. The account is the Unix user running the tests, as sshd logs in real users only.
 */
class OpenSshCertificateTest {

    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    private SignedKeys keys;
    private OpenSshDevice device;
    private ReverseSshNms nms;

    @BeforeEach
    void setUp() {
        InstalledSshd.require();
        keys = new SignedKeys(dir);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (nms != null) {
            nms.close();
        }
        if (device != null) {
            device.close();
        }
    }

    private void start(Optional<Path> hostCertificate, String authorizedKeys, Optional<Path> revoked)
            throws IOException {
        Path file = Files.writeString(dir.resolve("nms.authorized_keys"), authorizedKeys);
        Path hostKey = keys.key("device");
        if (hostCertificate.isPresent()) {
            ReverseSshStrategy.hostCertificate(hostCertificate.get(), hostKey, true);
        }
        DeviceSshSettings ssh = new DeviceSshSettings(hostKey, List.of(new Account(USER, Role.ADMIN,
                Optional.of(file))), hostCertificate, revoked);
        device = OpenSshDevice.start(new OpenSshDevice.Settings(dir.resolve("data"), ssh, Duration.ofSeconds(10),
                Keepalives.DEFAULT, NetconfLimits.DEFAULT_MAX_MESSAGE_BYTES));
    }

    private ReverseSshNms.Login call(KeyPair identity) throws Exception {
        if (nms != null) {
            nms.close();
        }
        nms = new ReverseSshNms(USER, identity);
        device.connect(nms.endpoint(), Duration.ofSeconds(30));
        return nms.nextLogin();
    }

    @Test
    void sshdPresentsTheHostCertificate() throws Exception {
        Path certificate = keys.hostCertificate("device-ca", "device", "dev-1");
        start(Optional.of(certificate), keys.publicKeyText("nms") + "\n", Optional.empty());
        assertTrue(Files.readString(device.configFile()).contains("\nHostCertificate " + certificate + "\n"));

        ReverseSshNms.Login login = call(keys.keyPair("nms"));

        OpenSshCertificate presented = assertInstanceOf(OpenSshCertificate.class, login.hostKey());
        assertEquals(List.of("dev-1"), List.copyOf(presented.getPrincipals()));
        assertEquals(SshKeys.fingerprint(keys.publicKey("device")), SshKeys.fingerprint(presented.getCertPubKey()));
        assertTrue(login.accepted());
    }

    @Test
    void sshdLetsInAUserCertificateOfTheAccountsCaNamingAListedPrincipal() throws Exception {
        start(Optional.empty(), "cert-authority,principals=\"nms-ops\" " + keys.publicKeyText("nms-ca") + "\n",
                Optional.empty());

        assertTrue(call(keys.userLogin("nms-ca", "nms", "nms-ops").certificateKeyPair()).accepted());
        assertFalse(call(keys.userLogin("nms-ca", "nms", "intruder").certificateKeyPair()).accepted(),
                "another principal");
        assertFalse(call(keys.userLogin("other-ca", "nms", "nms-ops").certificateKeyPair()).accepted(),
                "another CA");
    }

    @Test
    void sshdRefusesWhatTheRevocationListNames() throws Exception {
        Path krl = keys.krl("krl", "nms-ca", "serial: 9\n");
        start(Optional.empty(), keys.publicKeyText("nms") + "\ncert-authority " + keys.publicKeyText("nms-ca") + "\n",
                Optional.of(krl));
        assertTrue(Files.readString(device.configFile()).contains("\nRevokedKeys " + krl + "\n"));

        assertTrue(call(keys.keyPair("nms")).accepted(), "a key the list does not name");
        assertFalse(call(keys.certificateKeyPair("nms-ca", "nms", "-n", USER, "-z", "9")).accepted(), "serial 9");
        assertTrue(call(keys.certificateKeyPair("nms-ca", "nms", "-n", USER, "-z", "10")).accepted(), "serial 10");
    }
}
