package org.callhome.nms.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How every node's registry is merged into the one fleet the API of each node shows. */
class FleetViewTest {

    @Test
    void aDeviceIsShownOnceAsTheNodeHoldingItsSessionShowsIt() {
        JsonArray a = new JsonArray().add(entry("dev-1", "disconnected", "2026-12-06T07:00:05Z", "a"))
                .add(entry("dev-2", "connected", "2026-12-06T07:00:00Z", "a"));
        JsonArray b = new JsonArray().add(entry("dev-1", "connected", "2026-12-06T07:00:01Z", "b"))
                .add(entry("dev-2", "disconnected", "2026-12-06T07:00:09Z", "b"))
                .add(entry("dev-3", "rejected", "2026-12-06T07:00:02Z", "b"));
        JsonArray merged = ClusterNode.FleetView.merge(List.of(a, b));
        assertEquals(3, merged.size());
        assertEquals("b", merged.getJsonObject(0).getString("node"), "connected wins over a later disconnected");
        assertEquals("a", merged.getJsonObject(1).getString("node"));
        assertEquals("dev-3", merged.getJsonObject(2).getString("id"), "a device one node knows is shown");
    }

    @Test
    void ofEntriesNoneOfWhichIsConnectedTheOneThatChangedLastWinsAndUnknownKeysGoByFingerprint() {
        JsonArray a = new JsonArray().add(entry("dev-1", "disconnected", "2026-12-06T07:00:00.5Z", "a"))
                .add(unknown("SHA256:x", "2026-12-06T07:00:00Z", "a"));
        JsonArray b = new JsonArray().add(entry("dev-1", "auth-failed", "2026-12-06T07:00:00.75Z", "b"))
                .add(unknown("SHA256:x", "2026-12-06T07:00:03Z", "b")).add(unknown("SHA256:y", null, "b"));
        JsonArray merged = ClusterNode.FleetView.merge(List.of(a, b));
        assertEquals(3, merged.size());
        assertEquals("auth-failed", merged.getJsonObject(0).getString("state"), "compared as instants, not text");
        assertEquals("b", merged.getJsonObject(1).getString("node"));
        assertEquals("SHA256:y", merged.getJsonObject(2).getString("fingerprint"));
    }

    private static JsonObject entry(String id, String state, String since, String node) {
        return new JsonObject().put("id", id).put("state", state).put("since", since).put("node", node)
                .put("fingerprint", "SHA256:" + id);
    }

    private static JsonObject unknown(String fingerprint, String since, String node) {
        return new JsonObject().putNull("id").put("state", "rejected").put("since", since).put("node", node)
                .put("fingerprint", fingerprint);
    }
}
