package org.callhome.device.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import java.util.function.Supplier;
import org.callhome.shared.ssh.cert.RevokedKeys;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NMS keys and certificates the device no longer accepts ({@code --revoked-keys}): an OpenSSH
 * KRL or a list of public keys, as sshd's {@code RevokedKeys} reads them. A revoked NMS host key or
 * certificate ends a device-ssh-client attempt during key exchange; a revoked NMS user key or
 * certificate is a refused reverse-ssh login.
 *
 * <p>The file must load at start. Each half calls {@link #refresh} before it dials, on the dialer's
 * thread, so an operator's new list applies from the next connection on (a live session is not
 * checked again); a new version that does not load leaves the last good list in force and is
 * logged once. {@link #get} never touches the disk and may be called from MINA's I/O threads.
 */
public final class RevocationList implements Supplier<RevokedKeys> {

    /** No list: nothing is revoked. */
    public static final RevocationList NONE = new RevocationList(null);

    private static final Logger LOG = LoggerFactory.getLogger(RevocationList.class);

    private final RevokedKeysFile file;

    private RevocationList(RevokedKeysFile file) {
        this.file = file;
    }

    /** @throws IOException naming the file when it is missing or not a KRL or key list */
    public static RevocationList open(Path file) throws IOException {
        RevokedKeysFile opened = RevokedKeysFile.open(file);
        LOG.info("NMS keys and certificates revoked by {}", opened.get());
        return new RevocationList(opened);
    }

    /** {@link #NONE} for no file, else {@link #open}. */
    public static RevocationList openIfGiven(Optional<Path> file) throws IOException {
        return file.isPresent() ? open(file.get()) : NONE;
    }

    /** The list in force. */
    @Override
    public RevokedKeys get() {
        return file == null ? RevokedKeys.NONE : file.get();
    }

    /** How {@code key} (a plain key or a certificate) is revoked, or empty if it is not. */
    public Optional<String> whyRevoked(PublicKey key) {
        try {
            return get().whyRevoked(key);
        } catch (IllegalArgumentException unsupportedType) {
            return Optional.empty();
        }
    }

    /** Reads the file again if it changed; blocking file I/O, so never on an I/O thread. */
    public void refresh() {
        if (file == null) {
            return;
        }
        try {
            if (file.reloadIfChanged()) {
                LOG.info("revocation list changed: NMS keys and certificates revoked by {}", file.get());
            }
        } catch (IOException e) {
            LOG.warn("--revoked-keys: {}", e.getMessage());
        }
    }
}
