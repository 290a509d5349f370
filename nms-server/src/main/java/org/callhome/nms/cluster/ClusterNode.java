package org.callhome.nms.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.nms.registry.DeviceRegistry.UnknownDevice;
import org.callhome.nms.session.DeviceSession;
import org.callhome.nms.trust.TrustStore;
import org.callhome.nms.trust.TrustedDevice;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.session.RpcTimeoutException;
import org.callhome.shared.netconf.session.SessionClosedException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * This node's part in the cluster, on the registry's context: it answers the other nodes' requests
 * for its devices (an RPC to a session it holds, its registry's entries, a key it refused) on its
 * own address, asks them for theirs, passes its events to them and theirs to its own subscribers,
 * keeps the owners of its sessions ({@link DeviceOwners}), and applies a trust change another node
 * made (a revocation drops the session here).
 */
public final class ClusterNode {

    static final String NODES = "callhome.nodes";
    static final String EVENTS = "callhome.events";
    /** How long a node may take to answer for its registry before the fleet is shown without it. */
    static final Duration ASK = Duration.ofSeconds(3);
    /** What an RPC routed to another node may take beyond the device's own timeout. */
    static final Duration ROUTE_MARGIN = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    /** A device whose session another node holds. */
    public record RemoteDevice(String id, String nodeId, String nodeName, CallHomeStrategy strategy,
                               List<String> capabilities) {
    }

    private final Vertx vertx;
    private final NmsCluster cluster;
    private final ClusterTrust trust;
    private final DeviceRegistry registry;
    private final Map<CallHomeStrategy, NmsHalf> halves;
    private final NetconfLimits limits;
    private final Duration rpcTimeout;
    private final String http;
    private final DeviceOwners owners;
    /** Requests to other nodes not answered yet, by node; all on the registry's context. */
    private final Map<String, Set<Promise<?>>> waiting = new HashMap<>();

    /**
     * @param http where this node's API listens, as the cluster's list of nodes shows it
     */
    public ClusterNode(Vertx vertx, NmsCluster cluster, ClusterTrust trust, DeviceRegistry registry,
                       Map<CallHomeStrategy, NmsHalf> halves, NetconfLimits limits, Duration rpcTimeout, String http) {
        this.vertx = vertx;
        this.cluster = cluster;
        this.trust = trust;
        this.registry = registry;
        this.halves = halves;
        this.limits = limits;
        this.rpcTimeout = rpcTimeout;
        this.http = http;
        this.owners = new DeviceOwners(vertx, cluster, registry, halves);
    }

    /** Joins the registry to the cluster; on the registry's context. */
    public Future<Void> start() {
        registry.nameNode(cluster.nodeName());
        owners.start();
        vertx.eventBus().<JsonObject>consumer(address(cluster.nodeId()), this::answer);
        registry.subscribe(event -> {
            if (cluster.nodeName().equals(event.data().getString("node"))) {
                vertx.eventBus().publish(EVENTS, new JsonObject().put("from", cluster.nodeId())
                        .put("kind", event.kind().name()).put("data", event.data()));
            }
        });
        vertx.eventBus().<JsonObject>consumer(EVENTS, message -> {
            JsonObject body = message.body();
            if (!cluster.nodeId().equals(body.getString("from"))) {
                registry.relay(DeviceEvent.Kind.valueOf(body.getString("kind")), body.getJsonObject("data"));
            }
        });
        trust.onAdopted(adopted -> registry.onContext(() -> apply(adopted)));
        cluster.onMemberLeft(left -> registry.onContext(() -> nodeLeft(left)));
        return nodes().compose(map -> map.entries().compose(entries -> {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                if (!entry.getKey().equals(cluster.nodeId()) && cluster.members().contains(entry.getKey())
                        && cluster.nodeName().equals(new JsonObject(entry.getValue()).getString("name"))) {
                    // events and owners are told apart by the node's name
                    return Future.failedFuture(new IllegalStateException("another node of the cluster is named '"
                            + cluster.nodeName() + "': give each node its own --node-name"));
                }
            }
            return map.put(cluster.nodeId(), new JsonObject().put("name", cluster.nodeName()).put("http", http)
                    .encode());
        }));
    }

    public String nodeName() {
        return cluster.nodeName();
    }

    private static String address(String nodeId) {
        return "callhome.node." + nodeId;
    }

    private Future<AsyncMap<String, String>> nodes() {
        return vertx.sharedData().getAsyncMap(NODES);
    }

    /** {@code GET /api/cluster}: this node and the live members, with their names and API addresses. */
    public Future<JsonObject> describe() {
        return nodes().compose(AsyncMap::entries).map(entries -> {
            JsonArray members = new JsonArray();
            for (String member : cluster.members().stream().sorted().toList()) {
                JsonObject known = Optional.ofNullable(entries.get(member)).map(JsonObject::new)
                        .orElseGet(JsonObject::new);
                members.add(new JsonObject().put("name", known.getString("name")).put("http", known.getString("http"))
                        .put("id", member).put("self", member.equals(cluster.nodeId())));
            }
            return new JsonObject().put("clustered", true).put("node", cluster.nodeName())
                    .put("cluster", cluster.name()).put("members", members)
                    .put("trustRevision", trust.store().revision());
        });
    }

    /** The node holding {@code id}'s session if it is another, live one. */
    public Future<Optional<RemoteDevice>> remote(String id) {
        return owners.ownerOf(id).map(owner -> owner
                .filter(held -> !held.nodeId().equals(cluster.nodeId()) && cluster.members().contains(held.nodeId()))
                .map(held -> new RemoteDevice(id, held.nodeId(), held.nodeName(), held.strategy(),
                        held.capabilities())));
    }

    /**
     * Sends {@code operation} to {@code device} through the node holding its session; fails with a
     * {@link RemoteFailure} of the status the API answers, as it would for a session held here.
     */
    public Future<RpcReply> rpc(RemoteDevice device, Element operation) {
        JsonObject request = new JsonObject().put("op", "rpc").put("id", device.id())
                .put("operation", NetconfXml.toString(operation));
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(rpcTimeout.plus(ROUTE_MARGIN).toMillis());
        return whileMember(device.nodeId(), vertx.eventBus().<String>request(address(device.nodeId()), request,
                options))
                .recover(failure -> Future.failedFuture(routed(device, failure)))
                .compose(reply -> {
                    try {
                        return Future.succeededFuture(new RpcReply(NetconfXml.parse(reply.body(), limits)));
                    } catch (NetconfException e) {
                        return Future.failedFuture(new RemoteFailure(502, "node " + device.nodeName()
                                + " passed on a reply that does not parse: " + e.getMessage()));
                    }
                });
    }

    private static RemoteFailure routed(RemoteDevice device, Throwable failure) {
        if (failure instanceof NodeLeft) {
            return new RemoteFailure(409, "device '" + device.id() + "' disconnected: NMS node " + device.nodeName()
                    + ", which held its session, left the cluster before it answered (the RPC may have reached "
                    + "the device)");
        }
        if (failure instanceof ReplyException reply) {
            if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                return new RemoteFailure(reply.failureCode(), reply.getMessage());
            }
            if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
                return new RemoteFailure(409, "device '" + device.id() + "' is not connected: NMS node "
                        + device.nodeName() + ", which held its session, has left the cluster");
            }
            if (reply.failureType() == ReplyFailure.TIMEOUT) {
                return new RemoteFailure(504, "NMS node " + device.nodeName() + ", which holds device '"
                        + device.id() + "', did not answer in time");
            }
        }
        return new RemoteFailure(502, "NMS node " + device.nodeName() + " could not be asked: "
                + failure.getMessage());
    }

    /** Why a request failed: the node asked left the cluster before it answered. */
    private static final class NodeLeft extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NodeLeft(String nodeId) {
            super("node " + nodeId + " left the cluster", null, false, false);
        }
    }

    /**
     * {@code request} to {@code nodeId}, failed with {@link NodeLeft} as soon as that node leaves the
     * cluster: the event bus would only fail it at its timeout. On the registry's context.
     */
    private <T> Future<T> whileMember(String nodeId, Future<T> request) {
        Promise<T> answer = Promise.promise();
        if (!cluster.members().contains(nodeId)) {
            // it left while the request was being made: the event bus would hold the request until its timeout
            answer.fail(new NodeLeft(nodeId));
            return answer.future();
        }
        Set<Promise<?>> ofNode = waiting.computeIfAbsent(nodeId, id -> new HashSet<>());
        ofNode.add(answer);
        request.onComplete(done -> {
            Set<Promise<?>> still = waiting.get(nodeId);
            if (still != null && still.remove(answer) && still.isEmpty()) {
                waiting.remove(nodeId);
            }
            if (done.succeeded()) {
                answer.tryComplete(done.result());
            } else {
                answer.tryFail(done.cause());
            }
        });
        return answer.future();
    }

    /** Another node's request, for a device or the registry of this one. */
    private void answer(Message<JsonObject> message) {
        JsonObject request = message.body();
        String id = request.getString("id");
        switch (request.getString("op", "")) {
            case "rpc" -> answerRpc(message, id, request.getString("operation"));
            case "devices" -> message.reply(registry.toJson());
            case "device" -> message.reply(registry.deviceJson(id).orElse(null));
            case "unknown" -> message.reply(registry.unknown(request.getString("fingerprint"))
                    .map(unknown -> new JsonObject().put("strategy", unknown.strategy().wireName())
                            .put("publicKey", SshKeys.toOpenSsh(unknown.key()))
                            .put("claimedName", unknown.claimedName()))
                    .orElse(null));
            default -> message.fail(400, "no such request: " + request.getString("op"));
        }
    }

    private void answerRpc(Message<JsonObject> message, String id, String operation) {
        Optional<DeviceSession> session = registry.session(id);
        if (session.isEmpty()) {
            message.fail(registry.knows(id) ? 409 : 404, "device '" + SshKeys.abbreviate(id) + "' is not connected"
                    + " to NMS node " + cluster.nodeName());
            return;
        }
        Element element;
        try {
            element = NetconfXml.parse(operation, limits).getDocumentElement();
        } catch (NetconfException e) {
            message.fail(400, "the operation does not parse: " + e.getMessage());
            return;
        }
        session.get().netconf().rpc(element, rpcTimeout).whenComplete((reply, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null) {
                message.reply(reply.toXml());
            } else if (cause instanceof RpcTimeoutException) {
                message.fail(504, cause.getMessage());
            } else if (cause instanceof SessionClosedException) {
                message.fail(409, "device '" + id + "' disconnected: " + cause.getMessage());
            } else {
                message.fail(502, "the RPC failed on NMS node " + cluster.nodeName() + ": " + cause.getMessage());
            }
        });
    }

    /** Every node's registry, merged: the whole fleet ({@link FleetView}). */
    public Future<JsonArray> fleet() {
        return askAll(new JsonObject().put("op", "devices"), registry.toJson()).map(FleetView::merge);
    }

    /** The device of {@code id} as the fleet shows it, if any node knows it. */
    public Future<Optional<JsonObject>> device(String id) {
        JsonArray local = registry.deviceJson(id).map(json -> new JsonArray().add(json)).orElseGet(JsonArray::new);
        return askAll(new JsonObject().put("op", "device").put("id", id), local).map(lists -> {
            JsonArray merged = FleetView.merge(lists);
            return merged.isEmpty() ? Optional.empty() : Optional.of(merged.getJsonObject(0));
        });
    }

    /** A key another node refused as unknown with this fingerprint, for an approval here. */
    public Future<Optional<UnknownDevice>> unknown(String fingerprint) {
        return askAll(new JsonObject().put("op", "unknown").put("fingerprint", fingerprint), new JsonArray())
                .map(lists -> lists.stream().flatMap(list -> list.stream()).map(JsonObject.class::cast).findFirst()
                        .map(json -> {
                            PublicKey key = SshKeys.parsePublicKey(json.getString("publicKey"));
                            return new UnknownDevice(CallHomeStrategy.fromWireName(json.getString("strategy")), key,
                                    json.getString("claimedName"));
                        }));
    }

    /** {@code request} to every other live node, with this node's own answer {@code mine}; a node that fails is left out. */
    private Future<List<JsonArray>> askAll(JsonObject request, JsonArray mine) {
        List<Future<JsonArray>> answers = new ArrayList<>();
        for (String member : cluster.members()) {
            if (member.equals(cluster.nodeId())) {
                continue;
            }
            answers.add(whileMember(member, vertx.eventBus().request(address(member), request,
                    new DeliveryOptions().setSendTimeout(ASK.toMillis()))).map(reply -> {
                        Object body = reply.body();
                        return body instanceof JsonArray array ? array
                                : body instanceof JsonObject object ? new JsonArray().add(object) : new JsonArray();
                    }).otherwise(failure -> {
                        LOG.debug("cluster: node {} did not answer: {}", member, failure.getMessage());
                        return new JsonArray();
                    }));
        }
        return Future.all(answers).map(all -> {
            List<JsonArray> lists = new ArrayList<>();
            lists.add(mine);
            for (int i = 0; i < all.size(); i++) {
                lists.add(all.resultAt(i));
            }
            return lists;
        });
    }

    /**
     * A trust change another node made, applied to this node's registry and sessions: devices trusted
     * anew show; a device no longer trusted, or whose id a revocation now refuses, is forgotten and
     * its session here dropped; a session whose device was pinned to another key drops.
     */
    private void apply(TrustStore.Adopted adopted) {
        for (TrustedDevice device : adopted.trusted()) {
            registry.session(device.id()).filter(session -> session.strategy() != device.strategy()
                    || !session.keyFingerprint().equals(device.fingerprint()))
                    .ifPresent(session -> drop(session, "the device was pinned to another key on another NMS node"));
            registry.trusted(device, false);
        }
        List<String> gone = new ArrayList<>(adopted.revokedIds());
        adopted.distrusted().forEach(device -> gone.add(device.id()));
        for (String id : gone) {
            registry.session(id).ifPresent(session -> drop(session, "the device was revoked on another NMS node"));
            owners.giveUp(id);
            registry.forget(id);
        }
    }

    private void drop(DeviceSession session, String reason) {
        LOG.warn("cluster: dropping the session of device {}: {}", session.deviceId(), reason);
        NmsHalf half = halves.get(session.strategy());
        if (half != null) {
            half.disconnect(session.deviceId());
        }
        session.netconf().close(reason);
    }

    private void nodeLeft(String nodeId) {
        Set<Promise<?>> unanswered = waiting.remove(nodeId);
        if (unanswered != null) {
            unanswered.forEach(request -> request.tryFail(new NodeLeft(nodeId)));
        }
        nodes().compose(map -> map.get(nodeId).compose(value -> {
            String name = value == null ? nodeId : new JsonObject(value).getString("name", nodeId);
            owners.nodeLeft(nodeId, name);
            return value == null ? Future.succeededFuture() : map.removeIfPresent(nodeId, value);
        })).onFailure(e -> LOG.warn("cluster: could not forget node {}: {}", nodeId, e.getMessage()));
    }

    /** Since when, for merging: an entry's {@code since}, or the epoch for none. */
    static Instant since(JsonObject entry) {
        String since = entry.getString("since");
        try {
            return since == null ? Instant.EPOCH : Instant.parse(since);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    /** How the fleet is merged from every node's registry. */
    static final class FleetView {

        private FleetView() {
        }

        /**
         * One entry per device: a trusted device by its id, an unknown key by its fingerprint. Of a
         * device's entries the connected one wins (the node holding its session), else the one that
         * changed last; the order is the first list's, then each next list's new devices.
         */
        static JsonArray merge(List<JsonArray> lists) {
            Map<String, JsonObject> byKey = new LinkedHashMap<>();
            for (JsonArray list : lists) {
                for (Object item : list) {
                    if (!(item instanceof JsonObject entry)) {
                        continue;
                    }
                    String key = entry.getString("id") != null ? "id:" + entry.getString("id")
                            : "key:" + entry.getString("fingerprint");
                    byKey.merge(key, entry, FleetView::better);
                }
            }
            JsonArray merged = new JsonArray();
            byKey.values().forEach(merged::add);
            return merged;
        }

        private static JsonObject better(JsonObject one, JsonObject other) {
            boolean oneLive = "connected".equals(one.getString("state"));
            boolean otherLive = "connected".equals(other.getString("state"));
            if (oneLive != otherLive) {
                return oneLive ? one : other;
            }
            return since(other).isAfter(since(one)) ? other : one;
        }
    }
}
