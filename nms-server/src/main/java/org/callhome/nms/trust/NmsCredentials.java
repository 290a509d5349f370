package org.callhome.nms.trust;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Optional;

/**
 * What the NMS logs into one reverse-ssh device with, where it differs from the NMS-wide
 * {@code --username}/{@code --identity}: either part may be absent, and the NMS-wide one applies.
 * The private key never leaves this record: it is not part of {@link #toString()} and the NMS
 * writes only its file's path anywhere.
 *
 * @param username     the SSH (and so NETCONF) username, or null for the NMS-wide one
 * @param identity     the private key, or null for the NMS-wide one
 * @param identityFile where {@code identity} was read from, null exactly when it is null
 */
public record NmsCredentials(String username, KeyPair identity, Path identityFile) {

    public NmsCredentials {
        if ((identity == null) != (identityFile == null)) {
            throw new IllegalArgumentException("an identity and its file go together");
        }
        if (username == null && identity == null) {
            throw new IllegalArgumentException("per-device credentials need a username or an identity");
        }
    }

    public String usernameOr(String fallback) {
        return username == null ? fallback : username;
    }

    public KeyPair identityOr(KeyPair fallback) {
        return identity == null ? fallback : identity;
    }

    public Optional<Path> identityPath() {
        return Optional.ofNullable(identityFile);
    }

    @Override
    public String toString() {
        return "NmsCredentials[username=" + username + ", identityFile=" + identityFile + "]";
    }
}
