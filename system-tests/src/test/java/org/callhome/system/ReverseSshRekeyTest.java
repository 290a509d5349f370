package org.callhome.system;

import static org.callhome.system.CallHomeLab.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-keying never re-authenticates nor drops a session: with a re-key after every 64 KiB on
 * both sides (MINA's rekey-bytes-limit, set for this class only), megabytes of NETCONF pass
 * over one session and the NMS logs in exactly once.
 */
class ReverseSshRekeyTest {

    private static final String REKEY_PROPERTY = "org.apache.sshd.config.rekey-bytes-limit";
    private static final String NS = "urn:ietf:params:xml:ns:netconf:base:1.0";

    @TempDir
    Path dir;

    @BeforeAll
    static void rekeyOften() {
        System.setProperty(REKEY_PROPERTY, Long.toString(64 * 1024));
    }

    @AfterAll
    static void rekeyNormally() {
        System.clearProperty(REKEY_PROPERTY);
    }

    @Test
    void manyRekeysKeepTheSessionAndItsSingleLogin() throws Exception {
        try (CallHomeLab lab = new CallHomeLab(dir)) {
            lab.startNms(Map.of("dev-1", lab.hostKey("dev-1")), 0);
            CopyOnWriteArrayList<String> drops = new CopyOnWriteArrayList<>();
            lab.startDevice("dev-1", lab.deviceSsh("dev-1", "nms", Role.ADMIN, lab.nmsIdentity.getPublic()),
                    CallHomeLab.callHome(lab.nms.callHomeAddress().getPort()), new DialerListener() {
                        @Override
                        public void disconnected(Endpoint endpoint, String reason) {
                            drops.add(reason);
                        }
                    });
            JsonObject before = lab.awaitDevice(state("dev-1", "connected"), "dev-1 connected");
            String value = "v".repeat(200_000);
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> edit = lab.post("/api/devices/dev-1/rpc", "<edit-config xmlns=\"" + NS
                        + "\"><target><running/></target><config><blob xmlns=\"urn:b\"><n>" + i + "</n><v>" + value
                        + "</v></blob></config></edit-config>");
                assertEquals(200, edit.statusCode(), edit.body());
                assertTrue(edit.body().contains("<ok/>"), edit.body());
            }
            JsonObject after = lab.awaitDevice(state("dev-1", "connected"), "dev-1 still connected");
            assertEquals(before.getLong("sessionId"), after.getLong("sessionId"), "the same NETCONF session");
            assertEquals(1L, after.getLong("attempts"), "one connection, one login");
            assertTrue(drops.isEmpty(), "no disconnect: " + drops);
        }
    }
}
