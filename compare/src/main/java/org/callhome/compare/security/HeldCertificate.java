package org.callhome.compare.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.ssh.x509.X509PublicKey;

/**
 * A device's certificate as someone holding the device's key presents it (an attacker's copy, a
 * stand-in): an OpenSSH certificate, an X.509 chain (RFC 6187, told by the file being PEM), or
 * none. It is read as it is, whatever its type and validity: checking it is the NMS's part.
 */
record HeldCertificate(Optional<OpenSshCertificate> openSsh, List<X509Certificate> x509Chain) {

    HeldCertificate {
        x509Chain = List.copyOf(x509Chain);
    }

    /** The certificate in {@code file} of the key in {@code keyFile}; none for an empty file option. */
    static HeldCertificate read(Optional<Path> file, KeyPair key, Path keyFile) throws IOException {
        if (file.isEmpty()) {
            return new HeldCertificate(Optional.empty(), List.of());
        }
        if (X509ChainFile.isPem(file.get())) {
            return new HeldCertificate(Optional.empty(), X509ChainFile.load(file.get(), key, keyFile));
        }
        return new HeldCertificate(Optional.of(CertifiedKey.readCertificate(file.get())), List.of());
    }

    boolean present() {
        return openSsh.isPresent() || !x509Chain.isEmpty();
    }

    /** {@code key} with the certificate in its public half, as an SSH client logs in with it; the key alone for none. */
    KeyPair loginKey(KeyPair key) {
        if (!x509Chain.isEmpty()) {
            return X509PublicKey.keyPair(key, x509Chain);
        }
        return openSsh.map(certificate -> new KeyPair(certificate, key.getPrivate())).orElse(key);
    }

    /** A reverse-ssh SSH server with {@code key} as host key that presents the certificate with it. */
    OutboundProbeServer server(KeyPair key) {
        return new OutboundProbeServer(key, openSsh, x509Chain);
    }
}
