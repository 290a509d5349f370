package org.callhome.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every check of the settings records, each limit at the limit and one past it. */
class SettingsValidationTest {

    private static final List<Endpoint> ONE = List.of(Endpoint.parse("nms.example.net"));
    private static final Duration MAX_SECONDS = Duration.ofSeconds(65535);

    private static void refused(String reason, Executable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' should contain '" + reason + "'");
    }

    @Test
    void defaultsAreTheModels() {
        CallHomeSettings settings = CallHomeSettings.defaults("nms", ONE);
        assertEquals(new ConnectionType.Persistent(), settings.connectionType());
        assertEquals(new ReconnectStrategy(StartWith.FIRST_LISTED, Duration.ofSeconds(5), 3), settings.reconnect());
        assertEquals(new Keepalives(Duration.ofSeconds(30), 3), settings.keepalives());
        assertEquals(0.2, settings.jitterFraction());
        assertEquals(new ConnectionType.Periodic(Duration.ofMinutes(60), Optional.empty(), Duration.ofSeconds(180)),
                ConnectionType.Periodic.DEFAULT);
    }

    @Test
    void reconnectAttemptsAre1To255() {
        assertEquals(1, new ReconnectStrategy(StartWith.FIRST_LISTED, Duration.ofSeconds(1), 1).maxAttempts());
        assertEquals(255, new ReconnectStrategy(StartWith.FIRST_LISTED, Duration.ofSeconds(1), 255).maxAttempts());
        refused("reconnect max-attempts must be in 1..255, got 0",
                () -> new ReconnectStrategy(StartWith.FIRST_LISTED, Duration.ofSeconds(1), 0));
        refused("reconnect max-attempts must be in 1..255, got 256",
                () -> new ReconnectStrategy(StartWith.FIRST_LISTED, Duration.ofSeconds(1), 256));
    }

    @Test
    void reconnectMaxWaitIsPositiveAndFitsTheModel() {
        new ReconnectStrategy(StartWith.FIRST_LISTED, Duration.ofNanos(1), 3);
        new ReconnectStrategy(StartWith.FIRST_LISTED, MAX_SECONDS, 3);
        refused("reconnect max-wait must be positive",
                () -> new ReconnectStrategy(StartWith.FIRST_LISTED, Duration.ZERO, 3));
        refused("reconnect max-wait must be positive",
                () -> new ReconnectStrategy(StartWith.FIRST_LISTED, Duration.ofSeconds(-1), 3));
        refused("reconnect max-wait must be at most PT18H12M15S",
                () -> new ReconnectStrategy(StartWith.FIRST_LISTED, MAX_SECONDS.plusNanos(1), 3));
    }

    @Test
    void keepalivesFitTheModel() {
        new Keepalives(MAX_SECONDS, 255);
        refused("keepalive max-attempts must be in 1..255, got 0", () -> new Keepalives(Duration.ofSeconds(30), 0));
        refused("keepalive max-attempts must be in 1..255, got 256", () -> new Keepalives(Duration.ofSeconds(30), 256));
        refused("keepalive max-wait must be positive", () -> new Keepalives(Duration.ZERO, 3));
        refused("keepalive max-wait must be at most", () -> new Keepalives(MAX_SECONDS.plusSeconds(1), 3));
    }

    @Test
    void periodicTimesArePositiveAndFitTheModel() {
        Duration maxMinutes = Duration.ofMinutes(65535);
        new ConnectionType.Periodic(maxMinutes, Optional.empty(), MAX_SECONDS);
        refused("period must be positive", () -> ConnectionType.Periodic.DEFAULT.withPeriod(Duration.ZERO));
        refused("period must be at most", () -> ConnectionType.Periodic.DEFAULT.withPeriod(maxMinutes.plusSeconds(1)));
        refused("idle-timeout must be positive", () -> ConnectionType.Periodic.DEFAULT.withIdleTimeout(Duration.ZERO));
        refused("idle-timeout must be at most",
                () -> ConnectionType.Periodic.DEFAULT.withIdleTimeout(MAX_SECONDS.plusSeconds(1)));
        assertThrows(NullPointerException.class,
                () -> new ConnectionType.Periodic(Duration.ofMinutes(1), null, Duration.ofSeconds(1)));
    }

    @Test
    void jitterIsAFractionUpToAHalfWithTwoDecimals() {
        CallHomeSettings settings = CallHomeSettings.defaults("nms", ONE);
        assertEquals(0.0, settings.withJitterFraction(0).jitterFraction());
        assertEquals(0.5, settings.withJitterFraction(0.5).jitterFraction());
        assertEquals(0.05, settings.withJitterFraction(0.05).jitterFraction());
        refused("jitter fraction must be in 0..0.5, got 0.51", () -> settings.withJitterFraction(0.51));
        refused("jitter fraction must be in 0..0.5, got -0.01", () -> settings.withJitterFraction(-0.01));
        refused("jitter fraction must be in 0..0.5, got NaN", () -> settings.withJitterFraction(Double.NaN));
        refused("jitter fraction must have at most 2 decimals, got 0.125", () -> settings.withJitterFraction(0.125));
    }

    @Test
    void anNmsNeedsANameAndDistinctEndpoints() {
        refused("the NMS name must not be blank", () -> CallHomeSettings.defaults(" ", ONE));
        refused("NMS 'nms': at least one endpoint is needed", () -> CallHomeSettings.defaults("nms", List.of()));
        refused("endpoint name 'nms.example.net:4334' appears more than once",
                () -> CallHomeSettings.defaults("nms", List.of(ONE.get(0), ONE.get(0))));
    }

    @Test
    void aDeviceNeedsDistinctNmsNames() {
        DeviceSshSettings ssh = new DeviceSshSettings(Path.of("/k"),
                List.of(DeviceSshSettings.Account.parse("a:admin")));
        CallHomeSettings nms = CallHomeSettings.defaults("nms", ONE);
        refused("at least one NMS (netconf-client) is needed", () -> new DeviceCallHomeConfig(List.of(), ssh));
        refused("NMS name 'nms' appears more than once", () -> new DeviceCallHomeConfig(List.of(nms, nms), ssh));
    }

    @Test
    void startWithUsesTheModuleNames() {
        assertEquals(StartWith.RANDOM_SELECTION, StartWith.fromWireName("random-selection"));
        assertEquals("last-connected", StartWith.LAST_CONNECTED.wireName());
        refused("unknown start-with 'first': expected one of first-listed, last-connected, random-selection",
                () -> StartWith.fromWireName("first"));
    }
}
