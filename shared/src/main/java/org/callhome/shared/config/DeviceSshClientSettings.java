package org.callhome.shared.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.callhome.shared.text.PeerText;

/**
 * One netconf-client entry of the device's device-ssh-client configuration: whom the device calls
 * and how ({@code callHome}, as for call home), and how it logs into that NMS's SSH server. The
 * model lets each endpoint carry its own {@code ssh-client-parameters}; the device logs into one NMS
 * one way, so they are one here and the reader requires them equal.
 *
 * @param callHome       endpoints, connection type, reconnect strategy, keepalives and jitter
 * @param username       the login name on the NMS; empty: the device's id
 * @param identityFile   the private key the device logs in with
 * @param identityCertificateFile a certificate of that key (OpenSSH user certificate or X.509 chain
 *                       in PEM); when given, the only credential the device offers
 * @param nmsHostKeyFile the NMS host keys the device accepts, in {@code nmsHostKeyFormat}
 * @param subsystem      the subsystem requested on the channel, {@code name@domain}
 * @param bindAccount    the device account whose role the NETCONF sessions get
 */
public record DeviceSshClientSettings(CallHomeSettings callHome, Optional<String> username, Path identityFile,
                                      Optional<Path> identityCertificateFile, Path nmsHostKeyFile,
                                      HostKeyFormat nmsHostKeyFormat, String subsystem, String bindAccount) {

    /** The subsystem both sides use unless configured otherwise (the model's default). */
    public static final String DEFAULT_SUBSYSTEM = "netconf-device@callhome.invalid";

    /** callhome-device-ssh-client's subsystem-name: 3..64 characters, {@code name@domain}. */
    private static final Pattern SUBSYSTEM = Pattern.compile("[!-+\\--?A-~]+@[A-Za-z0-9]([A-Za-z0-9\\-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9\\-]*[A-Za-z0-9])?)*");

    /** How {@code nmsHostKeyFile} is written, which is also the member that names it. */
    public enum HostKeyFormat {
        /** OpenSSH known_hosts lines, {@code @cert-authority} lines among them. */
        KNOWN_HOSTS("known-hosts-file"),
        /** One OpenSSH public key, pinned. */
        HOST_KEY("host-key-file");

        private final String member;

        HostKeyFormat(String member) {
            this.member = member;
        }

        /** The leaf of {@code ssh-host-keys} that names a file of this format. */
        public String member() {
            return member;
        }
    }

    public DeviceSshClientSettings {
        Objects.requireNonNull(callHome, "callHome");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(identityFile, "identityFile");
        Objects.requireNonNull(identityCertificateFile, "identityCertificateFile");
        Objects.requireNonNull(nmsHostKeyFile, "nmsHostKeyFile");
        Objects.requireNonNull(nmsHostKeyFormat, "nmsHostKeyFormat");
        Objects.requireNonNull(subsystem, "subsystem");
        Objects.requireNonNull(bindAccount, "bindAccount");
        if (username.isPresent() && (username.get().isEmpty() || username.get().chars()
                .anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)))) {
            throw new IllegalArgumentException("the login name must be non-empty, without whitespace or control "
                    + "characters, got " + PeerText.quote(username.get()));
        }
        if (subsystem.length() < 3 || subsystem.length() > 64 || !SUBSYSTEM.matcher(subsystem).matches()) {
            throw new IllegalArgumentException("subsystem must be a local SSH name NAME@DOMAIN of 3 to 64 characters"
                    + " (RFC 4250 section 4.6.1), got " + PeerText.quote(subsystem));
        }
        if (bindAccount.isEmpty()) {
            throw new IllegalArgumentException("the bind account must not be empty");
        }
    }
}
