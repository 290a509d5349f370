package org.callhome.device.netconf;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.callhome.device.datastore.CandidateDatastore;
import org.callhome.device.datastore.Commits;
import org.callhome.device.datastore.ConfigCheck;
import org.callhome.device.datastore.DatastoreDirectory;
import org.callhome.device.datastore.RunningDatastore;
import org.callhome.device.datastore.SchemaCheck;
import org.callhome.device.datastore.SchemaTree;
import org.callhome.device.datastore.SessionTable;
import org.callhome.device.datastore.WithDefaultsMode;
import org.callhome.device.netconf.SchemaDiscovery.Login;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.device.yang.SchemaException;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.netconf.session.SerialExecutor;
import org.callhome.shared.netconf.session.Transport;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.SecuredChannel;
import org.callhome.shared.strategy.SecurityFacts;
import org.callhome.shared.strategy.SessionFactsCapability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The device's NETCONF server for one data folder: opens a {@link NetconfServerSession} on any
 * transport (stdin/stdout, an SSH channel), keeps the sessions of this process, and watches the
 * folder for kill-session requests from other processes and for the deadline of a pending
 * confirmed commit (rolled back at start-up too when it passed while no process ran). Holds the
 * {@link ConfigCheck}s a configuration must pass before it becomes running ({@link #checks()}; the
 * schema's among them). Edits follow the device's YANG schema ({@link DeviceSchema#shipped()} unless
 * given). One per process and data folder.
 */
public final class DeviceNetconfServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceNetconfServer.class);

    /**
     * The protocol capabilities this device offers: base 1.0 and 1.1, writable running, candidate
     * with confirmed commit, validate, rollback-on-error, with-defaults (basic mode explicit, the
     * three other modes also supported). The hello adds those of the schema
     * ({@link #capabilities()}).
     */
    public static final List<String> CAPABILITIES = List.of(Netconf.BASE_1_0, Netconf.BASE_1_1,
            Netconf.WRITABLE_RUNNING, Netconf.CANDIDATE, Netconf.CONFIRMED_COMMIT_1_1, Netconf.VALIDATE_1_1,
            Netconf.ROLLBACK_ON_ERROR, WithDefaultsMode.CAPABILITY);

    private static final long KILL_POLL_MILLIS = 200;
    private static final long SHUTDOWN_WAIT_SECONDS = 5;

    private final SessionTable sessions;
    private final RunningDatastore running;
    private final CandidateDatastore candidate;
    private final Commits commits;
    private final List<ConfigCheck> checks = new CopyOnWriteArrayList<>();
    private final AtomicReference<DeadlineWatch> deadlineWatch = new AtomicReference<>();
    private final NetconfLimits limits;
    private final Executor workers;
    private final ScheduledExecutorService timers;
    private final boolean ownTimers;
    private final ScheduledFuture<?> killPoll;
    private final Map<Long, NetconfServerSession> local = new ConcurrentHashMap<>();
    private final Map<Long, Role> roles = new ConcurrentHashMap<>();
    private final Map<Long, Login> logins = new ConcurrentHashMap<>();
    private final DeviceRpcHandler handler = new DeviceRpcHandler(this);
    private final SchemaDiscovery discovery;
    private final Instant started = Instant.now();
    private final AtomicLong sessionsStarted = new AtomicLong();
    private final SchemaTree schema;

    /**
     * @param workers backing executor of the sessions' serial executors: {@code Runnable::run}
     *                runs each session on the thread that feeds it bytes
     */
    public DeviceNetconfServer(Path dataFolder, NetconfLimits limits, Executor workers) throws IOException {
        this(dataFolder, limits, workers, shippedSchema());
    }

    /** As the constructor above, edits and checks following {@code schema}. */
    public DeviceNetconfServer(Path dataFolder, NetconfLimits limits, Executor workers, DeviceSchema schema)
            throws IOException {
        this(dataFolder, limits, workers, Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "netconf-timers");
            thread.setDaemon(true);
            return thread;
        }), true, schema);
    }

    /**
     * As the first constructor, the hello and RPC timeouts and the kill-request poll on
     * {@code timers}, a fleet's, which {@link #close()} leaves running.
     */
    public DeviceNetconfServer(Path dataFolder, NetconfLimits limits, Executor workers,
                               ScheduledExecutorService timers) throws IOException {
        this(dataFolder, limits, workers, timers, false, shippedSchema());
    }

    /** As the constructor above, edits and checks following {@code schema} (a fleet's devices share one). */
    public DeviceNetconfServer(Path dataFolder, NetconfLimits limits, Executor workers,
                               ScheduledExecutorService timers, DeviceSchema schema) throws IOException {
        this(dataFolder, limits, workers, timers, false, schema);
    }

    private DeviceNetconfServer(Path dataFolder, NetconfLimits limits, Executor workers,
                                ScheduledExecutorService timers, boolean ownTimers, DeviceSchema schema)
            throws IOException {
        this.schema = SchemaTree.of(schema);
        this.discovery = SchemaDiscovery.of(schema);
        this.checks.add(new SchemaCheck(this.schema));
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
        this.candidate = new CandidateDatastore(directory, sessions, running);
        this.commits = new Commits(directory, sessions, running, candidate, Clock.systemUTC());
        List<Long> stale = sessions.removeStale();
        if (!stale.isEmpty()) {
            LOG.info("removed records of {} sessions whose process has ended: {}", stale.size(), stale);
        }
        enforceConfirmedCommit();
        killPoll = timers.scheduleWithFixedDelay(this::pollKillRequests, KILL_POLL_MILLIS, KILL_POLL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a NETCONF server session for {@code username} on {@code transport}; {@code role}
     * decides what the session may do (read-only: no edit-config, copy-config, delete-config,
     * lock or kill-session).
     */
    public NetconfServerSession open(Transport transport, String username, Role role) throws IOException {
        return open(transport, username, role, capabilities(), "netconf-ssh");
    }

    /**
     * What the hello of every session offers: {@link #CAPABILITIES}, a capability per YANG 1.0
     * module of the schema and the YANG library's (see {@link SchemaDiscovery}). Made once per
     * schema, shared by every server of the JVM.
     */
    public List<String> capabilities() {
        return discovery.capabilities();
    }

    /**
     * @param monitoredTransport the identity of ietf-netconf-monitoring that names the transport
     */
    private NetconfServerSession open(Transport transport, String username, Role role, List<String> capabilities,
                                      String monitoredTransport) throws IOException {
        long id = sessions.register(username);
        roles.put(id, role);
        logins.put(id, new Login(id, username, monitoredTransport, Instant.now()));
        sessionsStarted.incrementAndGet();
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
        List<String> capabilities = new ArrayList<>(capabilities());
        capabilities.add(SessionFactsCapability.of(facts));
        NetconfServerSession session = open(channel.transport(), facts.netconfUsername(), role, capabilities,
                facts.strategy() == CallHomeStrategy.TLS ? "netconf-tls" : "netconf-ssh");
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

    SchemaDiscovery discovery() {
        return discovery;
    }

    /**
     * Appends the state data of ietf-netconf-monitoring and ietf-yang-library to {@code data}; the
     * sessions are those of this process (another process's session records hold no login time).
     */
    void appendState(Element data) {
        List<Login> live = new ArrayList<>(logins.values());
        live.sort(Comparator.comparingLong(Login::sessionId));
        discovery.appendState(data, live, started, sessionsStarted.get());
    }

    CandidateDatastore candidate() {
        return candidate;
    }

    Commits commits() {
        return commits;
    }

    /**
     * Adds a check every configuration must pass before it becomes running: validate runs it, and
     * commit, edit-config and copy-config refuse a configuration that fails it. Checks run in the
     * order added, after the schema's.
     */
    public void addCheck(ConfigCheck check) {
        checks.add(Objects.requireNonNull(check, "check"));
    }

    /** How edits read the configuration: by the device's YANG schema where it knows the namespace. */
    SchemaTree schema() {
        return schema;
    }

    /**
     * What a configuration must pass before it becomes running (edit-config and copy-config of
     * running, validate, commit): the schema's constraints, then those added.
     */
    public List<ConfigCheck> checks() {
        return List.copyOf(checks);
    }

    /** Runs every one of {@link #checks()} on {@code data}; the first that fails gives the rpc-error. */
    void check(Element data) throws NetconfException {
        for (ConfigCheck check : checks) {
            check.check(data);
        }
    }

    /**
     * Rolls back a confirmed commit that is overdue, or whose issuing session is gone, and keeps
     * a timer on the deadline of the one still pending, whichever process made it.
     */
    void enforceConfirmedCommit() throws IOException {
        commits.expireIfDue().ifPresent(pending -> watchDeadline(pending.deadline()));
    }

    /** Checks the confirmed commit again at {@code deadline}, on the workers. */
    void watchDeadline(Instant deadline) {
        DeadlineWatch current = deadlineWatch.get();
        // a timer that is firing now has no delay left: it may find the deadline a moment ahead
        if (current != null && current.deadline().equals(deadline)
                && current.timer().getDelay(TimeUnit.MILLISECONDS) > 0) {
            return;
        }
        long delayMillis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis()) + 1;
        ScheduledFuture<?> timer = timers.schedule(() -> workers.execute(this::deadlineReached), delayMillis,
                TimeUnit.MILLISECONDS);
        DeadlineWatch previous = deadlineWatch.getAndSet(new DeadlineWatch(deadline, timer));
        if (previous != null) {
            previous.timer().cancel(false);
        }
    }

    private void deadlineReached() {
        try {
            enforceConfirmedCommit();
        } catch (IOException | RuntimeException e) {
            LOG.error("could not check the pending confirmed commit against its deadline", e);
        }
    }

    private static DeviceSchema shippedSchema() {
        try {
            return DeviceSchema.shipped();
        } catch (SchemaException e) {
            throw new IllegalStateException("the YANG modules shipped in the jar do not load: " + e.getMessage(), e);
        }
    }

    /** Ends session {@code id} wherever it runs; false when no live session has that id. */
    boolean kill(long id) throws IOException {
        NetconfServerSession session = local.get(id);
        if (session != null) {
            running.releaseLocks(id);
            candidate.releaseLocks(id);
            session.terminate("killed by kill-session");
            return true;
        }
        if (!sessions.isLive(id)) {
            return false;
        }
        running.releaseLocks(id);
        candidate.releaseLocks(id);
        sessions.requestKill(id);
        return true;
    }

    void sessionEnded(NetconfServerSession session, String reason) {
        long id = session.sessionId();
        try {
            running.releaseLocks(id);
            candidate.releaseLocks(id);
            commits.sessionEnded(id);
            sessions.unregister(id);
        } catch (IOException e) {
            LOG.warn("could not clear the records of session {}: {}", id, e.toString());
        }
        // removed last, so that close() waits for the records above to be cleared
        logins.remove(id);
        roles.remove(id);
        local.remove(id);
        LOG.info("NETCONF session {} ended: {}", id, reason);
    }

    /** The timer that checks the pending confirmed commit at its deadline. */
    private record DeadlineWatch(Instant deadline, ScheduledFuture<?> timer) {
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
        DeadlineWatch watch = deadlineWatch.getAndSet(null);
        if (watch != null) {
            watch.timer().cancel(false);
        }
        if (ownTimers) {
            timers.shutdown();
        }
    }
}
