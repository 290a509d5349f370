package org.callhome.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * Shared's ssh-keygen workshop ({@link org.callhome.shared.ssh.cert.CertLab}: keys, certificates
 * signed with {@code ssh-keygen -s}) with the certificates that identify devices. Certificates are
 * valid from five minutes ago for an hour unless a test says otherwise: the NMS checks them on the
 * system clock.
 */
final class CertLab extends org.callhome.shared.ssh.cert.CertLab {

    CertLab(Path dir) {
        super(dir, SYSTEM_CLOCK_VALIDITY);
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
        List<String> args = new ArrayList<>(List.of("-n", deviceId, "-z", Long.toString(serial)));
        if (strategy == CallHomeStrategy.REVERSE_SSH) {
            args.add("-h");
        }
        args.addAll(List.of(options));
        return sign(ca, key, deviceId + "-" + serial, args.toArray(String[]::new));
    }
}
