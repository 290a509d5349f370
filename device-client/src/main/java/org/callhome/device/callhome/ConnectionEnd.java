package org.callhome.device.callhome;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Why a call-home connection ended, as a strategy's {@link Connection} tells the dialer: the
 * strategy notes what it sees while the connection lives (the first failure, the NETCONF session
 * ending, the device closing it, a revocation dropping it) and calls {@link #ended} once its
 * transport has closed. A drop or a failure completes {@link #closed} exceptionally, so that the
 * dialer calls again as after a broken connection; the device closing it, or the NETCONF session
 * ending, completes it normally. Thread-safe: the transport's threads and the dialer's call it.
 */
public final class ConnectionEnd {

    private final String closedByPeer;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicReference<String> netconfEnded = new AtomicReference<>();
    private final AtomicReference<String> dropped = new AtomicReference<>();
    private final AtomicBoolean closedLocally = new AtomicBoolean();

    /** @param closedByPeer the reason when the NMS closed the connection and nothing else was seen */
    public ConnectionEnd(String closedByPeer) {
        this.closedByPeer = closedByPeer;
    }

    /** Completes once {@link #ended} was called: normally with the reason, or with the failure. */
    public CompletionStage<String> closed() {
        return closed;
    }

    /** The device closes the connection itself. */
    public void closedLocally() {
        closedLocally.set(true);
    }

    /** The first failure seen (I/O, protocol, a timeout or refusal of ours): the reason if it ends. */
    public void failed(String reason) {
        failure.compareAndSet(null, reason);
    }

    public void netconfEnded(String reason) {
        netconfEnded.compareAndSet(null, reason);
    }

    /** The device ends the connection for {@code reason} (the NMS's key was revoked): a failure, whatever else ends. */
    public void dropped(String reason) {
        dropped.compareAndSet(null, reason);
    }

    /** Completes {@link #closed} now that the transport has closed; returns the reason, for the log. */
    public String ended() {
        String netconf = netconfEnded.get();
        if (dropped.get() != null) {
            failure.set(dropped.get());
            closed.completeExceptionally(new IOException(dropped.get()));
        } else if (closedLocally.get()) {
            closed.complete("closed by the device");
        } else if (netconf != null) {
            closed.complete("NETCONF session ended: " + netconf);
        } else {
            closed.completeExceptionally(new IOException(failureReason()));
        }
        return closed.isCompletedExceptionally() ? failureReason() : closed.getNow("");
    }

    /** The first failure seen, or that the NMS closed the connection. */
    public String failureReason() {
        String first = failure.get();
        return first != null ? first : closedByPeer;
    }
}
