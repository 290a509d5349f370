package org.callhome.shared.ssh.cert;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A revocation list in force ({@code --revoked-keys} of the NMS and of the device), which the SSH
 * side asks at each connection ({@link #get}, {@link #whyRevoked}, from MINA's I/O threads, never
 * touching the disk), and the one poll that follows its file: every {@link #DEFAULT_POLL} or so, on
 * the program's timer thread, it reloads a changed file and then tells each listener, so that the
 * program drops the live sessions the new list revokes (RFC 8071 C5: a revoked credential must not
 * keep its connection). {@link #refresh} does the same at once, for a program about to connect. A
 * file that no longer loads leaves the last good list in force and is logged once per version.
 * Without a file nothing is revoked and nothing polls.
 */
public final class RevocationWatch implements Supplier<RevokedKeys>, AutoCloseable {

    /** How often the file is looked at unless a program says otherwise: a revoked peer is gone within seconds. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(3);

    /** Nothing revoked, ever; listeners are never called. */
    public static final RevocationWatch NONE = new RevocationWatch(null);

    private static final Logger LOG = LoggerFactory.getLogger(RevocationWatch.class);

    private final RevokedKeysFile file;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> poll;

    private RevocationWatch(RevokedKeysFile file) {
        this.file = file;
    }

    /** Nothing revoked, ever: {@link #NONE}. */
    public static RevocationWatch none() {
        return NONE;
    }

    /** The list of {@code file}, followed once {@link #start} is called. */
    public static RevocationWatch following(RevokedKeysFile file) {
        return new RevocationWatch(Objects.requireNonNull(file, "file"));
    }

    /**
     * The list of {@code file} if one is given, else {@link #NONE}.
     *
     * @throws IOException naming the file when it is missing or neither a KRL nor a key list
     */
    public static RevocationWatch openIfGiven(Optional<Path> file) throws IOException {
        return file.isPresent() ? following(RevokedKeysFile.open(file.get())) : NONE;
    }

    /** Looks at the file every {@code every} on {@code timers}, the thread the listeners are then called on. */
    public synchronized void start(ScheduledExecutorService timers, Duration every) {
        if (file == null || poll != null) {
            return;
        }
        LOG.info("revocation list in force: {}; its file is read again when it changes", file.get());
        poll = timers.scheduleWithFixedDelay(this::refresh, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Tells {@code listener} of every new list, on the thread that found it changed (the timer's, or
     * {@link #refresh}'s caller's); it must not block.
     */
    public void onChange(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        if (file != null) {
            listeners.add(listener);
        }
    }

    @Override
    public RevokedKeys get() {
        return file == null ? RevokedKeys.NONE : file.get();
    }

    /**
     * Why the list in force revokes what a peer presented, a key or a certificate (by its key, its
     * CA's key, its serial or its key id); empty if it does not. A certificate whose CA key is of a
     * type the list cannot name is asked about by the key it certifies, and a key of such a type is
     * not revoked: the SSH policy refuses it anyway.
     */
    public Optional<String> whyRevoked(PublicKey presented) {
        RevokedKeys revoked = get();
        try {
            return revoked.whyRevoked(presented);
        } catch (IllegalArgumentException unsupportedType) {
            if (presented instanceof OpenSshCertificate certificate) {
                return whyRevoked(certificate.getCertPubKey());
            }
            return Optional.empty();
        }
    }

    /**
     * Reads the file again now if it changed, and tells the listeners of a new list; the poll does the
     * same. Blocking file I/O, so never on an I/O thread; one call at a time.
     */
    public synchronized void refresh() {
        if (file == null) {
            return;
        }
        try {
            if (!file.reloadIfChanged()) {
                return;
            }
        } catch (IOException | RuntimeException e) {
            // a failed poll must not end the schedule: the next one looks again
            LOG.error("--revoked-keys: {}", e.getMessage());
            return;
        }
        LOG.info("revocation list changed: {}", file.get());
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.error("applying the new revocation list failed", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (poll != null) {
            poll.cancel(false);
        }
    }
}
