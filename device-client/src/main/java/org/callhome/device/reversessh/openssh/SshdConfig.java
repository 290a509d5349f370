package org.callhome.device.reversessh.openssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.callhome.device.reversessh.openssh.UnixUsers.UnixUser;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.shared.text.PeerText;

/**
 * The sshd_config of {@code --ssh-server openssh}: stock {@code sshd -i} as the SSH server of a
 * call-home connection (RFC 8071), public keys only, nothing but NETCONF. Each account is a
 * {@code Match User} block whose {@code ForceCommand} runs {@code device-client stdio} with that
 * user and role, so the role cannot come from anything the NMS sends. sshd reads the account's
 * authorized_keys file itself, {@code cert-authority} lines included, and the device's
 * {@code HostCertificate} and {@code RevokedKeys} when they are given. The global
 * {@code Subsystem netconf} line is never reached by an allowed user (every one has a forced
 * command); it is there for an operator who edits the file, and runs read-only.
 *
 * <p>Quoting: sshd reads {@code ForceCommand} as the rest of the line and hands it to the user's
 * login shell with {@code -c}, so its words are quoted for the shell. Other values are split by
 * sshd (double quotes group, backslash escapes {@code \ " '}), and {@code Subsystem} joins its
 * words back with spaces before the shell sees them, so a subsystem word is shell-quoted and then
 * config-quoted. {@code AuthorizedKeysFile} also expands {@code %} tokens, so {@code %} is
 * doubled. Line breaks and other control characters cannot be quoted and are refused.
 */
final class SshdConfig {

    /** Unix user names sshd_config patterns take literally: no {@code * ? ! @ ,} or quotes. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*\\$?");
    /**
     * Characters that need quoting neither for the shell nor for sshd_config. {@code =} is among
     * them because every command here starts with an absolute path, so no word can be read as a
     * variable assignment.
     */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final String INDENT = "    ";

    /**
     * What the configuration is made from.
     *
     * @param hostKeyFile    the device's host key (OpenSSH or PEM, 0600)
     * @param accounts       the NMS accounts: existing Unix users
     * @param authTimeout    how long the NMS has to authenticate ({@code LoginGraceTime}, RFC 8071)
     * @param keepalives     sshd's liveness test of the NMS ({@code ClientAlive*})
     * @param stdio          the NETCONF session command
     * @param hostCertificate the host key's certificate ({@code HostCertificate}); empty for none
     * @param revokedKeys    NMS keys and certificates refused ({@code RevokedKeys}); empty for none
     */
    record Settings(Path hostKeyFile, List<Account> accounts, Duration authTimeout, Keepalives keepalives,
                    StdioLauncher stdio, Optional<Path> hostCertificate, Optional<Path> revokedKeys) {
        Settings {
            Objects.requireNonNull(hostKeyFile, "hostKeyFile");
            Objects.requireNonNull(hostCertificate, "hostCertificate");
            Objects.requireNonNull(revokedKeys, "revokedKeys");
            accounts = List.copyOf(accounts);
            Objects.requireNonNull(authTimeout, "authTimeout");
            Objects.requireNonNull(keepalives, "keepalives");
            Objects.requireNonNull(stdio, "stdio");
            if (accounts.isEmpty()) {
                throw new IllegalArgumentException("no account: nobody could log in");
            }
            if (authTimeout.isNegative() || authTimeout.isZero()) {
                throw new IllegalArgumentException("auth timeout must be positive (0 means none to sshd), got "
                        + authTimeout);
            }
        }

        /** Without a host certificate or revocation list. */
        Settings(Path hostKeyFile, List<Account> accounts, Duration authTimeout, Keepalives keepalives,
                 StdioLauncher stdio) {
            this(hostKeyFile, accounts, authTimeout, keepalives, stdio, Optional.empty(), Optional.empty());
        }

        Settings withCertificates(Optional<Path> certificate, Optional<Path> revoked) {
            return new Settings(hostKeyFile, accounts, authTimeout, keepalives, stdio, certificate, revoked);
        }
    }

    private final String text;

    private SshdConfig(String text) {
        this.text = text;
    }

