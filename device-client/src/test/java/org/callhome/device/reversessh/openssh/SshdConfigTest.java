package org.callhome.device.reversessh.openssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.callhome.device.reversessh.openssh.UnixUsers.UnixUser;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.SshPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshdConfigTest {

    /** Every name is a user with a working shell. */
    private static final UnixUsers ANYONE = name -> Optional.of(new UnixUser(name, Path.of("/home", name), "/bin/sh"));
    private static final StdioLauncher STDIO = new StdioLauncher(Path.of("/usr/bin/java"),
            List.of(Path.of("/opt/callhome/a.jar"), Path.of("/opt/callhome/b.jar")), Path.of("/var/lib/callhome"), 4096);

    @TempDir
    Path dir;

    private static SshdConfig.Settings settings(List<Account> accounts, StdioLauncher stdio) {
        return new SshdConfig.Settings(Path.of("/etc/callhome/host_key"), accounts, Duration.ofSeconds(10),
                new Keepalives(Duration.ofSeconds(2), 3), stdio);
    }

    private static Account account(String name, Role role, String keys) {
        return new Account(name, role, Optional.ofNullable(keys).map(Path::of));
    }

    private static List<String> lines(SshdConfig config) {
        return config.text().lines().toList();
    }

    @Test
    void allowsPublicKeysOnlyAndNothingButTheForcedNetconfCommand() throws IOException {
        SshdConfig config = SshdConfig.generate(settings(List.of(account("nms", Role.ADMIN, "/keys/nms"),
                account("audit", Role.READ_ONLY, "/keys/audit")), STDIO), ANYONE);
        List<String> lines = lines(config);
        for (String expected : List.of("HostKey /etc/callhome/host_key", "PidFile none", "LogLevel VERBOSE",
                "UsePAM no", "StrictModes no", "PermitRootLogin prohibit-password", "PubkeyAuthentication yes",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "AuthenticationMethods publickey",
                "AuthorizedKeysFile none", "LoginGraceTime 10", "ClientAliveInterval 2", "ClientAliveCountMax 3",
                "DisableForwarding yes", "AllowAgentForwarding no", "X11Forwarding no", "PermitTunnel no",
                "PermitTTY no", "PermitUserRC no", "AllowUsers nms audit")) {
            assertTrue(lines.contains(expected), "missing '" + expected + "' in\n" + config.text());
        }
        String stdio = "/usr/bin/java " + StdioLauncher.QUIET_LOGBACK + " -cp /opt/callhome/a.jar:/opt/callhome/b.jar"
                + " org.callhome.device.DeviceClientMain stdio --datastore /var/lib/callhome";
        assertTrue(lines.contains("Subsystem netconf " + stdio + " --role read-only --max-message-bytes 4096"),
                config.text());
        int firstMatch = lines.indexOf("Match User nms");
        assertEquals(List.of("Match User nms",
                        "    AuthorizedKeysFile /keys/nms",
                        "    ForceCommand " + stdio + " --user nms --role admin --max-message-bytes 4096",
                        "Match User audit",
                        "    AuthorizedKeysFile /keys/audit",
                        "    ForceCommand " + stdio + " --user audit --role read-only --max-message-bytes 4096"),
                lines.subList(firstMatch, lines.size()), "the Match blocks close the file");
    }

    @Test
    void offersExactlyThePolicyAlgorithmsInPolicyOrder() throws IOException {
        List<String> lines = lines(SshdConfig.generate(settings(List.of(account("nms", Role.ADMIN, null)), STDIO),
                ANYONE));
        assertTrue(lines.contains("KexAlgorithms " + String.join(",", SshPolicy.KEY_EXCHANGES)), lines.toString());
        assertTrue(lines.contains("Ciphers " + String.join(",", SshPolicy.CIPHERS)), lines.toString());
        assertTrue(lines.contains("MACs " + String.join(",", SshPolicy.MACS)), lines.toString());
        assertTrue(lines.contains("HostKeyAlgorithms " + String.join(",", SshPolicy.SIGNATURES)), lines.toString());
        assertTrue(lines.contains("PubkeyAcceptedAlgorithms " + String.join(",", SshPolicy.SIGNATURES)),
                lines.toString());
    }

    @Test
    void dropsAlgorithmsOpenSshDoesNotKnow() {
        assertEquals("curve25519-sha256", OpenSshAlgorithms.keep("KexAlgorithms",
                List.of("curve25519-sha256", "mlkem768x25519-sha256"), OpenSshAlgorithms.KEX));
        assertThrows(IllegalStateException.class, () -> OpenSshAlgorithms.keep("Ciphers",
                List.of("aes256-gcm"), OpenSshAlgorithms.CIPHERS));
    }

    @Test
    void accountWithoutAuthorizedKeysFileCanNeverLogIn() throws IOException {
        List<String> lines = lines(SshdConfig.generate(settings(List.of(account("nms", Role.ADMIN, null)), STDIO),
                ANYONE));
        assertEquals("    AuthorizedKeysFile none", lines.get(lines.indexOf("Match User nms") + 1));
    }

    @Test
    void roundsTimeoutsUpToWholeSecondsAndNeverToZero() throws IOException {
        SshdConfig config = SshdConfig.generate(new SshdConfig.Settings(Path.of("/k"),
                List.of(account("nms", Role.ADMIN, null)), Duration.ofMillis(1001),
                new Keepalives(Duration.ofMillis(200), 1), STDIO), ANYONE);
        assertTrue(lines(config).contains("LoginGraceTime 2"), config.text());
        assertTrue(lines(config).contains("ClientAliveInterval 1"), config.text());
        assertTrue(lines(config).contains("ClientAliveCountMax 1"), config.text());
        assertThrows(IllegalArgumentException.class, () -> new SshdConfig.Settings(Path.of("/k"),
                List.of(account("nms", Role.ADMIN, null)), Duration.ZERO, Keepalives.DEFAULT, STDIO));
    }

    @Test
    void quotesWordsForTheShellAndValuesForSshdConfig() throws IOException {
        StdioLauncher odd = new StdioLauncher(Path.of("/opt/my java/bin/java"), List.of(Path.of("/opt/it's/a.jar")),
                Path.of("/var/lib/call \"home\""), 4096);
        List<String> lines = lines(SshdConfig.generate(settings(List.of(account("nms", Role.ADMIN,
                "/keys/100% nms")), odd), ANYONE));
        assertTrue(lines.contains("    AuthorizedKeysFile \"/keys/100%% nms\""), lines.toString());
        assertTrue(lines.contains("    ForceCommand '/opt/my java/bin/java' " + StdioLauncher.QUIET_LOGBACK
                + " -cp '/opt/it'\\''s/a.jar' org.callhome.device.DeviceClientMain stdio --datastore"
                + " '/var/lib/call \"home\"' --user nms --role admin --max-message-bytes 4096"), lines.toString());
        assertTrue(lines.contains("Subsystem netconf \"'/opt/my java/bin/java'\" " + StdioLauncher.QUIET_LOGBACK
                + " -cp \"'/opt/it'\\\\''s/a.jar'\" org.callhome.device.DeviceClientMain stdio --datastore"
                + " \"'/var/lib/call \\\"home\\\"'\" --role read-only --max-message-bytes 4096"), lines.toString());
    }

    @Test
    void forcedCommandReachesTheProgramWordForWordThroughTheShell() throws Exception {
        Path java = printArgumentsScript(dir.resolve("my 'odd' java"));
        StdioLauncher odd = new StdioLauncher(java, List.of(dir.resolve("a b.jar"), dir.resolve("$HOME`x`.jar")),
                dir.resolve("data \\ \"dir\" *"), 4096);
        List<String> lines = lines(SshdConfig.generate(settings(List.of(account("nms", Role.ADMIN, null)), odd),
                ANYONE));
        String forced = lines.get(lines.indexOf("Match User nms") + 2).substring("    ForceCommand ".length());
        List<String> expected = odd.argv(Optional.of("nms"), Role.ADMIN);
        assertEquals(expected.subList(1, expected.size()), runInShell(forced));
    }

    @Test
    void sshdReadsBackTheValuesThatWereWritten() throws Exception {
        InstalledSshd.require();
        Sshd.preparePrivilegeSeparationDir(Sshd.runningAsRoot());
        Path hostKey = dir.resolve("host key");
        SshKeys.loadOrCreateHostKey(hostKey);
        Path java = printArgumentsScript(dir.resolve("my 'odd' java"));
        StdioLauncher odd = new StdioLauncher(java, List.of(dir.resolve("a b.jar"), dir.resolve("c\\d.jar")),
                dir.resolve("data \"dir\" 100%"), 4096);
        SshdConfig config = SshdConfig.generate(new SshdConfig.Settings(hostKey,
                List.of(account("nms", Role.ADMIN, dir.resolve("keys 100%").toString())), Duration.ofSeconds(10),
                Keepalives.DEFAULT, odd), ANYONE);
        Path file = dir.resolve("sshd_config");
        config.writeTo(file);
        Sshd.locate(Sshd.DEBIAN_PATH).check(file);

        List<String> effective = run(Sshd.DEBIAN_PATH.toString(), "-T", "-f", file.toString(),
                "-C", "user=nms,host=nms.example,addr=127.0.0.1");
        String subsystem = value(effective, "subsystem netconf ");
        List<String> readOnly = odd.argv(Optional.empty(), Role.READ_ONLY);
        assertEquals(readOnly.subList(1, readOnly.size()), runInShell(subsystem), "Subsystem, as sshd runs it");
        List<String> admin = odd.argv(Optional.of("nms"), Role.ADMIN);
        assertEquals(admin.subList(1, admin.size()), runInShell(value(effective, "forcecommand ")),
                "ForceCommand, as sshd runs it");
        assertEquals(dir.resolve("keys 100%%").toString(), value(effective, "authorizedkeysfile "),
                "sshd turns %% back into % when it opens the file");
        assertEquals("10", value(effective, "logingracetime "));
        assertEquals("publickey", value(effective, "authenticationmethods "));
    }

    @Test
    void namesTheHostCertificateAndTheRevocationListOnlyWhenGiven() throws IOException {
        List<Account> accounts = List.of(account("nms", Role.ADMIN, "/keys/nms"));
        List<String> plain = lines(SshdConfig.generate(settings(accounts, STDIO), ANYONE));
        assertTrue(plain.stream().noneMatch(line -> line.startsWith("HostCertificate")
                || line.startsWith("RevokedKeys")), String.join("\n", plain));

        List<String> lines = lines(SshdConfig.generate(settings(accounts, STDIO).withCertificates(
                Optional.of(Path.of("/etc/callhome/host key-cert.pub")), Optional.of(Path.of("/etc/callhome/krl"))),
                ANYONE));
        assertEquals(lines.indexOf("HostKey /etc/callhome/host_key") + 1,
                lines.indexOf("HostCertificate \"/etc/callhome/host key-cert.pub\""), "right after its key");
        assertTrue(lines.contains("RevokedKeys /etc/callhome/krl"), String.join("\n", lines));
    }

    @Test
    void refusesAnAccountThatIsNoUnixUser() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SshdConfig.generate(
                settings(List.of(account("callhome-no-such-user", Role.ADMIN, null)), STDIO), UnixUsers.GETENT));
        assertTrue(e.getMessage().contains("'callhome-no-such-user' is not a Unix user"), e.getMessage());
        assertTrue(e.getMessage().contains("getent passwd callhome-no-such-user"), e.getMessage());
    }

    @Test
    void acceptsTheUserRunningTheTests() throws IOException {
        String self = System.getProperty("user.name");
        assertTrue(SshdConfig.generate(settings(List.of(account(self, Role.ADMIN, null)), STDIO), UnixUsers.GETENT)
                .text().contains("Match User " + self + "\n"));
    }

    @Test
    void refusesAnAccountWhoseLoginShellCannotRunTheSession() {
        UnixUsers noLogin = name -> Optional.of(new UnixUser(name, Path.of("/"), "/usr/sbin/nologin"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SshdConfig.generate(
                settings(List.of(account("nms", Role.ADMIN, null)), STDIO), noLogin));
        assertTrue(e.getMessage().contains("/usr/sbin/nologin"), e.getMessage());
    }

    @Test
    void refusesUserNamesThatSshdWouldReadAsPatterns() {
        for (String name : List.of("nms*", "n?s", "!nms", "nms@host", "nms,root", "-nms")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SshdConfig.generate(
                    settings(List.of(account(name, Role.ADMIN, null)), STDIO), ANYONE), name);
            assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        }
    }

    @Test
    void refusesLineBreaksInPaths() {
        StdioLauncher broken = new StdioLauncher(Path.of("/usr/bin/java"), List.of(Path.of("/a.jar")),
                Path.of("/var/lib/x\nForceCommand /bin/sh"), 4096);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SshdConfig.generate(
                settings(List.of(account("nms", Role.ADMIN, null)), broken), ANYONE));
        assertTrue(e.getMessage().contains("control character"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SshdConfig.generate(
                settings(List.of(account("nms", Role.ADMIN, "/keys/a\rb")), STDIO), ANYONE));
    }

    @Test
    void writesTheFileForItsOwnerOnly() throws IOException {
        Path file = dir.resolve("openssh").resolve("sshd_config");
        SshdConfig config = SshdConfig.generate(settings(List.of(account("nms", Role.ADMIN, null)), STDIO), ANYONE);
        config.writeTo(file);
        config.writeTo(file);
        assertEquals(config.text(), Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
    }

    /** A stand-in for java that prints each argument on a line of its own. */
    private static Path printArgumentsScript(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path script = folder.resolve("java");
        Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** What sshd does with a command: {@code $SHELL -c COMMAND}. */
    private static List<String> runInShell(String command) throws Exception {
        return run("/bin/sh", "-c", command);
    }

    private static List<String> run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), Arrays.toString(command) + " did not end");
        assertEquals(0, process.exitValue(), Arrays.toString(command) + ": " + output);
        return output.lines().toList();
    }

    private static String value(List<String> effective, String prefix) {
        return effective.stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + effective));
    }
}
