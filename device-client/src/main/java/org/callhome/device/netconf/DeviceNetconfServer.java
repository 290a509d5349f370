package org.callhome.device.netconf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.callhome.device.datastore.ConfigCheck;
import org.callhome.device.datastore.DatastoreDirectory;
import org.callhome.device.datastore.RunningDatastore;
import org.callhome.device.datastore.SessionTable;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.netconf.session.SerialExecutor;
import org.callhome.shared.netconf.session.Transport;
import org.callhome.shared.strategy.SecuredChannel;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SessionFactsCapability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The device's NETCONF server for one data folder: opens a {@link NetconfServerSession} on any
 * transport (stdin/stdout, an SSH channel), keeps the sessions of this process, and watches the
 * folder for kill-session requests from other processes. One per process and data folder.
 */
public final class DeviceNetconfServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceNetconfServer.class);

    /** What this device offers: base 1.0 and 1.1, writable running, rollback-on-error. */
    public static final List<String> CAPABILITIES = List.of(Netconf.BASE_1_0, Netconf.BASE_1_1,
            Netconf.WRITABLE_RUNNING, Netconf.ROLLBACK_ON_ERROR);

    private static final long KILL_POLL_MILLIS = 200;
    private static final long SHUTDOWN_WAIT_SECONDS = 5;

    private final SessionTable sessions;
    private final RunningDatastore running;
    private final NetconfLimits limits;
    private final Executor workers;
    private final ScheduledExecutorService timers;
    private final boolean ownTimers;
    private final ScheduledFuture<?> killPoll;
    private final Map<Long, NetconfServerSession> local = new ConcurrentHashMap<>();
    private final Map<Long, Role> roles = new ConcurrentHashMap<>();
    private final DeviceRpcHandler handler = new DeviceRpcHandler(this);
    private final List<ConfigCheck> checks = new CopyOnWriteArrayList<>();

    /**
     * @param workers backing executor of the sessions' serial executors: {@code Runnable::run}
     *                runs each session on the thread that feeds it bytes
     */
    public DeviceNetconfServer(Path dataFolder, NetconfLimits limits, Executor workers) throws IOException {
        this(dataFolder, limits, workers, Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "netconf-timers");
            thread.setDaemon(true);
            return thread;
        }), true);
    }

    /**
     * As the constructor above, the hello and RPC timeouts and the kill-request poll on
     * {@code timers}, a fleet's, which {@link #close()} leaves running.
     */
    public DeviceNetconfServer(Path dataFolder, NetconfLimits limits, Executor workers,
                               ScheduledExecutorService timers) throws IOException {
        this(dataFolder, limits, workers, timers, false);
    }

    private DeviceNetconfServer(Path dataFolder, NetconfLimits limits, Executor workers,
                                ScheduledExecutorService timers, boolean ownTimers) throws IOException {
        this.limits = limits;
        this.workers = workers;
        this.timers = timers;
        this.ownTimers = ownTimers;
        DatastoreDirectory directory;
        try {
            directory = DatastoreDirectory.open(dataFolder);
        } catch (IOException | RuntimeException e) {
            if (ownTimers) {
                timers.shutdown();
            }
            throw e;
        }
        this.sessions = new SessionTable(directory);
        this.running = new RunningDatastore(directory, sessions);
        List<Long> stale = sessions.removeStale();
        if (!stale.isEmpty()) {
            LOG.info("removed records of {} sessions whose process has ended: {}", stale.size(), stale);
        }
        killPoll = timers.scheduleWithFixedDelay(this::pollKillRequests, KILL_POLL_MILLIS, KILL_POLL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a NETCONF server session for {@code username} on {@code transport}; {@code role}
     * decides what the session may do (read-only: no edit-config, copy-config, delete-config,
     * lock or kill-session).
     */
    public NetconfServerSession open(Transport transport, String username, Role role) throws IOException {
        return open(transport, username, role, CAPABILITIES);
    }

    private NetconfServerSession open(Transport transport, String username, Role role, List<String> capabilities)
            throws IOException {
        long id = sessions.register(username);
        roles.put(id, role);
        NetconfServerSession session = new NetconfServerSession(id, username, capabilities, transport, limits,
                handler, new SerialExecutor(workers), timers);
        local.put(id, session);
        LOG.info("NETCONF session {} started for user '{}' ({}) on {}", id, username, role.wireName(),
                transport.describe());
        session.start();
        return session;
    }

    Role role(long sessionId) {
        return roles.getOrDefault(sessionId, Role.READ_ONLY);
    }

    /**
     * Serves a channel a strategy's device half secured: the session runs as the facts' NETCONF
     * username with {@code role}, whatever strategy made the channel. The hello names that account
     * ({@link SessionFactsCapability}): in device-ssh-client the NMS has no other way to learn it.
     */
    public NetconfServerSession serve(SecuredChannel channel, Role role) throws IOException {
        SecurityFacts facts = channel.facts();
        List<String> capabilities = new ArrayList<>(CAPABILITIES);
        capabilities.add(SessionFactsCapability.of(facts));
        NetconfServerSession session = open(channel.transport(), facts.netconfUsername(), role, capabilities);
        LOG.info("NETCONF session {} over {}: NMS {} ({} {}), username from {}, {}", session.sessionId(),
                facts.strategy(), facts.peerIdentity(), facts.peerVerification().wireName(),
                facts.peerKeyFingerprint(), facts.usernameSource().wireName(), facts.algorithms().keyExchange());
        channel.attach(session);
        return session;
    }

    /** The running datastore of the data folder; its listeners hear of every change. */
    public RunningDatastore running() {
        return running;
    }

    /**
     * Adds a check every configuration must pass before it becomes running (edit-config unless
     * its test-option is {@code set}, copy-config), in the order added; the first refusal is the
     * rpc-error and running is left as it was.
     */
    public void addCheck(ConfigCheck check) {
        checks.add(Objects.requireNonNull(check, "check"));
    }

    /** Runs every check on {@code data}, the whole configuration that would become running. */
    void check(Element data) throws NetconfException {
        for (ConfigCheck check : checks) {
            check.check(data);
        }
    }

    /** Ends session {@code id} wherever it runs; false when no live session has that id. */
    boolean kill(long id) throws IOException {
        NetconfServerSession session = local.get(id);
        if (session != null) {
            running.releaseLocks(id);
            session.terminate("killed by kill-session");
            return true;
        }
        if (!sessions.isLive(id)) {
            return false;
        }
        running.releaseLocks(id);
        sessions.requestKill(id);
        return true;
    }

    void sessionEnded(NetconfServerSession session, String reason) {
        long id = session.sessionId();
        try {
            running.releaseLocks(id);
            sessions.unregister(id);
        } catch (IOException e) {
            LOG.warn("could not clear the records of session {}: {}", id, e.toString());
        }
        // removed last, so that close() waits for the records above to be cleared
        roles.remove(id);
        local.remove(id);
        LOG.info("NETCONF session {} ended: {}", id, reason);
    }

    private void pollKillRequests() {
        for (NetconfServerSession session : local.values()) {
            if (sessions.killRequested(session.sessionId())) {
                session.terminate("killed by kill-session from another process");
            }
        }
    }

    /** Ends every session of this process and waits (a few seconds at most) until each is released. */
    @Override
    public void close() {
        List<CompletableFuture<String>> ends = new ArrayList<>();
        for (NetconfServerSession session : local.values()) {
            ends.add(session.closed().toCompletableFuture());
            session.terminate("device shutting down");
        }
        try {
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{} sessions did not end within {} s", local.size(), SHUTDOWN_WAIT_SECONDS);
        }
        killPoll.cancel(false);
        if (ownTimers) {
            timers.shutdown();
        }
    }
}
