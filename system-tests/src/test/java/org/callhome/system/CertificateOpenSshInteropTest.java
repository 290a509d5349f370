package org.callhome.system;

import static org.callhome.system.CallHomeLab.GET_CONFIG;
import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.callhome.device.DeviceAgent;
import org.callhome.device.DeviceClientMain;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.devicessh.DeviceSshServer;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.io.Closer;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.testsupport.polling.Eventually;
import org.callhome.testsupport.relay.StreamPump;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates with stock OpenSSH in device-ssh-client: {@code ssh -o CertificateFile=...} logs
 * into our NMS with a user certificate its CA ({@code --device-ca}) signed, and checks the NMS's
 * host certificate ({@code --host-cert}) through a known_hosts {@code @cert-authority} line, with
 * no NMS host key pinned anywhere. And reverse-ssh with stock {@code sshd}: a device in
 * {@code --ssh-server openssh} mode presents a host certificate that identifies it to the NMS.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CertificateOpenSshInteropTest {

    private static final Path SSH = Path.of("/usr/bin/ssh");
    /** The account sshd logs the NMS into: a real Unix user, the one running the tests. */
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    private CallHomeLab lab;
    private final Closer running = new Closer();
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        StockPrograms.require(SSH, "openssh-client");
        SshKeygen.require();
        lab = new CallHomeLab(dir);
        Path nmsHostKey = Files.writeString(dir.resolve("nms_host_key.pub"),
                SshKeys.toOpenSsh(lab.nmsHostKey.getPublic()) + " nms\n");
        SshKeygen.run("-q", "-s", key("nms-ca").toString(), "-I", "nms-host", "-h", "-n", "127.0.0.1", "-V",
                "-5m:+1h", nmsHostKey.toString());
        CertificateEndToEndTest.startNms(lab, running, Path.of(key("device-ca") + ".pub"), USER,
                Optional.of(CertifiedKey.readCertificate(dir.resolve("nms_host_key-cert.pub"))));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        List<ProcessHandle> serving = StockPrograms.sshdAndItsSessions();
        running.close();
        // a session process may still write into the device's data folder: the folder goes once it has ended
        StockPrograms.awaitEnded(serving);
        lab.close();
    }

    @Test
    void stockSshWithAUserCertificateIsIdentifiedByItAndChecksTheNmsHostCertificate() throws Exception {
        Process ssh = ssh("dev-ssh", userCertificate("dev-ssh", "-V", "-5m:+1h"));
        Process device = start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DeviceClientMain.class.getName(), "stdio",
                "--datastore", dir.resolve("dev-ssh-data").toString(), "--user", "netconf"), "device.err");
        StreamPump.start(ssh.getInputStream(), device.getOutputStream(), "stdio-pump");
        StreamPump.start(device.getInputStream(), ssh.getOutputStream(), "stdio-pump");

        lab.awaitDevice(state("dev-ssh", "connected"), "the ssh device connected by its certificate");
        JsonObject shown = new JsonObject(lab.get("/api/devices/dev-ssh").body());
        assertEquals("device-ssh-client", shown.getString("strategy"));
        JsonObject identity = shown.getJsonObject("identity");
        assertEquals("openssh-cert", identity.getString("kind"), shown.encodePrettily());
        assertEquals("dev-ssh", identity.getString("principal"));
        assertEquals(SshKeygen.fingerprint(key("device-ca")), identity.getString("ca"));
        assertEquals("dev-ssh-cert", identity.getString("keyId"));
        HttpResponse<String> get = lab.post("/api/devices/dev-ssh/rpc", GET_CONFIG);
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("<data"), get.body());
    }

    @Test
    void anExpiredUserCertificateFromStockSshIsRefusedAsExpired() throws Exception {
        Process ssh = ssh("dev-old", userCertificate("dev-old", "-V", "20200101:20200201"));
        ssh.getOutputStream().close();
        String fingerprint = SshKeygen.fingerprint(key("dev-old"));
        // ssh offers the plain key after the certificate, so the listing's last refusal may be that key's:
        // the certificate's own refusal is in its rejected event
        JsonObject event = Eventually.value(CallHomeLab.WAIT, () -> new JsonArray(lab.get("/api/events/recent").body())
                .stream().map(JsonObject.class::cast).filter(e -> "rejected".equals(e.getString("type")))
                .map(e -> e.getJsonObject("data")).filter(data -> "expired".equals(data.getString("refusal"))
                        && fingerprint.equals(data.getString("offeredFingerprint"))).findFirst(),
                () -> "a rejected event refusing dev-old's certificate as expired");
        assertEquals("certificate", event.getString("kind"), event.encodePrettily());
        assertTrue(lab.devices().stream().map(JsonObject.class::cast).noneMatch(d -> "dev-old".equals(d.getString("id"))),
                "a refused certificate adds no device");
        assertTrue(ssh.waitFor(30, TimeUnit.SECONDS), "ssh gives up once refused");
        assertEquals(255, ssh.exitValue(), "ssh fails to log in");
    }

    @Test
    void aDeviceServedBySshdIsIdentifiedByItsHostCertificate() throws Exception {
        StockPrograms.require(StockPrograms.SSHD, "openssh-server");
        Path hostKey = key("dev-sshd_host_key");
        SshKeygen.run("-q", "-s", key("device-ca").toString(), "-I", "dev-sshd-host", "-h", "-n", "dev-sshd", "-z",
                "3", "-V", "-5m:+1h", hostKey + ".pub");
        DeviceSshSettings accounts = lab.deviceSsh("dev-sshd", USER, Role.ADMIN, lab.nmsIdentity.getPublic());
        assertEquals(hostKey, accounts.hostKeyFile(), "the device serves the key the CA certified");
        DeviceAgent agent = DeviceAgent.start(new DeviceAgent.Settings(dir.resolve("dev-sshd-data"),
                CallHomeLab.callHome(lab.nms.callHomeAddress().getPort()), accounts, Duration.ofSeconds(10),
                DeviceAgent.SshServerKind.OPENSSH, NetconfLimits.DEFAULT)
                .withHostCertificate(Path.of(hostKey + "-cert.pub")), new DialerListener() { });
        running.register(agent);

        lab.awaitDevice(state("dev-sshd", "connected"), "dev-sshd connected through sshd by its host certificate");
        JsonObject shown = new JsonObject(lab.get("/api/devices/dev-sshd").body());
        assertEquals("reverse-ssh", shown.getString("strategy"));
        JsonObject identity = shown.getJsonObject("identity");
        assertEquals("openssh-cert", identity.getString("kind"), shown.encodePrettily());
        assertEquals("dev-sshd", identity.getString("principal"));
        assertEquals(SshKeygen.fingerprint(key("device-ca")), identity.getString("ca"));
        assertEquals("3", identity.getString("serial"));
        assertEquals(SshKeygen.fingerprint(hostKey), shown.getString("fingerprint"));
        assertEquals("openssh-host-certificate", shown.getJsonObject("security").getString("peerVerification"));
        HttpResponse<String> get = lab.post("/api/devices/dev-sshd/rpc", GET_CONFIG);
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("<data"), get.body());
    }

    /** An Ed25519 key (and .pub) made by ssh-keygen on first use. */
    private Path key(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? file : SshKeygen.generate(dir, name, "ed25519", 0, null, "");
    }

    /** A user certificate of the device's key for principal {@code deviceId}, signed by device-ca. */
    private Path userCertificate(String deviceId, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("-q", "-s", key("device-ca").toString(), "-I", deviceId + "-cert",
                "-n", deviceId, "-z", "1"));
        args.addAll(List.of(options));
        args.add(key(deviceId) + ".pub");
        SshKeygen.run(args.toArray(String[]::new));
        return Path.of(key(deviceId) + "-cert.pub");
    }

    /**
     * Stock ssh logging in as {@code deviceId} with its key and {@code certificate}, trusting the NMS
     * only through an {@code @cert-authority} line for nms-ca.
     */
    private Process ssh(String deviceId, Path certificate) throws IOException {
        int port = lab.nms.deviceSshAddress().getPort();
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "@cert-authority [127.0.0.1]:" + port + " "
                + Files.readString(Path.of(key("nms-ca") + ".pub")).strip() + "\n");
        return start(List.of(SSH.toString(), "-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
                "-i", key(deviceId).toString(), "-o", "CertificateFile=" + certificate,
                "-p", Integer.toString(port), "-s", deviceId + "@127.0.0.1", DeviceSshServer.DEFAULT_SUBSYSTEM),
                deviceId + "-ssh.err");
    }

    private Process start(List<String> command, String stderrFile) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(dir.resolve(stderrFile).toFile()).start();
        processes.add(process);
        return process;
    }
}
