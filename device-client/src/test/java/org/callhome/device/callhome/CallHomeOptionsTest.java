package org.callhome.device.callhome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.config.CallHomeJson;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.ConnectionType;
import org.callhome.shared.config.DeviceCallHomeConfig;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.config.ReconnectStrategy;
import org.callhome.shared.config.StartWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

class CallHomeOptionsTest {

    @Command(name = "dial")
    static final class Dial {
        @Mixin
        CallHomeOptions options;
    }

    @Command(name = "device", subcommands = Dial.class)
    static final class Device {
    }

    @TempDir
    Path dir;

    private static CallHomeOptions parse(String... args) {
        Dial dial = new Dial();
        new CommandLine(dial).parseArgs(args);
        return dial.options;
    }

    private static String refused(String... args) {
        return assertThrows(ParameterException.class, () -> parse(args).settings()).getMessage();
    }

    /** A file whose every value differs from the defaults, so that a value from it is recognisable. */
    private Path file() throws IOException {
        CallHomeSettings nms = new CallHomeSettings("lab-nms",
                List.of(Endpoint.parse("nms1.lab:4400"), Endpoint.parse("nms2.lab:4400")),
                new ConnectionType.Periodic(Duration.ofMinutes(30), Optional.of(Instant.parse("2026-01-01T00:15:00Z")),
                        Duration.ofSeconds(90)),
                new ReconnectStrategy(StartWith.LAST_CONNECTED, Duration.ofSeconds(20), 4),
                new Keepalives(Duration.ofSeconds(10), 6), 0.3);
        DeviceSshSettings ssh = new DeviceSshSettings(Path.of("/etc/ch/host_key"),
                List.of(DeviceSshSettings.Account.parse("ops:admin:/etc/ch/ops.keys")));
        String json = CallHomeJson.write(new DeviceCallHomeConfig(List.of(nms), ssh));
        return Files.writeString(dir.resolve("device.json"), json);
    }

    @Test
    void nmsFlagsAloneGiveTheModelsDefaults() throws IOException {
        CallHomeSettings settings = parse("--nms", "nms1.example.net", "--nms", "[2001:db8::1]:830").settings();
        assertEquals(CallHomeSettings.defaults("nms",
                List.of(new Endpoint("nms1.example.net:4334", "nms1.example.net", 4334),
                        new Endpoint("[2001:db8::1]:830", "2001:db8::1", 830))), settings);
    }

    @Test
    void anNmsWithoutAPortGetsTheStrategysDefaultPortAndOneWithAPortKeepsIt() throws IOException {
        CallHomeSettings settings = parse("--nms", "nms1.example.net", "--nms", "nms2.example.net:4334",
                "--nms", "2001:db8::1").settings(Endpoint.DEFAULT_TLS_PORT);
        assertEquals(List.of(new Endpoint("nms1.example.net:4335", "nms1.example.net", 4335),
                new Endpoint("nms2.example.net:4334", "nms2.example.net", 4334),
                new Endpoint("[2001:db8::1]:4335", "2001:db8::1", 4335)), settings.endpoints());
    }

    @Test
    void aMalformedNmsIsRefusedWhileParsing() {
        assertThrows(ParameterException.class, () -> parse("--nms", "nms:99999"));
    }

    @Test
    void withoutAnyEndpointThereIsNothingToCall() {
        assertTrue(refused().contains("no NMS to call: give --nms HOST[:PORT] (repeatable) or --config FILE"));
    }

    @Test
    void theFileGivesEveryValueTheFlagsLeaveOut() throws IOException {
        CallHomeOptions options = parse("--config", file().toString());
        assertEquals(CallHomeJson.read(file()).clients().get(0), options.settings());
        assertEquals(Path.of("/etc/ch/host_key"), options.sshSettings().orElseThrow().hostKeyFile());
    }

    @Test
    void flagsGivenOverrideTheFile() throws IOException {
        CallHomeSettings settings = parse("--config", file().toString(), "--max-attempts", "7", "--jitter", "0.1",
                "--keepalive-max-wait", "45", "--period", "5").settings();

        assertEquals(new ReconnectStrategy(StartWith.LAST_CONNECTED, Duration.ofSeconds(20), 7), settings.reconnect());
        assertEquals(0.1, settings.jitterFraction());
        assertEquals(new Keepalives(Duration.ofSeconds(45), 6), settings.keepalives());
        assertEquals(new ConnectionType.Periodic(Duration.ofMinutes(5),
                Optional.of(Instant.parse("2026-01-01T00:15:00Z")),
                Duration.ofSeconds(90)), settings.connectionType());
        assertEquals("lab-nms", settings.name());
        assertEquals(2, settings.endpoints().size());
    }

    @Test
    void nmsFlagsReplaceTheFilesEndpoints() throws IOException {
        CallHomeSettings settings = parse("--config", file().toString(), "--nms", "backup.lab").settings();
        assertEquals(List.of(Endpoint.parse("backup.lab")), settings.endpoints());
        assertEquals(4, settings.reconnect().maxAttempts());
    }

    @Test
    void flagsOverrideTheFileAlsoInASubcommand() throws IOException {
        CommandLine device = new CommandLine(new Device());
        device.parseArgs("dial", "--config", file().toString(), "--max-attempts", "9");
        Dial dial = device.getSubcommands().get("dial").getCommand();

        CallHomeSettings settings = dial.options.settings();

        assertEquals(new ReconnectStrategy(StartWith.LAST_CONNECTED, Duration.ofSeconds(20), 9), settings.reconnect());
    }

