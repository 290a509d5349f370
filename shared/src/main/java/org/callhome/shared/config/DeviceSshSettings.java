package org.callhome.shared.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.callhome.shared.text.PeerText;
import org.callhome.shared.text.WireNamed;
import org.callhome.shared.text.WireNames;
import org.callhome.shared.x509.CertToName;
import org.callhome.shared.x509.CertToNameEntry;
import org.callhome.shared.x509.MapType;

/**
 * What the device needs as SSH server of every call-home connection beyond the standard tree: its
 * host key (and its certificate), the NMS accounts and the revoked NMS keys as files in OpenSSH
 * formats, so that operators manage them with ssh-keygen. In the JSON file they sit in every endpoint's {@code ssh-server-parameters}, through
 * the project's module callhome-device-ssh; the device has one host key and one set of accounts.
 *
 * @param hostKeyFile the host's private key, OpenSSH or PEM, unencrypted
 * @param accounts    who may log in, at least one, names unique
 * @param hostCertificateFile an OpenSSH host certificate of the host key; empty for none
 * @param revokedKeysFile NMS keys and certificates refused, an OpenSSH KRL or key list; empty for none
 * @param clientIdentityMappings how an NMS's X.509 user certificate maps to an account (RFC 7407
 *                               cert-to-name, ietf-netconf-server's {@code client-identity-mappings});
 *                               {@link CertToName#NONE} for the simple rule, the certificate's identity
 *                               being the SSH username. A {@code specified} name must be an account.
 */
public record DeviceSshSettings(Path hostKeyFile, List<Account> accounts, Optional<Path> hostCertificateFile,
                                Optional<Path> revokedKeysFile, CertToName clientIdentityMappings) {

    public DeviceSshSettings {
        Objects.requireNonNull(hostKeyFile, "hostKeyFile");
        Objects.requireNonNull(hostCertificateFile, "hostCertificateFile");
        Objects.requireNonNull(revokedKeysFile, "revokedKeysFile");
        Objects.requireNonNull(clientIdentityMappings, "clientIdentityMappings");
        accounts = List.copyOf(Objects.requireNonNull(accounts, "accounts"));
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("at least one account is needed: nobody could log in");
        }
        Set<String> names = new HashSet<>();
        for (Account account : accounts) {
            if (!names.add(account.name())) {
                throw new IllegalArgumentException("account '" + account.name() + "' appears more than once");
            }
        }
        for (CertToNameEntry entry : clientIdentityMappings.entries()) {
            if (entry.mapType() == MapType.SPECIFIED && !names.contains(entry.name().orElseThrow())) {
                throw new IllegalArgumentException("cert-to-name " + entry + " maps to " + PeerText.quote(entry.name()
                        .orElseThrow()) + ", which is not an account; accounts: " + names.stream().sorted().toList());
            }
        }
    }

    /** Without cert-to-name mappings. */
    public DeviceSshSettings(Path hostKeyFile, List<Account> accounts, Optional<Path> hostCertificateFile,
                             Optional<Path> revokedKeysFile) {
        this(hostKeyFile, accounts, hostCertificateFile, revokedKeysFile, CertToName.NONE);
    }

    /** Without a host certificate, revocation list or cert-to-name mappings. */
    public DeviceSshSettings(Path hostKeyFile, List<Account> accounts) {
        this(hostKeyFile, accounts, Optional.empty(), Optional.empty());
    }

    /** The same settings with this host certificate and revocation list (each empty for none). */
    public DeviceSshSettings withCertificates(Optional<Path> certificate, Optional<Path> revoked) {
        return new DeviceSshSettings(hostKeyFile, accounts, certificate, revoked, clientIdentityMappings);
    }

    /** The same settings with these cert-to-name mappings ({@link CertToName#NONE} for none). */
    public DeviceSshSettings withClientIdentityMappings(CertToName mappings) {
        return new DeviceSshSettings(hostKeyFile, accounts, hostCertificateFile, revokedKeysFile, mappings);
    }

    /** What an authenticated user may do; the least privilege is the default in the file. */
    public enum Role implements WireNamed {
        ADMIN("admin"),
        READ_ONLY("read-only");

        private final String wireName;

        Role(String wireName) {
            this.wireName = wireName;
        }

        /** The enum value in callhome-device-ssh, also used on the command line. */
        @Override
        public String wireName() {
            return wireName;
        }

        public static Role fromWireName(String name) {
            return WireNames.lookup(Role.class, name, "role");
        }

        @Override
        public String toString() {
            return wireName;
        }
    }

    /**
     * An SSH user the NMS logs in as; it is also the NETCONF username (RFC 8071 reverse-ssh).
     *
     * @param name               the SSH user name: no blanks, no ':'
     * @param role               what the user may do
     * @param authorizedKeysFile the user's public keys in authorized_keys format; empty when the
     *                           configuration names none for this user
     */
    public record Account(String name, Role role, Optional<Path> authorizedKeysFile) {

        public Account {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.chars().anyMatch(c -> c == ':' || Character.isWhitespace(c)
                    || Character.isISOControl(c))) {
                throw new IllegalArgumentException("account name must be non-empty, without blanks or ':', got "
                        + PeerText.quote(name));
            }
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(authorizedKeysFile, "authorizedKeysFile");
        }

        /**
         * Reads {@code NAME:ROLE[:AUTHORIZED_KEYS_FILE]}, ROLE being admin or read-only. The file
         * part is everything after the second ':', so a path may itself contain ':'.
         */
        public static Account parse(String text) {
            Objects.requireNonNull(text, "text");
            String[] parts = text.split(":", 3);
            if (parts.length < 2) {
                throw new IllegalArgumentException("account '" + text
                        + "': expected NAME:ROLE[:AUTHORIZED_KEYS_FILE], ROLE admin or read-only");
            }
            Role role;
            try {
                role = Role.fromWireName(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("account '" + text + "': " + e.getMessage(), e);
            }
            if (parts.length == 3 && parts[2].isEmpty()) {
                throw new IllegalArgumentException("account '" + text + "': empty authorized keys file after ':'");
            }
            Optional<Path> file = parts.length == 3 ? Optional.of(Path.of(parts[2])) : Optional.empty();
            try {
                return new Account(parts[0], role, file);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("account '" + text + "': " + e.getMessage(), e);
            }
        }
    }
}
