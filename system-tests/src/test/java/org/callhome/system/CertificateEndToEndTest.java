package org.callhome.system;

import static org.callhome.system.CallHomeLab.GET_CONFIG;
import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.NmsServer;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.io.Closer;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertificateAuthorities;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Devices the NMS was never told about, identified by OpenSSH certificates alone, for each
 * strategy: an NMS with {@code --device-ca} and no per-device trust, real device agents whose
 * certificates {@code ssh-keygen -s} signed (a host certificate in reverse-ssh, a user certificate
 * in device-ssh-client), and what the operator sees in the API; and a device's own revocation
 * list, followed while it runs, ending the session of an NMS whose key it comes to name.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CertificateEndToEndTest {

    @TempDir
    Path dir;

    private CallHomeLab lab;
    private CertLab certs;
    private final Closer running = new Closer();

    @BeforeEach
    void setUp() {
        lab = new CallHomeLab(dir);
        certs = new CertLab(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        running.close();
        lab.close();
    }

    @ParameterizedTest
    // OpenSSH certificates are SSH's; tls devices' X.509 certificates are in CallHomeEndToEndTest's lab
    @EnumSource(value = CallHomeStrategy.class, names = {"REVERSE_SSH", "DEVICE_SSH_CLIENT"})
    void aDeviceKnownOnlyByItsCaConnectsAndAnswersRpcs(CallHomeStrategy strategy) throws Exception {
        startNmsTrustingCa("device-ca");
        startDevice(strategy, "dev-1", certify(strategy, "device-ca", "dev-1", 11));

        JsonObject device = lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected by its certificate");
        assertEquals(strategy.wireName(), device.getString("strategy"));
        assertFalse(device.getBoolean("trusted"), "no trust was configured for dev-1: " + device.encodePrettily());
        assertEquals(SshKeygen.fingerprint(keyFile("dev-1")), device.getString("fingerprint"));
        assertNull(device.getString("lastRefusal"), device.encodePrettily());

        JsonObject shown = new JsonObject(lab.get("/api/devices/dev-1").body());
        JsonObject identity = shown.getJsonObject("identity");
        assertNotNull(identity, shown.encodePrettily());
        assertEquals("openssh-cert", identity.getString("kind"));
        assertEquals("dev-1", identity.getString("principal"));
        assertEquals(SshKeygen.fingerprint(ca("device-ca")), identity.getString("ca"));
        assertEquals("11", identity.getString("serial"));
        assertEquals("dev-1-11", identity.getString("keyId"));
        assertNotNull(identity.getString("validAfter"));
        assertNotNull(identity.getString("validBefore"));
        assertTrue(identity.getBoolean("caVouched"), "without --device-ids only the CA vouches for dev-1");
        assertEquals(strategy == CallHomeStrategy.REVERSE_SSH ? "openssh-host-certificate"
                : "openssh-user-certificate", shown.getJsonObject("security").getString("peerVerification"));

        HttpResponse<String> get = lab.post("/api/devices/dev-1/rpc", GET_CONFIG);
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("<data"), get.body());
        assertFalse(get.body().contains("<rpc-error"), get.body());
    }

    @ParameterizedTest
    // OpenSSH certificates are SSH's; tls devices' X.509 certificates are in CallHomeEndToEndTest's lab
    @EnumSource(value = CallHomeStrategy.class, names = {"REVERSE_SSH", "DEVICE_SSH_CLIENT"})
    void aCertificateOfAnotherCaIsRefusedAsUnknownCa(CallHomeStrategy strategy) throws Exception {
        startNmsTrustingCa("device-ca");
        startDevice(strategy, "dev-a", certify(strategy, "other-ca", "dev-a", 1));
        awaitRefused(strategy, "dev-a", "unknown-ca");
    }

    /**
     * reverse-ssh only: in device-ssh-client MINA's SSH client does not offer a user certificate
     * outside its validity, so an expired one never reaches the NMS from our device agent; stock
     * {@code ssh} offers it, see {@link CertificateOpenSshInteropTest}.
     */
    @Test
    void anExpiredHostCertificateIsRefusedAsExpired() throws Exception {
        startNmsTrustingCa("device-ca");
        startDevice(CallHomeStrategy.REVERSE_SSH, "dev-b", certify(CallHomeStrategy.REVERSE_SSH, "device-ca", "dev-b",
                2, "-V", "20200101:20200201"));
        awaitRefused(CallHomeStrategy.REVERSE_SSH, "dev-b", "expired");
    }

    /**
     * The device's own {@code --revoked-keys}, followed while it runs (every few seconds): once it
     * names the NMS's key (its login key in reverse-ssh, its host key in device-ssh-client), the
     * device ends the live session, saying why, and refuses the NMS on its next calls.
     */
    @ParameterizedTest
    // OpenSSH certificates are SSH's; tls devices' X.509 certificates are in CallHomeEndToEndTest's lab
    @EnumSource(value = CallHomeStrategy.class, names = {"REVERSE_SSH", "DEVICE_SSH_CLIENT"})
    void theDeviceEndsTheSessionWhenItsRevocationListNamesTheNmsKey(CallHomeStrategy strategy) throws Exception {
        startNmsTrustingCa("device-ca");
        Path revoked = Files.writeString(dir.resolve("nms-revoked-keys"), "# nothing revoked yet\n");
        Queue<String> ends = new ConcurrentLinkedQueue<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        lab.startCertifiedDevice(strategy, "dev-r", keyFile("dev-r"), certify(strategy, "device-ca", "dev-r", 21),
                settings -> settings.withRevokedKeys(revoked), new DialerListener() {
                    @Override
                    public void disconnected(Endpoint endpoint, String reason) {
                        ends.add(reason);
                    }

                    @Override
                    public void failed(Endpoint endpoint, Throwable why) {
                        failures.add(String.valueOf(why.getMessage()));
                    }
                });
        lab.awaitDevice(state("dev-r", "connected"), "dev-r connected");

        PublicKey nmsKey = strategy == CallHomeStrategy.REVERSE_SSH ? lab.nmsIdentity.getPublic()
                : lab.nmsHostKey.getPublic();
        Files.writeString(revoked, SshKeys.toOpenSsh(nmsKey) + " the NMS\n", StandardOpenOption.APPEND);

        String what = strategy == CallHomeStrategy.REVERSE_SSH ? "the NMS's login key" : "the NMS host key";
        Eventually.until(CallHomeLab.WAIT, () -> ends.stream().anyMatch(reason -> reason.contains(what
                + " was revoked while connected: key " + SshKeys.fingerprint(nmsKey) + " is listed")),
                () -> "the device ending its session for the revoked NMS key; ends: " + ends);
        lab.awaitDevice(d -> "dev-r".equals(d.getString("id")) && !"connected".equals(d.getString("state")),
                "dev-r no longer connected");
        if (strategy == CallHomeStrategy.REVERSE_SSH) {
            // the device calls again and refuses the NMS's login: the NMS sees its login fail
            lab.awaitDevice(state("dev-r", "auth-failed"), "dev-r refusing the NMS's login");
        } else {
            Eventually.until(CallHomeLab.WAIT, () -> failures.stream().anyMatch(why -> why.contains(
                    "the NMS host key is revoked")), () -> "a call refused for the revoked key; failures: " + failures);
        }
    }

    /** Waits until the device's key is listed as rejected with {@code refusal}, and checks it added no device. */
    private void awaitRefused(CallHomeStrategy strategy, String deviceId, String refusal) throws Exception {
        String fingerprint = SshKeygen.fingerprint(keyFile(deviceId));
        JsonObject listed = lab.awaitDevice(d -> fingerprint.equals(d.getString("fingerprint"))
                && refusal.equals(d.getString("lastRefusal")), deviceId + " refused as " + refusal);
        assertEquals("rejected", listed.getString("state"), listed.encodePrettily());
        assertEquals(strategy.wireName(), listed.getString("strategy"), listed.encodePrettily());
        assertEquals(deviceId, listed.getString("claimedName"), listed.encodePrettily());
        assertNull(listed.getJsonObject("identity"), "a refused certificate proves nothing: " + listed.encodePrettily());
        assertEquals(404, lab.get("/api/devices/" + deviceId).statusCode(), "a refused certificate adds no device");
    }

    /** The NMS serving both strategies with {@code --device-ca} of {@code caName} and nothing per device. */
    private void startNmsTrustingCa(String caName) throws Exception {
        startNms(lab, running, Path.of(ca(caName) + ".pub"), "nms", Optional.empty());
    }

    /**
     * Starts the NMS serving both strategies in {@code lab}, trusting the CA keys of {@code caFile}
     * ({@code --device-ca}) and nothing per device, presenting {@code hostCertificate} in
     * device-ssh-client ({@code --host-cert}), logging into reverse-ssh devices as {@code username};
     * {@code running} closes it.
     */
    static void startNms(CallHomeLab lab, Closer running, Path caFile, String username,
                         Optional<OpenSshCertificate> hostCertificate)
            throws Exception {
        Path dir = lab.dir;
        Path identity = dir.resolve("nms_identity");
        SshKeys.writePrivateKey(lab.nmsIdentity, identity);
        KnownDevices none = KnownDevices.of(Map.of());
        NmsSettings settings = new NmsSettings(
                Optional.of(new NmsSettings.ReverseSsh(new InetSocketAddress("127.0.0.1", 0), none,
                        SshKeys.loadPrivateKey(identity), username, false, Optional.empty())),
                Optional.of(new NmsSettings.DeviceSsh(new InetSocketAddress("127.0.0.1", 0), lab.nmsHostKey, none,
                        DeviceSshServer.DEFAULT_SUBSYSTEM, hostCertificate)),
                new InetSocketAddress("127.0.0.1", 0), Optional.empty(), Duration.ofSeconds(10),
                NmsSettings.DEFAULT_MAX_STARTUPS, new Keepalives(Duration.ofSeconds(2), 3), Duration.ofSeconds(10),
                NetconfLimits.DEFAULT, dir.resolve("nms-state"),
                new DeviceCertificates(Optional.of(CertificateAuthorities.load(caFile)),
                        Optional.empty(), Optional.empty(), DeviceCertificates.DEFAULT_REVOCATION_POLL));
        NmsServer nms = NmsServer.start(settings);
        running.register(nms);
        lab.nms = nms;
    }

    /** A CA key made by ssh-keygen on first use. */
    private Path ca(String name) throws IOException {
        return certs.key(name);
    }

    /** The device's key: its host key in reverse-ssh, its login key in device-ssh-client, made by ssh-keygen. */
    private Path keyFile(String deviceId) throws IOException {
        return certs.key(deviceId + "_key");
    }

    /**
     * Has {@code caName} certify the device's key for principal {@code deviceId}: a host certificate
     * in reverse-ssh, a user certificate in device-ssh-client; valid from five minutes ago for an
     * hour unless {@code options} say otherwise.
     */
    private Path certify(CallHomeStrategy strategy, String caName, String deviceId, long serial, String... options)
            throws IOException {
        return certs.certify(strategy, caName, deviceId + "_key", deviceId, serial, options);
    }

    /** A device agent of {@code strategy} calling the running NMS with its key and {@code certificate}. */
    private DeviceAgent startDevice(CallHomeStrategy strategy, String deviceId, Path certificate) throws Exception {
        return lab.startCertifiedDevice(strategy, deviceId, keyFile(deviceId), certificate);
    }
}
