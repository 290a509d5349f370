package org.callhome.device.callhome;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.cli.OptionChecks;
import org.callhome.shared.config.CallHomeJson;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.ConnectionType;
import org.callhome.shared.config.DeviceCallHomeConfig;
import org.callhome.shared.config.DeviceSshClientConfig;
import org.callhome.shared.config.DeviceSshClientJson;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceTlsCallHomeConfig;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.config.ReconnectStrategy;
import org.callhome.shared.config.StartWith;
import org.callhome.shared.config.TlsCallHomeJson;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The call-home flags of the device agent, for commands that dial an NMS ({@code @Mixin}). The
 * settings come from {@code --config} (the ietf-netconf-server JSON file), else from the model's
 * defaults; each flag given on the command line overrides its value, so one file can serve a
 * fleet and a flag can adjust one device.
 */
public final class CallHomeOptions {

    /** The NMS's name when no file names it: it only appears in logs. */
    static final String DEFAULT_NMS_NAME = "nms";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--nms", paramLabel = "HOST[:PORT]", converter = CallHomeConverters.EndpointConverter.class,
            description = "An NMS address to call home to, [IPV6]:PORT for IPv6 (default port: "
                    + Endpoint.DEFAULT_PORT + "). In --mode tls the default port is " + Endpoint.DEFAULT_TLS_PORT
                    + ". Repeat for more endpoints, tried in the given order; replaces the endpoints of --config.")
    List<String> nms = new ArrayList<>();

    @Option(names = "--start-with", paramLabel = "WHICH", converter = CallHomeConverters.StartWithConverter.class,
            defaultValue = "first-listed",
            description = "Endpoint each round of attempts starts with: first-listed, last-connected or"
                    + " random-selection (default: ${DEFAULT-VALUE}).")
    StartWith startWith;

    @Option(names = "--max-wait", paramLabel = "SECONDS",
            defaultValue = "" + ReconnectStrategy.DEFAULT_MAX_WAIT_SECONDS,
            description = "Time one attempt may take to connect before it counts as failed"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxWaitSeconds;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "" + ReconnectStrategy.DEFAULT_MAX_ATTEMPTS,
            description = "Attempts on one endpoint before moving to the next, round robin"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--connection-type", paramLabel = "TYPE", defaultValue = "persistent",
            description = "persistent: stay connected, reconnect when the connection ends; periodic: connect"
                    + " every --period (default: ${DEFAULT-VALUE}).")
    String connectionType;

    @Option(names = "--period", paramLabel = "MINUTES",
            defaultValue = "" + ConnectionType.Periodic.DEFAULT_PERIOD_MINUTES,
            description = "Periodic: time between connections (default: ${DEFAULT-VALUE}).")
    int periodMinutes;

    @Option(names = "--anchor-time", paramLabel = "ISO-8601", converter = CallHomeConverters.AnchorTimeConverter.class,
            description = "Periodic: a time on the connection schedule, on a whole minute, such as"
                    + " 2026-01-01T00:15:00Z (default: none, the schedule starts when the device does).")
    Instant anchorTime;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            defaultValue = "" + ConnectionType.Periodic.DEFAULT_IDLE_TIMEOUT_SECONDS,
            description = "Periodic: close a connection that carried nothing this long (default: ${DEFAULT-VALUE}).")
    int idleTimeoutSeconds;

    @Option(names = "--keepalive-max-wait", paramLabel = "SECONDS",
            defaultValue = "" + Keepalives.DEFAULT_MAX_WAIT_SECONDS,
            description = "Quiet time before an SSH keepalive asks whether the NMS is there"
                    + " (default: ${DEFAULT-VALUE}). In --mode tls, TCP keepalive's idle time and probe interval:"
                    + " Java's TLS cannot send the TLS heartbeats RFC 8071 asks for.")
    int keepaliveMaxWaitSeconds;

    @Option(names = "--keepalive-max-attempts", paramLabel = "N", defaultValue = "" + Keepalives.DEFAULT_MAX_ATTEMPTS,
            description = "Unanswered keepalives in a row before the connection is dropped"
                    + " (default: ${DEFAULT-VALUE}; in --mode tls, TCP keepalive probes).")
    int keepaliveMaxAttempts;

    @Option(names = "--jitter", paramLabel = "FRACTION", defaultValue = "" + CallHomeSettings.DEFAULT_JITTER_FRACTION,
            description = "Spread every reconnection delay at random by up to this fraction, 0 to 0.5, so that a"
                    + " fleet does not call back in lockstep (default: ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Call-home configuration, RFC 7951 JSON with one netconf-client: reverse-ssh, of "
                    + "ietf-netconf-server call-home with ssh endpoints (see examples/device-call-home.json); tls, "
                    + "the same with tls endpoints (key, chain and accounts' CA files through callhome-device-tls); "
                    + "device-ssh-client, of callhome-device-ssh-client (see examples/device-ssh-client.json). "
                    + "Flags given override it.")
    Path config;

    private DeviceCallHomeConfig loaded;
    private DeviceSshClientConfig loadedClient;
    private DeviceTlsCallHomeConfig loadedTls;

    /**
     * The settings in force: the file's or the defaults, overridden by the flags given.
     *
     * @throws IOException starting with {@code --config FILE} when the file is missing or wrong
     */
    public CallHomeSettings settings() throws IOException {
        return settings(Endpoint.DEFAULT_PORT);
    }

    /**
     * As {@link #settings()}, an {@code --nms} given without a port getting {@code defaultPort} (the
     * strategy's: 4334 for SSH, 4335 for TLS).
     */
    public CallHomeSettings settings(int defaultPort) throws IOException {
        Optional<CallHomeSettings> fromFile = loadedClient != null
                ? Optional.of(loadedClient.clients().get(0).callHome())
                : loadedTls != null ? Optional.of(loadedTls.clients().get(0))
                : configFile().map(file -> file.clients().get(0));
        List<Endpoint> endpoints = given("--nms") ? nms.stream().map(text -> Endpoint.parse(text, defaultPort))
                .toList() : fromFile.map(CallHomeSettings::endpoints).orElse(List.of());
        if (endpoints.isEmpty()) {
            throw error("no NMS to call: give --nms HOST[:PORT] (repeatable) or --config FILE");
        }
        try {
            CallHomeSettings base = fromFile.orElseGet(() -> CallHomeSettings.defaults(DEFAULT_NMS_NAME, endpoints));
            ReconnectStrategy reconnect = base.reconnect();
            Keepalives keepalives = base.keepalives();
            return base.withEndpoints(endpoints)
                    .withReconnect(new ReconnectStrategy(
                            given("--start-with") ? startWith : reconnect.startWith(),
                            given("--max-wait") ? seconds("--max-wait", maxWaitSeconds) : reconnect.maxWait(),
                            given("--max-attempts") ? count("--max-attempts", maxAttempts) : reconnect.maxAttempts()))
                    .withConnectionType(connectionType(base.connectionType()))
                    .withKeepalives(new Keepalives(
                            given("--keepalive-max-wait")
                                    ? seconds("--keepalive-max-wait", keepaliveMaxWaitSeconds)
                                    : keepalives.maxWait(),
                            given("--keepalive-max-attempts")
                                    ? count("--keepalive-max-attempts", keepaliveMaxAttempts)
                                    : keepalives.maxAttempts()))
                    .withJitterFraction(given("--jitter") ? jitter : base.jitterFraction());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /**
     * Settings that stand for a {@code --config} file, such as a zero-touch bootstrap's, read from
     * {@code file} (named in messages) by the caller. Flags given still override them.
     */
    public void useConfiguration(DeviceCallHomeConfig configuration, Path file) throws IOException {
        if (configuration.clients().size() != 1) {
            throw new IOException(file + ": has " + configuration.clients().size() + " NMSs (netconf-client "
                    + "entries); this command calls one");
        }
        config = file;
        loaded = configuration;
    }

    /** As above, for a device-ssh-client configuration. */
    public void useConfiguration(DeviceSshClientConfig configuration, Path file) throws IOException {
        if (configuration.clients().size() != 1) {
            throw new IOException(file + ": has " + configuration.clients().size() + " NMSs (netconf-client "
                    + "entries); this command calls one");
        }
        config = file;
        loadedClient = configuration;
    }

    /** As above, for a tls configuration. */
    public void useConfiguration(DeviceTlsCallHomeConfig configuration, Path file) throws IOException {
        if (configuration.clients().size() != 1) {
            throw new IOException(file + ": has " + configuration.clients().size() + " NMSs (netconf-client "
                    + "entries); this command calls one");
        }
        config = file;
        loadedTls = configuration;
    }

    /**
     * The file of {@code --config} read as a device-ssh-client configuration (once); from then on
     * its NMS stands for the file's settings. Empty without {@code --config}.
     */
    public Optional<DeviceSshClientConfig> deviceSshClientConfig() throws IOException {
        if (config != null && loadedClient == null) {
            DeviceSshClientConfig file = OptionChecks.read("--config", config, () -> DeviceSshClientJson.read(config));
            if (file.clients().size() != 1) {
                throw new IOException("--config " + config + ": has " + file.clients().size()
                        + " NMSs (netconf-client entries); this command calls one: keep one, or give one file "
                        + "per NMS");
            }
            loadedClient = file;
        }
        return Optional.ofNullable(loadedClient);
    }

    /**
     * The file of {@code --config} read as a tls configuration (once); from then on its NMS and its
     * device side stand for the file's settings. Empty without {@code --config}.
     */
    public Optional<DeviceTlsCallHomeConfig> tlsConfig() throws IOException {
        if (config != null && loadedTls == null) {
            DeviceTlsCallHomeConfig file = OptionChecks.read("--config", config, () -> TlsCallHomeJson.read(config));
            if (file.clients().size() != 1) {
                throw new IOException("--config " + config + ": has " + file.clients().size()
                        + " NMSs (netconf-client entries); this command calls one: keep one, or give one file "
                        + "per NMS");
            }
            loadedTls = file;
        }
        return Optional.ofNullable(loadedTls);
    }

    /** The file given with {@code --config}, if any. */
    public Optional<Path> configPath() {
        return Optional.ofNullable(config);
    }

    /**
     * The host key and accounts of a reverse-ssh {@code --config}, if such a file was given; of a tls
     * one (key, chain, accounts with their CA files), once {@link #tlsConfig} has read it.
     */
    public Optional<DeviceSshSettings> sshSettings() throws IOException {
        if (loadedClient != null) {
            return Optional.empty();
        }
        if (loadedTls != null) {
            return Optional.of(loadedTls.device());
        }
        return configFile().map(DeviceCallHomeConfig::ssh);
    }

    private ConnectionType connectionType(ConnectionType base) {
        ConnectionType type = base;
        if (given("--connection-type")) {
            type = switch (connectionType) {
                case "persistent" -> new ConnectionType.Persistent();
                case "periodic" -> base instanceof ConnectionType.Periodic periodic
                        ? periodic : ConnectionType.Periodic.DEFAULT;
                default -> throw error("--connection-type must be persistent or periodic, got '"
                        + connectionType + "'");
            };
        }
        if (!(type instanceof ConnectionType.Periodic periodic)) {
            for (String option : List.of("--period", "--anchor-time", "--idle-timeout")) {
                if (given(option)) {
                    throw error(option + " applies to periodic connections only: add --connection-type periodic");
                }
            }
            return type;
        }
        if (given("--period")) {
            periodic = periodic.withPeriod(Duration.ofMinutes(inRange("--period", periodMinutes, 65535)));
        }
        if (given("--anchor-time")) {
            periodic = periodic.withAnchorTime(anchorTime);
        }
        if (given("--idle-timeout")) {
            periodic = periodic.withIdleTimeout(seconds("--idle-timeout", idleTimeoutSeconds));
        }
        return periodic;
    }

    /**
     * The file of {@code --config}, read once. What is wrong with it is an IOException, as for any
     * other file: the command line itself was right.
     */
    private Optional<DeviceCallHomeConfig> configFile() throws IOException {
        if (config != null && loaded == null) {
            DeviceCallHomeConfig file = OptionChecks.read("--config", config, () -> CallHomeJson.read(config));
            if (file.clients().size() != 1) {
                throw new IOException("--config " + config + ": has " + file.clients().size()
                        + " NMSs (netconf-client entries); this command calls one: keep one, or give one file "
                        + "per NMS");
            }
            loaded = file;
        }
        return Optional.ofNullable(loaded);
    }

    private boolean given(String option) {
        return mixee != null && mixee.commandLine() != null && mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

    private Duration seconds(String option, int value) {
        return Duration.ofSeconds(inRange(option, value, 65535));
    }

    private int count(String option, int value) {
        return inRange(option, value, 255);
    }

    private int inRange(String option, int value, int max) {
        if (value < 1 || value > max) {
            throw error(option + " must be in 1.." + max + ", got " + value);
        }
        return value;
    }

    private RuntimeException error(String message) {
        return mixee != null && mixee.commandLine() != null
                ? new ParameterException(mixee.commandLine(), message) : new IllegalArgumentException(message);
    }
}
