package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the NMS shows is bound to identities, not to whoever asks: real SSH logins to the NMS's
 * device-ssh-client listener as a trusted device's login name with another key, and a flood of
 * logins with fresh keys from one address.
 */
class IdentityBookkeepingTest {

    @TempDir
    Path dir;

    private CallHomeLab lab;
    private SshClient client;

    @BeforeEach
    void setUp() {
        lab = new CallHomeLab(dir);
        client = SshClient.setUpDefaultClient();
        SshPolicy.applyTo(client);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier((session, remote, key) -> KeyUtils.compareKeys(key, lab.nmsHostKey.getPublic()));
        client.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        client.stop();
        lab.close();
    }

    @Test
    void refusedLoginsAsATrustedDeviceLeaveWhatItShowsUnchanged() throws Exception {
        lab.startNms(Map.of(), 0, "nms", Map.of("dev-2", SshKeys.generateEd25519()), 0);
        JsonObject before = device("dev-2");
        assertEquals("disconnected", before.getString("state"));

        for (int i = 0; i < 3; i++) {
            assertThrows(IOException.class, () -> login("dev-2", SshKeys.generateEd25519(), "127.0.0.1"));
        }
        JsonObject after = lab.awaitDevice(d -> "dev-2".equals(d.getString("id"))
                && Long.valueOf(3).equals(d.getLong("refusedAttempts")), "dev-2 with three refused attempts");
        assertEquals("disconnected", after.getString("state"), after.encodePrettily());
        assertNull(after.getString("lastError"), after.encodePrettily());
        assertNull(after.getString("lastRefusal"), after.encodePrettily());
        assertEquals("wrong-key", after.getJsonObject("lastRefusedAttempt").getString("kind"));
        assertEquals("127.0.0.1", after.getJsonObject("lastRefusedAttempt").getString("remoteAddress")
                .replaceAll(":[0-9]+$", ""));
        for (String field : List.of("refusedAttempts", "lastRefusedAttempt")) {
            after.remove(field);
            before.remove(field);
        }
        assertEquals(before, after, "nothing else of dev-2 changed");
    }

    @Test
    void aFloodOfFakeLoginsFromOneAddressLeavesAPendingApprovalFromAnotherApprovable() throws Exception {
        lab.maxStartups = 256;
        lab.startNms(Map.of(), 0, "nms", Map.of(), 0);
        KeyPair waiting = SshKeys.generateEd25519();
        String fingerprint = SshKeys.fingerprint(waiting.getPublic());
        assertThrows(IOException.class, () -> login("dev-9", waiting, "127.0.0.2"));
        lab.awaitDevice(d -> fingerprint.equals(d.getString("fingerprint")), "dev-9's key waiting for approval");

        int flood = DeviceRegistry.MAX_UNKNOWN + 1;
        ExecutorService logins = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                String name = "fake-" + i;
                done.add(logins.submit(() -> {
                    assertThrows(IOException.class, () -> login(name, SshKeys.generateEd25519(), "127.0.0.1"));
                    return null;
                }));
            }
            for (Future<?> login : done) {
                login.get();
            }
        } finally {
            logins.shutdownNow();
        }

        HttpResponse<String> approved = lab.post("/api/devices", new JsonObject().put("id", "dev-9")
                .put("approveFingerprint", fingerprint).encode());
        assertEquals(201, approved.statusCode(), approved.body());
        long kept = lab.devices().stream().map(JsonObject.class::cast).filter(d -> d.getString("id") == null).count();
        assertEquals(DeviceRegistry.MAX_UNKNOWN_PER_SOURCE, kept, "the flooding address keeps its budget only");
    }

    private JsonObject device(String id) throws Exception {
        HttpResponse<String> answer = lab.get("/api/devices/" + id);
        assertEquals(200, answer.statusCode(), answer.body());
        return new JsonObject(answer.body());
    }

    /** Logs in as {@code username} from {@code localAddress}; throws the NMS's refusal. */
    private void login(String username, KeyPair key, String localAddress) throws IOException {
        InetSocketAddress nms = lab.nms.deviceSshAddress();
        try (ClientSession session = client.connect(username, nms, new InetSocketAddress(localAddress, 0))
                .verify(CallHomeLab.WAIT).getClientSession()) {
            session.addPublicKeyIdentity(key);
            session.auth().verify(CallHomeLab.WAIT);
        }
    }
}