    /**
     * Checks every account against the system's users and renders the file.
     *
     * @throws IllegalArgumentException for a name or path sshd_config cannot carry, an account that is
     *     no Unix user, or one whose login shell cannot run the session command
     */
    static SshdConfig generate(Settings settings, UnixUsers users) throws IOException {
        for (Account account : settings.accounts()) {
            requireUsableUser(account.name(), users);
        }
        StringBuilder out = new StringBuilder()
                .append("# Written by callhome device-client (--ssh-server openssh) at every start; edits are lost.\n")
                .append("# For 'sshd -i' on a connection the device dialed to its NMS (RFC 8071 reverse-ssh).\n");
        line(out, "HostKey", configToken(path("host key", settings.hostKeyFile())));
        if (settings.hostCertificate().isPresent()) {
            line(out, "HostCertificate", configToken(path("host certificate", settings.hostCertificate().get())));
        }
        line(out, "PidFile", "none");
        line(out, "LogLevel", "VERBOSE");
        line(out, "UsePAM", "no");
        out.append("# the accounts' files may live anywhere (tests keep them under /tmp)\n");
        line(out, "StrictModes", "no");
        line(out, "PermitRootLogin", "prohibit-password");
        line(out, "PubkeyAuthentication", "yes");
        line(out, "PasswordAuthentication", "no");
        line(out, "KbdInteractiveAuthentication", "no");
        line(out, "AuthenticationMethods", "publickey");
        line(out, "AuthorizedKeysFile", "none");
        if (settings.revokedKeys().isPresent()) {
            out.append("# NMS keys and certificates refused; sshd reads the file at every login\n");
            line(out, "RevokedKeys", configToken(path("revoked keys file", settings.revokedKeys().get())));
        }
        out.append("# RFC 8071: close the connection if the NMS has not authenticated by then\n");
        line(out, "LoginGraceTime", Long.toString(wholeSeconds(settings.authTimeout())));
        out.append("# liveness test of the NMS (sshd asks with keepalive@openssh.com)\n");
        line(out, "ClientAliveInterval", Long.toString(wholeSeconds(settings.keepalives().maxWait())));
        line(out, "ClientAliveCountMax", Integer.toString(settings.keepalives().maxAttempts()));
        line(out, "DisableForwarding", "yes");
        line(out, "AllowAgentForwarding", "no");
        line(out, "X11Forwarding", "no");
        line(out, "PermitTunnel", "no");
        line(out, "PermitTTY", "no");
        line(out, "PermitUserRC", "no");
        line(out, "KexAlgorithms", OpenSshAlgorithms.keep("KexAlgorithms", SshPolicy.KEY_EXCHANGES,
                OpenSshAlgorithms.KEX));
        line(out, "Ciphers", OpenSshAlgorithms.keep("Ciphers", SshPolicy.CIPHERS, OpenSshAlgorithms.CIPHERS));
        line(out, "MACs", OpenSshAlgorithms.keep("MACs", SshPolicy.MACS, OpenSshAlgorithms.MACS));
        String signatures = OpenSshAlgorithms.keep("HostKeyAlgorithms", SshPolicy.SIGNATURES,
                OpenSshAlgorithms.SIGNATURES);
        line(out, "HostKeyAlgorithms", signatures);
        line(out, "PubkeyAcceptedAlgorithms", signatures);
        line(out, "AllowUsers", settings.accounts().stream().map(Account::name).collect(Collectors.joining(" ")));
        line(out, "Subsystem", "netconf " + settings.stdio().argv(Optional.empty(), Role.READ_ONLY).stream()
                .map(word -> configToken(shellWord(printable("subsystem command", word))))
                .collect(Collectors.joining(" ")));
        for (Account account : settings.accounts()) {
            out.append("Match User ").append(account.name()).append('\n');
            String keys = account.authorizedKeysFile()
                    .map(file -> configToken(path("authorized keys file of " + account.name(), file)
                            .replace("%", "%%")))
                    .orElse("none");
            out.append(INDENT);
            line(out, "AuthorizedKeysFile", keys);
            out.append(INDENT);
            line(out, "ForceCommand", settings.stdio().argv(Optional.of(account.name()), account.role()).stream()
                    .map(word -> shellWord(printable("session command", word)))
                    .collect(Collectors.joining(" ")));
        }
        return new SshdConfig(out.toString());
    }

    String text() {
        return text;
    }

    /** Writes the file with owner-only permissions (folder 0700, file 0600), replacing it whole. */
    void writeTo(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, text);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void requireUsableUser(String name, UnixUsers users) throws IOException {
        if (!USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("account '" + name + "': --ssh-server openssh needs a Unix user "
                    + "name of letters, digits, '.', '_' and '-' (sshd_config reads others as patterns)");
        }
        Optional<UnixUser> user = users.find(name);
        if (user.isEmpty()) {
            throw new IllegalArgumentException("account '" + name + "' is not a Unix user of this system "
                    + "('getent passwd " + name + "' finds nothing): with --ssh-server openssh every account must "
                    + "be a local user that sshd can log in (create it with useradd, or use --ssh-server mina)");
        }
        String shell = user.get().shell();
        if (shell.isEmpty() || shell.endsWith("/nologin") || shell.endsWith("/false")) {
            throw new IllegalArgumentException("account '" + name + "' has login shell '" + shell
                    + "': sshd runs the NETCONF session through the user's login shell, so this account could "
                    + "never start one (give it /bin/sh)");
        }
    }

    private static void line(StringBuilder out, String keyword, String value) {
        out.append(keyword).append(' ').append(value).append('\n');
    }

    private static String path(String what, Path path) {
        return printable(what, path.toAbsolutePath().normalize().toString());
    }

    private static String printable(String what, String value) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " contains a line break or other control character, which "
                    + "sshd_config cannot carry: " + PeerText.quote(value, PeerText.MESSAGE_CHARS));
        }
        return value;
    }

    /** As is when plain, else single-quoted for a POSIX shell ({@code '} written as {@code '\''}). */
    static String shellWord(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** As is when plain, else double-quoted for sshd_config, with {@code \} and {@code "} escaped. */
    static String configToken(String token) {
        return PLAIN.matcher(token).matches() ? token
                : "\"" + token.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static long wholeSeconds(Duration duration) {
        return Math.max(1, duration.toSeconds() + (duration.getNano() > 0 ? 1 : 0));
    }
}
