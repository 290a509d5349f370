package org.callhome.nms.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.nms.session.DeviceSession;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node holds each device's session: one owner at a time. The cluster map
 * {@value #MAP} holds, per device id, the node that last took its session and an owner epoch that
 * grows by one with every take, written by compare-and-set, so of two nodes taking the same device
 * the later one wins. The winner tells every node; a node that still holds an older session of that
 * device closes it (the event bus would otherwise split the device's RPCs between two sessions). A
 * session that ends gives its entry up; the entries of a node that leaves the cluster are given up by
 * the survivors, one of which announces each device as disconnected. Lives on the registry's context.
 */
final class DeviceOwners {

    static final String MAP = "callhome.owners";
    static final String TAKEN = "callhome.owners.taken";
    private static final int MAX_TRIES = 16;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceOwners.class);

    /** Where a device's session is, as the cluster map says. */
    record Owner(String nodeId, String nodeName, long epoch, CallHomeStrategy strategy, List<String> capabilities) {

        JsonObject toJson() {
            return new JsonObject().put("node", nodeId).put("name", nodeName).put("epoch", epoch)
                    .put("strategy", strategy.wireName()).put("capabilities", new JsonArray(capabilities));
        }

        /** The owner an entry names, or empty for an entry given up (only its epoch kept) or unreadable. */
        static Optional<Owner> of(String value) {
            if (value == null) {
                return Optional.empty();
            }
            JsonObject json = new JsonObject(value);
            if (json.getString("node") == null) {
                return Optional.empty();
            }
            return Optional.of(new Owner(json.getString("node"), json.getString("name"), json.getLong("epoch"),
                    CallHomeStrategy.fromWireName(json.getString("strategy")),
                    json.getJsonArray("capabilities").stream().map(String.class::cast).toList()));
        }
    }

    private final Vertx vertx;
    private final NmsCluster cluster;
    private final DeviceRegistry registry;
    private final Map<CallHomeStrategy, NmsHalf> halves;
    /** The epoch this node took each of its sessions with. */
    private final Map<String, Long> taken = new HashMap<>();
    /** Sessions whose take is on its way: an announcement of another node does not close them. */
    private final Set<String> taking = new HashSet<>();

    DeviceOwners(Vertx vertx, NmsCluster cluster, DeviceRegistry registry, Map<CallHomeStrategy, NmsHalf> halves) {
        this.vertx = vertx;
        this.cluster = cluster;
        this.registry = registry;
        this.halves = halves;
    }

    /** On the registry's context. */
    void start() {
        registry.subscribe(event -> {
            String id = event.data().getString("id");
            if (id == null || !cluster.nodeName().equals(event.data().getString("node"))) {
                return;
            }
            if (event.kind() == DeviceEvent.Kind.CONNECTED) {
                registry.session(id).ifPresent(this::take);
            } else if (event.kind() == DeviceEvent.Kind.DISCONNECTED || event.kind() == DeviceEvent.Kind.REVOKED) {
                giveUp(id);
            }
        });
        vertx.eventBus().<JsonObject>consumer(TAKEN, message -> takenElsewhere(message.body()));
    }

    /** The node holding {@code id}'s session, as the map says. */
    Future<Optional<Owner>> ownerOf(String id) {
        return map().compose(map -> map.get(id)).map(Owner::of);
    }

    private Future<AsyncMap<String, String>> map() {
        return vertx.sharedData().getAsyncMap(MAP);
    }

    private void take(DeviceSession session) {
        String id = session.deviceId();
        taking.add(id);
        take(session, 1);
    }

    private void take(DeviceSession session, int attempt) {
        String id = session.deviceId();
        map().compose(map -> map.get(id).compose(before -> {
            long epoch = epochOf(before) + 1;
            String value = new Owner(cluster.nodeId(), cluster.nodeName(), epoch, session.strategy(),
                    session.capabilities()).toJson().encode();
            Future<Boolean> written = before == null ? map.putIfAbsent(id, value).map(previous -> previous == null)
                    : map.replaceIfPresent(id, before, value);
            return written.map(won -> won ? epoch : -1L);
        })).onComplete(done -> {
            if (done.succeeded() && done.result() < 0 && attempt < MAX_TRIES) {
                take(session, attempt + 1);
                return;
            }
            taking.remove(id);
            if (done.failed() || done.result() < 0) {
                LOG.warn("cluster: could not record device {} as held here: {}", id,
                        done.failed() ? done.cause().getMessage() : "the entry kept changing");
                return;
            }
            long epoch = done.result();
            taken.put(id, epoch);
            LOG.info("cluster: device {} held here, owner epoch {}", id, epoch);
            vertx.eventBus().publish(TAKEN, new JsonObject().put("id", id).put("node", cluster.nodeId())
                    .put("name", cluster.nodeName()).put("epoch", epoch));
            if (registry.session(id).filter(live -> live == session).isEmpty()) {
                // the session ended while it was being taken
                giveUp(id);
            }
        });
    }

    private static long epochOf(String value) {
        return value == null ? 0 : new JsonObject(value).getLong("epoch", 0L);
    }

    /** Another node took a device: an older session of it here is stale and closes. */
    private void takenElsewhere(JsonObject announcement) {
        String id = announcement.getString("id");
        if (id == null || cluster.nodeId().equals(announcement.getString("node")) || taking.contains(id)) {
            return;
        }
        long epoch = announcement.getLong("epoch", 0L);
        Long mine = taken.get(id);
        if (mine != null && mine > epoch) {
            return;
        }
        registry.session(id).ifPresent(session -> {
            LOG.warn("cluster: device {} is held by node {} now (owner epoch {}): closing its older session here",
                    id, announcement.getString("name"), epoch);
            taken.remove(id);
            NmsHalf half = halves.get(session.strategy());
            if (half != null) {
                half.disconnect(id);
            }
            session.netconf().close("the device's session is held by NMS node " + announcement.getString("name")
                    + " now");
        });
    }

    /** This node's session of {@code id} ended: its entry keeps only the epoch. */
    void giveUp(String id) {
        Long epoch = taken.remove(id);
        if (epoch == null) {
            return;
        }
        map().compose(map -> map.get(id).compose(value -> {
            Optional<Owner> owner = Owner.of(value);
            if (owner.isEmpty() || !owner.get().nodeId().equals(cluster.nodeId()) || owner.get().epoch() != epoch) {
                return Future.succeededFuture(false);
            }
            return map.replaceIfPresent(id, value, new JsonObject().put("epoch", epoch).encode());
        })).onFailure(e -> LOG.warn("cluster: could not give up device {}: {}", id, e.getMessage()));
    }

    /**
     * Announces that {@code id} is held nowhere since its node left, with the device as this node shows
     * it (the event stream's {@code disconnected} carries the device).
     */
    private void announceGone(String id, Owner owner, String nodeName) {
        JsonObject device = registry.deviceJson(id).orElseGet(() -> new JsonObject().put("id", id)
                .put("strategy", owner.strategy().wireName()).put("state", "disconnected"));
        registry.publish(DeviceEvent.Kind.DISCONNECTED, new JsonObject().put("id", id)
                .put("fingerprint", device.getString("fingerprint")).put("strategy", owner.strategy().wireName())
                .put("device", device).put("heldBy", nodeName)
                .put("reason", "its NMS node " + nodeName + " left the cluster"));
    }

    /**
     * A node left: its devices are held nowhere now. Each survivor tries to give their entries up; the
     * one that does announces the device as disconnected.
     */
    void nodeLeft(String nodeId, String nodeName) {
        map().compose(map -> map.entries().compose(entries -> {
            List<Future<?>> done = new ArrayList<>();
            entries.forEach((id, value) -> Owner.of(value).filter(owner -> owner.nodeId().equals(nodeId))
                    .ifPresent(owner -> done.add(map.replaceIfPresent(id, value,
                            new JsonObject().put("epoch", owner.epoch()).encode()).onSuccess(won -> {
                                if (won) {
                                    announceGone(id, owner, nodeName);
                                }
                            }))));
            return Future.join(done);
        })).onFailure(e -> LOG.warn("cluster: could not give up the devices of node {}: {}", nodeName,
                e.getMessage()));
    }
}
