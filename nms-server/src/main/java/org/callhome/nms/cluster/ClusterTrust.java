package org.callhome.nms.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Lock;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.callhome.nms.trust.TrustStore;
import org.callhome.nms.trust.TrustStore.Adopted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trust store for the whole cluster. Every node keeps its own file ({@link TrustStore}); the
 * cluster keeps the newest copy in a cluster map, with its revision. A change on any node takes the
 * cluster-wide trust lock, first takes the cluster's copy if it is newer, hands its result to the
 * map (which Hazelcast keeps on two members) before saving it to its own file, and then tells the
 * others, who take the copy and save it to theirs. So a decision the API has answered is on at least
 * two members and in the deciding node's file, whichever node is killed next, and a node that
 * missed a message takes the copy at its next look ({@link #POLL}). A node killed while it holds the
 * lock loses it with its membership.
 */
public final class ClusterTrust implements TrustStore.Replication {

    static final String MAP = "callhome.trust";
    static final String LOCK = "callhome.trust";
    static final String CHANGED = "callhome.trust.changed";
    static final String STORE = "store";
    static final String REVISION = "revision";
    /** How often a node compares its revision with the cluster's, in case it missed a change's message. */
    static final Duration POLL = Duration.ofSeconds(2);
    /** How long a change waits for the lock or the map before it fails, and nothing changes. */
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTrust.class);

    private final Vertx vertx;
    private final TrustStore trust;
    private volatile Consumer<Adopted> effects = adopted -> { };
    private final AtomicBoolean syncing = new AtomicBoolean();

    private ClusterTrust(Vertx vertx, TrustStore trust) {
        this.vertx = vertx;
        this.trust = trust;
    }

    /**
     * Joins {@code trust} to the cluster's: in the lock, it takes the cluster's copy unless its own
     * revision is higher, in which case (or if the cluster has none) the cluster takes its own; then
     * it applies its own trust files as a change of the cluster's store ({@link TrustStore#reseed}).
     * Every later change of {@code trust} goes through the cluster. Blocks: never on an event loop.
     */
    public static ClusterTrust join(Vertx vertx, TrustStore trust) throws IOException {
        ClusterTrust cluster = new ClusterTrust(vertx, trust);
        Lock lock = await(vertx.sharedData().getLockWithTimeout(LOCK, WAIT.toMillis()), "take the trust lock");
        try {
            AsyncMap<String, String> map = cluster.map();
            String theirs = await(map.get(STORE), "read the cluster's trust store");
            // the cluster's copy wins unless this node's is newer: a node keeps every revision it saw
            if (theirs == null || trust.adopt(theirs, "the cluster's trust store", true).isEmpty()) {
                LOG.info("cluster: this node's trust store (revision {}) is the cluster's now", trust.revision());
                await(map.put(STORE, trust.encoded()), "share the trust store");
                await(map.put(REVISION, Long.toString(trust.revision())), "share the trust store");
            } else {
                LOG.info("cluster: took the cluster's trust store, revision {}", trust.revision());
            }
        } finally {
            lock.release();
        }
        trust.replicateThrough(cluster);
        trust.reseed();
        vertx.eventBus().<Long>consumer(CHANGED, message -> cluster.lookAt(message.body()));
        vertx.setPeriodic(POLL.toMillis(), timer -> map(vertx).compose(map -> map.get(REVISION))
                .onSuccess(revision -> cluster.lookAt(revision == null ? 0 : Long.parseLong(revision))));
        return cluster;
    }

    /** The store this node keeps. */
    public TrustStore store() {
        return trust;
    }

    /**
     * {@code effects} hears what every copy taken from the cluster changed here (a device approved or
     * revoked on another node), on a worker thread.
     */
    public void onAdopted(Consumer<Adopted> other) {
        effects = other;
    }

    /** Takes the cluster's copy if {@code revision} is newer than this node's; never blocks the caller. */
    private void lookAt(long revision) {
        if (revision <= trust.revision() || !syncing.compareAndSet(false, true)) {
            return;
        }
        vertx.executeBlocking(() -> {
            try {
                takeNewer();
            } finally {
                syncing.set(false);
            }
            return null;
        }, false).onFailure(e -> LOG.warn("cluster: could not take the cluster's trust store: {}", e.getMessage()));
    }

    /** Blocks: the cluster's copy, if it is newer than this node's, saved here and its effects told. */
    private void takeNewer() throws IOException {
        String theirs = await(map().get(STORE), "read the cluster's trust store");
        if (theirs != null) {
            Optional<Adopted> adopted = trust.adopt(theirs, "the cluster's trust store", false);
            adopted.ifPresent(changed -> {
                LOG.info("cluster: took trust store revision {} ({} trusted or changed, {} no longer trusted)",
                        trust.revision(), changed.trusted().size(), changed.distrusted().size());
                effects.accept(changed);
            });
        }
    }

    @Override
    public Turn begin() throws IOException {
        Lock lock = await(vertx.sharedData().getLockWithTimeout(LOCK, WAIT.toMillis()),
                "take the cluster's trust lock");
        try {
            takeNewer();
        } catch (IOException | RuntimeException e) {
            lock.release();
            throw e;
        }
        return new Turn() {
            private long shared = -1;

            @Override
            public void share(long revision, String encoded) throws IOException {
                AsyncMap<String, String> map = map();
                await(map.put(STORE, encoded), "hand the change to the cluster");
                await(map.put(REVISION, Long.toString(revision)), "hand the change to the cluster");
                shared = revision;
            }

            @Override
            public void close() {
                try {
                    if (shared >= 0) {
                        vertx.eventBus().publish(CHANGED, shared);
                    }
                } finally {
                    lock.release();
                }
            }
        };
    }

    private AsyncMap<String, String> map() throws IOException {
        return await(map(vertx), "open the cluster's trust map");
    }

    private static Future<AsyncMap<String, String>> map(Vertx vertx) {
        return vertx.sharedData().getAsyncMap(MAP);
    }

    /** Waits for {@code future} on this thread (never an event loop), {@link #WAIT} at most. */
    static <T> T await(Future<T> future, String what) throws IOException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw new IOException("the cluster did not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the cluster did not " + what + " within " + WAIT.toSeconds() + " s", e);
        }
    }
}
