package org.callhome.shared.ssh.cert;

import java.security.PublicKey;
import java.util.Objects;
import org.callhome.shared.ssh.SshKeys;

/**
 * One CA whose certificates we trust: its public key and the SHA256 fingerprint
 * {@code ssh-keygen -l} prints for it, by which logs and verdicts name it.
 */
public record CertificateAuthority(PublicKey key, String fingerprint) {

    public CertificateAuthority {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** @throws IllegalArgumentException for a key of a type we do not accept */
    static CertificateAuthority of(PublicKey key) {
        return new CertificateAuthority(key, SshKeys.fingerprint(key));
    }
}
