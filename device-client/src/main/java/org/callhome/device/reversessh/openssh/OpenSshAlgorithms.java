package org.callhome.device.reversessh.openssh;

import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The algorithm names OpenSSH 9.2 (Debian 12) knows, as {@code ssh -Q kex|cipher|mac|key-sig}
 * prints them, so that the generated sshd_config never names one that {@code sshd -t} would
 * refuse: {@link org.callhome.shared.ssh.SshPolicy} is written for MINA and may one day list a
 * name that OpenSSH lacks. Such a name is dropped with a warning; a list left empty is an error.
 */
final class OpenSshAlgorithms {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSshAlgorithms.class);

    static final Set<String> KEX = Set.of(
            "diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1", "diffie-hellman-group14-sha256",
            "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
            "diffie-hellman-group-exchange-sha1", "diffie-hellman-group-exchange-sha256",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "curve25519-sha256", "curve25519-sha256@libssh.org",
            "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com");

    static final Set<String> CIPHERS = Set.of(
            "3des-cbc", "aes128-cbc", "aes192-cbc", "aes256-cbc", "aes128-ctr", "aes192-ctr", "aes256-ctr",
            "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com");

    static final Set<String> MACS = Set.of(
            "hmac-sha1", "hmac-sha1-96", "hmac-sha2-256", "hmac-sha2-512", "hmac-md5", "hmac-md5-96",
            "umac-64@openssh.com", "umac-128@openssh.com", "hmac-sha1-etm@openssh.com",
            "hmac-sha1-96-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
            "hmac-md5-etm@openssh.com", "hmac-md5-96-etm@openssh.com", "umac-64-etm@openssh.com",
            "umac-128-etm@openssh.com");

    /** Signature algorithms, for both HostKeyAlgorithms and PubkeyAcceptedAlgorithms. */
    static final Set<String> SIGNATURES = Set.of(
            "ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com", "sk-ssh-ed25519@openssh.com",
            "sk-ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521",
            "ecdsa-sha2-nistp521-cert-v01@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
            "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", "webauthn-sk-ecdsa-sha2-nistp256@openssh.com",
            "ssh-dss", "ssh-dss-cert-v01@openssh.com", "ssh-rsa", "ssh-rsa-cert-v01@openssh.com",
            "rsa-sha2-256", "rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-512", "rsa-sha2-512-cert-v01@openssh.com");

    private OpenSshAlgorithms() {
    }

    /**
     * The names of {@code wanted} that OpenSSH knows, in their order, joined by commas as sshd_config wants.
     *
     * @throws IllegalStateException when none is left: sshd would fall back to its own defaults
     */
    static String keep(String keyword, List<String> wanted, Set<String> known) {
        List<String> kept = wanted.stream().filter(known::contains).toList();
        if (kept.size() < wanted.size()) {
            LOG.warn("{}: OpenSSH 9.2 does not know {}; left out of sshd_config", keyword,
                    wanted.stream().filter(name -> !known.contains(name)).toList());
        }
        if (kept.isEmpty()) {
            throw new IllegalStateException(keyword + ": OpenSSH 9.2 knows none of " + wanted);
        }
        return String.join(",", kept);
    }
}
