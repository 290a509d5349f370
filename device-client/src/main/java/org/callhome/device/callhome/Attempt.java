package org.callhome.device.callhome;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.callhome.shared.config.Endpoint;

/**
 * One connection attempt of the dialer. It is settled by whichever comes first: the connector's
 * answer or the dialer's max-wait timer; whatever comes second is ignored, except that a
 * connection arriving too late is closed. Confined to the dialer's serial executor.
 */
final class Attempt {

    final Endpoint endpoint;
    final CompletionStage<Connection> stage;
    private boolean settled;

    private Attempt(Endpoint endpoint, CompletionStage<Connection> stage) {
        this.endpoint = endpoint;
        this.stage = stage;
    }

    /** Asks the connector; a connector that throws has failed the attempt like one that completes exceptionally. */
    static Attempt start(Connector connector, Endpoint endpoint, Duration maxWait) {
        CompletionStage<Connection> stage;
        try {
            stage = connector.connect(endpoint, maxWait);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return new Attempt(endpoint, stage);
    }

    /** True the first time only: the caller decides the outcome. */
    boolean settle() {
        if (settled) {
            return false;
        }
        settled = true;
        return true;
    }

    boolean settled() {
        return settled;
    }

    /** Lets a connector that watches its future abort a handshake no longer wanted. */
    void cancel() {
        try {
            stage.toCompletableFuture().cancel(false);
        } catch (UnsupportedOperationException e) {
            // this stage cannot be cancelled; a late connection is still closed when it lands
        }
    }

    /** The failure itself, not the wrappers that futures put around it. */
    static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