    @Test
    void periodicFromFlags() throws IOException {
        CallHomeSettings settings = parse("--nms", "nms", "--connection-type", "periodic", "--period", "15",
                "--anchor-time", "2026-01-01T01:15:00+01:00", "--idle-timeout", "60",
                "--start-with", "random-selection",
                "--max-wait", "12").settings();
        assertEquals(new ConnectionType.Periodic(Duration.ofMinutes(15),
                Optional.of(Instant.parse("2026-01-01T00:15:00Z")),
                Duration.ofSeconds(60)), settings.connectionType());
        assertEquals(new ReconnectStrategy(StartWith.RANDOM_SELECTION, Duration.ofSeconds(12), 3),
                settings.reconnect());
    }

    @Test
    void persistentFlagOverridesAPeriodicFile() throws IOException {
        assertEquals(new ConnectionType.Persistent(),
                parse("--config", file().toString(), "--connection-type", "persistent").settings().connectionType());
    }

    @Test
    void periodicOptionsNeedAPeriodicConnection() {
        assertTrue(refused("--nms", "nms", "--period", "5")
                .contains("--period applies to periodic connections only: add --connection-type periodic"));
        assertTrue(refused("--nms", "nms", "--idle-timeout", "5").contains("--idle-timeout applies to periodic"));
        assertTrue(refused("--nms", "nms", "--connection-type", "sometimes")
                .contains("--connection-type must be persistent or periodic, got 'sometimes'"));
    }

    @Test
    void rangesAreCheckedAtTheLimitAndOnePast() throws IOException {
        assertEquals(255, parse("--nms", "n", "--max-attempts", "255").settings().reconnect().maxAttempts());
        assertTrue(refused("--nms", "n", "--max-attempts", "256")
                .contains("--max-attempts must be in 1..255, got 256"));
        assertTrue(refused("--nms", "n", "--max-attempts", "0").contains("--max-attempts must be in 1..255, got 0"));
        assertEquals(Duration.ofSeconds(65535),
                parse("--nms", "n", "--max-wait", "65535").settings().reconnect().maxWait());
        assertTrue(refused("--nms", "n", "--max-wait", "65536").contains("--max-wait must be in 1..65535, got 65536"));
        assertTrue(refused("--nms", "n", "--keepalive-max-attempts", "0")
                .contains("--keepalive-max-attempts must be in 1..255"));
        assertEquals(0.5, parse("--nms", "n", "--jitter", "0.5").settings().jitterFraction());
        assertTrue(refused("--nms", "n", "--jitter", "0.51").contains("jitter fraction must be in 0..0.5, got 0.51"));
    }

    @Test
    void malformedValuesAreRefusedWhileParsing() {
        assertTrue(assertThrows(ParameterException.class, () -> parse("--nms", "nms:0")).getMessage()
                .contains("port must be in 1..65535, got 0"));
        assertTrue(assertThrows(ParameterException.class, () -> parse("--start-with", "nearest")).getMessage()
                .contains("unknown start-with 'nearest'"));
        assertTrue(assertThrows(ParameterException.class, () -> parse("--anchor-time", "2026-01-01T00:15:30Z"))
                .getMessage().contains("not on a whole minute"));
    }

    /** A file that is wrong is not a usage error: it is reported like every other file, led by its option. */
    @Test
    void aBadFileIsReportedWithItsPlace() throws IOException {
        String json = Files.readString(file()).replace("\"max-attempts\": 4", "\"max-attempts\": 0");
        Path bad = Files.writeString(dir.resolve("bad.json"), json);
        assertEquals("--config " + bad + ": /ietf-netconf-server:netconf-server/call-home"
                + "/netconf-client[0]/reconnect-strategy/max-attempts: must be in 1..255, got 0", unreadable(bad));
        Path missing = dir.resolve("missing.json");
        assertEquals("--config " + missing + ": file does not exist", unreadable(missing));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\n  \"a\": 1,\n  oops\n}\n");
        assertEquals("--config " + broken + ": line 3, column 3: not valid JSON: unexpected 'o'; expected a member "
                + "name in double quotes", unreadable(broken));
    }

    private static String unreadable(Path config) {
        return assertThrows(IOException.class, () -> parse("--config", config.toString()).settings()).getMessage();
    }

    @Test
    void aFileWithTwoNmsIsRefused() throws IOException {
        DeviceCallHomeConfig one = CallHomeJson.read(file());
        DeviceCallHomeConfig two = new DeviceCallHomeConfig(List.of(one.clients().get(0),
                CallHomeSettings.defaults("other", List.of(Endpoint.parse("other.lab")))), one.ssh());
        Path both = Files.writeString(dir.resolve("two.json"), CallHomeJson.write(two));
        assertTrue(unreadable(both).contains("has 2 NMSs (netconf-client entries); this command calls one"));
    }

    @Test
    void helpShowsEveryDefault() {
        String usage = new CommandLine(new Dial()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (String expected : List.of("--nms=HOST[:PORT]", "(default port: 4334)", "(default: first-listed)",
                "(default: 5)", "(default: 3)", "(default: persistent)", "(default: 60)", "(default: 180)",
                "(default: 30)", "(default: 0.2)", "--config=FILE")) {
            assertTrue(usage.contains(expected), "usage lacks '" + expected + "':\n" + usage);
        }
    }
}
