package org.callhome.system;

import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.ssh.KeyExchanges;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both ends re-key after every 64 KiB (MINA's rekey-bytes-limit, set for this class only) while
 * NETCONF flows both ways at once through the NMS's API, so both often start a key exchange at
 * the same moment, which RFC 4253 §7 allows. The session must live through every such collision:
 * one connection, one NETCONF session, every RPC answered, and many re-keys on each side.
 */
class RekeyCollisionTest {

    private static final String REKEY_PROPERTY = "org.apache.sshd.config.rekey-bytes-limit";
    private static final Duration TRAFFIC = Duration.ofSeconds(60);
    /**
     * Far fewer than a loaded machine completes in {@link #TRAFFIC} (some 870 a side in 45 s on two busy
     * cores), and far more than one collision needs.
     */
    private static final long MIN_REKEYS_EACH_SIDE = 100;
    /** Get-config loops beside the one edit-config loop: replies flow while requests do. */
    private static final int READERS = 3;

    @TempDir
    Path dir;

    @BeforeAll
    static void rekeyEvery64KiB() {
        System.setProperty(REKEY_PROPERTY, Long.toString(64 * 1024));
    }

    @AfterAll
    static void rekeyNormally() {
        System.clearProperty(REKEY_PROPERTY);
    }

    @ParameterizedTest
    // SSH key re-exchange (RFC 4253 §9) only: tls has no SSH key exchange to collide
    @EnumSource(value = CallHomeStrategy.class, names = {"REVERSE_SSH", "DEVICE_SSH_CLIENT"})
    void simultaneousRekeysOnBothSidesNeverDropTheSession(CallHomeStrategy strategy) throws Exception {
        try (CallHomeLab lab = new CallHomeLab(dir)) {
            lab.startNmsTrusting(strategy, 0, 0, "dev-1");
            List<String> drops = new CopyOnWriteArrayList<>();
            lab.startDevice(strategy, "dev-1", Role.ADMIN, new DialerListener() {
                @Override
                public void disconnected(Endpoint endpoint, String reason) {
                    drops.add(reason);
                }
            });
            JsonObject before = lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected");
            long asServer = KeyExchanges.completedAsServer();
            long asClient = KeyExchanges.completedAsClient();

            long deadline = System.nanoTime() + TRAFFIC.toNanos();
            ExecutorService loops = Executors.newFixedThreadPool(1 + READERS);
            int edited;
            int read = 0;
            try {
                Future<Integer> edits = loops.submit(() -> editUntil(lab, deadline));
                List<Future<Integer>> reads = new ArrayList<>();
                for (int i = 0; i < READERS; i++) {
                    reads.add(loops.submit(() -> readUntil(lab, deadline)));
                }
                edited = edits.get(TRAFFIC.toSeconds() + 60, TimeUnit.SECONDS);
                for (Future<Integer> reader : reads) {
                    read += reader.get(TRAFFIC.toSeconds() + 60, TimeUnit.SECONDS);
                }
            } finally {
                loops.shutdownNow();
            }

            long serverRekeys = KeyExchanges.completedAsServer() - asServer;
            long clientRekeys = KeyExchanges.completedAsClient() - asClient;
            long deviceRekeys = strategy == CallHomeStrategy.REVERSE_SSH ? serverRekeys : clientRekeys;
            long nmsRekeys = strategy == CallHomeStrategy.REVERSE_SSH ? clientRekeys : serverRekeys;
            JsonObject after = lab.awaitDevice(state("dev-1", "connected"), "dev-1 still connected");
            String traffic = edited + " edit-configs and " + read + " get-configs answered";
            assertTrue(drops.isEmpty(), "no disconnect: " + drops);
            assertEquals(before.getLong("sessionId"), after.getLong("sessionId"), "the same NETCONF session");
            assertEquals(1L, after.getLong("attempts"), "one connection: " + after);
            assertTrue(deviceRekeys >= MIN_REKEYS_EACH_SIDE, "device key exchanges: " + deviceRekeys + ", " + traffic);
            assertTrue(nmsRekeys >= MIN_REKEYS_EACH_SIDE, "NMS key exchanges: " + nmsRekeys + ", " + traffic);
        }
    }

    /**
     * Edit-configs of about 100 KB each, NMS to device, until the deadline; returns how many were
     * answered. Each rewrites the value of one list entry (its key {@code n} stays), so the running
     * config, and each get-config reply, stays about 100 KB: an entry per edit would add 100 KB a
     * time, and after some 168 edits a reply would pass the NMS's 16 MiB message limit, which ends
     * the session as it must.
     */
    private static int editUntil(CallHomeLab lab, long deadline) throws Exception {
        String value = "v".repeat(100_000);
        int answered = 0;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> edit = lab.post("/api/devices/dev-1/rpc", CallHomeLab.edit(
                    "<blob xmlns=\"urn:b\"><n>1</n><v>" + answered + value + "</v></blob>"));
            assertEquals(200, edit.statusCode(), edit.body());
            assertTrue(edit.body().contains("<ok/>"), edit.body());
            answered++;
        }
        return answered;
    }

    /** Get-configs of the running datastore, device to NMS, until the deadline; returns how many were answered. */
    private static int readUntil(CallHomeLab lab, long deadline) throws Exception {
        int answered = 0;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> read = lab.post("/api/devices/dev-1/rpc", CallHomeLab.GET_CONFIG);
            assertEquals(200, read.statusCode(), read.body());
            assertTrue(read.body().contains("<data"), read.body());
            assertTrue(read.body().length() < 1_000_000, "a running config of one entry: " + read.body().length());
            answered++;
        }
        return answered;
    }
}
