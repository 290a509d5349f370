package org.callhome.compare.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.threads.DaemonThreads;

/**
 * Watches a cluster from a surviving node's API once a node was killed, as an operator's dashboard
 * would: a {@code GET /api/devices} sent every {@link #POLL} whether or not the previous ones were
 * answered, up to {@link #MAX_OUTSTANDING} at once (and a {@code GET /api/cluster} with each until
 * the killed node has left it), each
 * answer dated by when it arrived, counted from the kill. Ends once every device the killed node
 * held is shown connected on another node, none is shown on the killed node and the survivor no
 * longer lists it as a member; or fails at its deadline, naming what was not reached. The GETs go
 * out from a scheduler thread, their answers are taken on the HTTP client's threads, under this
 * object's lock, which the caller's thread waits on.
 */
final class FailoverWatch {

    /** How often the survivor's fleet is asked for. */
    static final Duration POLL = Duration.ofMillis(100);
    /**
     * GETs waiting for their answer at most: a tick past it sends none (each GET is bounded by its
     * timeout). Few: the API takes 32 connections at most from one address (HTTP/1.1: one request at a
     * time on each), which the watch and the RPC load share, and while a member is dead but not yet
     * gone a GET of the fleet waits up to 3 s for it; with more, the API would close the connections of
     * the RPCs.
     */
    static final int MAX_OUTSTANDING = 4;

    /**
     * What the watch saw, in seconds from the kill, each the arrival of the first answer that showed it.
     *
     * @param back         per device the killed node held, when it was first shown connected on another node
     * @param allBack      when every one of them was shown so at once
     * @param noneOnKilled when no device was shown connected on the killed node any more
     * @param memberGone   when the survivor's members no longer included the killed node
     * @param slowestPollMillis the longest a GET /api/devices took, from sending it to its answer
     * @param polls        GET /api/devices answered
     * @param failedPolls  GET /api/devices that failed (no answer in time, or not 200)
     */
    record Seen(Map<String, Double> back, double allBack, double noneOnKilled, double memberGone,
                double slowestPollMillis, int polls, int failedPolls) {

        Seen {
            back = Map.copyOf(back);
        }

        /** When the {@code fraction} (0..1] of the killed node's devices were first shown back, in seconds. */
        double backAt(double fraction) {
            List<Double> times = new ArrayList<>(back.values());
            Collections.sort(times);
            int index = Math.max(0, (int) Math.ceil(fraction * times.size()) - 1);
            return times.get(index);
        }
    }

    private final ClusterApi api;
    private final int survivorHttp;
    private final String killed;
    private final int members;
    private final long killedAt;
    private final Set<String> held;
    // what the answers showed so far, under this object's lock
    private final Map<String, Double> back = new HashMap<>();
    private double allBack = -1;
    private double noneOnKilled = -1;
    private double memberGone = -1;
    private double slowest;
    private int polls;
    private int failed;
    private int outstanding;
    private String lastFailure = "";
    private Map<String, String> last = Map.of();

    /**
     * @param survivorHttp where the surviving node's API listens
     * @param killed       the killed node's name, as the API names nodes
     * @param members      how many nodes the cluster had before the kill
     * @param killedAt     {@link System#nanoTime()} of the kill
     * @param held         the devices the killed node held at the kill
     */
    FailoverWatch(ClusterApi api, int survivorHttp, String killed, int members, long killedAt, Set<String> held) {
        this.api = api;
        this.survivorHttp = survivorHttp;
        this.killed = killed;
        this.members = members;
        this.killedAt = killedAt;
        this.held = Set.copyOf(held);
    }

    /**
     * Watches until the failover is over.
     *
     * @param deadline how long after the kill to give up
     * @throws IllegalStateException naming what was not seen by the deadline
     */
    Seen watch(Duration deadline) throws InterruptedException {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("failover-watch"));
        try {
            ticker.scheduleAtFixedRate(this::tick, 0, POLL.toNanos(), TimeUnit.NANOSECONDS);
            synchronized (this) {
                long end = killedAt + deadline.toNanos();
                while (!over()) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException(notReached(deadline));
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
                return new Seen(back, allBack, noneOnKilled, memberGone, slowest, polls, failed);
            }
        } finally {
            ticker.shutdownNow();
        }
    }

    private boolean over() {
        return allBack >= 0 && noneOnKilled >= 0 && memberGone >= 0;
    }

    private void tick() {
        boolean askMembers;
        synchronized (this) {
            if (over() || outstanding >= MAX_OUTSTANDING) {
                return;
            }
            askMembers = memberGone < 0;
            outstanding += askMembers ? 2 : 1;
        }
        long sent = System.nanoTime();
        api.connectedAsync(survivorHttp).whenComplete((connected, failure) -> fleet(sent, connected, failure));
        if (askMembers) {
            api.membersAsync(survivorHttp).whenComplete(this::members);
        }
    }

    private synchronized void fleet(long sent, Map<String, String> connected, Throwable failure) {
        outstanding--;
        long arrived = System.nanoTime();
        slowest = Math.max(slowest, (arrived - sent) / 1e6);
        if (failure != null) {
            failed++;
            lastFailure = String.valueOf(failure.getCause() != null ? failure.getCause() : failure);
            return;
        }
        double at = (arrived - killedAt) / 1e9;
        polls++;
        last = connected;
        boolean all = true;
        for (String id : held) {
            String node = connected.get(id);
            if (node != null && !node.equals(killed)) {
                back.putIfAbsent(id, at);
            } else {
                all = false;
            }
        }
        if (all && allBack < 0) {
            allBack = at;
        }
        if (noneOnKilled < 0 && !connected.containsValue(killed)) {
            noneOnKilled = at;
        }
        notifyAll();
    }

    private synchronized void members(Set<String> names, Throwable failure) {
        outstanding--;
        if (failure == null && memberGone < 0 && names.size() == members - 1 && !names.contains(killed)) {
            memberGone = (System.nanoTime() - killedAt) / 1e9;
            notifyAll();
        }
    }

    private String notReached(Duration deadline) {
        List<String> missing = new ArrayList<>();
        if (allBack < 0) {
            List<String> away = held.stream().filter(id -> last.get(id) == null || last.get(id).equals(killed))
                    .sorted().toList();
            missing.add(away.size() + " of the " + held.size() + " devices node " + killed + " held not shown "
                    + "connected on another node (" + String.join(", ", away.subList(0, Math.min(10, away.size())))
                    + (away.size() > 10 ? ", ..." : "") + ")");
        }
        if (noneOnKilled < 0) {
            missing.add("devices still shown connected on node " + killed);
        }
        if (memberGone < 0) {
            missing.add("node " + killed + " still listed as a member");
        }
        return "within " + deadline.toSeconds() + " s of killing node " + killed + ", as the survivor's API on port "
                + survivorHttp + " showed it: " + String.join("; ", missing)
                + (failed > 0 ? "; " + failed + " of its GETs failed, the last: " + lastFailure : "");
    }
}
