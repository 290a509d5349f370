package org.callhome.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * A CA workshop in a test's folder, run with OpenSSH's own {@code ssh-keygen}: keys (CAs' and
 * devices') and the certificates that identify devices, signed with {@code ssh-keygen -s}.
 * Certificates are valid from five minutes ago for an hour unless a test says otherwise: the NMS
 * checks them on the system clock.
 */
final class CertLab {

    final Path dir;

    CertLab(Path dir) {
        SshKeygen.require();
        this.dir = dir;
    }

    /** An Ed25519 key pair {@code <dir>/<name>} and {@code <name>.pub}, made by ssh-keygen on first use. */
    Path key(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? file : SshKeygen.generate(dir, name, "ed25519", 0, null, "");
    }

    Path publicKey(String name) throws IOException {
        return Path.of(key(name) + ".pub");
    }

    /**
     * Has CA {@code ca} certify key {@code key} for principal {@code deviceId}, as the device's
     * identity under {@code strategy}: a host certificate in reverse-ssh, a user certificate in
     * device-ssh-client; key id {@code <deviceId>-<serial>}. {@code options} are ssh-keygen's and
     * may override the validity ({@code -V 20200101:20200201}).
     *
     * @return the certificate file, {@code <dir>/<deviceId>-<serial>-cert.pub}
     */
    Path certify(CallHomeStrategy strategy, String ca, String key, String deviceId, long serial, String... options)
            throws IOException {
        String certName = deviceId + "-" + serial;
        Path publicCopy = dir.resolve(certName + ".pub");
        Files.copy(publicKey(key), publicCopy, StandardCopyOption.REPLACE_EXISTING);
        List<String> args = new ArrayList<>(List.of("-q", "-s", key(ca).toString(), "-I", certName, "-V", "-5m:+1h",
                "-n", deviceId, "-z", Long.toString(serial)));
        if (strategy == CallHomeStrategy.REVERSE_SSH) {
            args.add("-h");
        }
        args.addAll(List.of(options));
        args.add(publicCopy.toString());
        SshKeygen.run(args.toArray(String[]::new));
        return dir.resolve(certName + "-cert.pub");
    }
}
