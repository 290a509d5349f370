package org.callhome.nms.certificates;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertificateAuthorities;
import org.callhome.shared.ssh.cert.CertificateAuthority;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.shared.ssh.cert.RevokedKeysFile;

/**
 * Shared's ssh-keygen workshop ({@link org.callhome.shared.ssh.cert.CertLab}: keys, certificates
 * signed with {@code ssh-keygen -s}, revocation lists written with {@code ssh-keygen -k}) with what
 * the NMS's tests add: devices' host and user certificates by serial, and the NMS's
 * {@code --device-ca} settings. Certificates are valid from five minutes ago for an hour unless a
 * test says otherwise: MINA checks a login certificate's validity on the system clock, and so does
 * the NMS.
 */
final class CertLab extends org.callhome.shared.ssh.cert.CertLab {

    CertLab(Path dir) {
        super(dir, SYSTEM_CLOCK_VALIDITY);
    }

    KeyPair keyPair(String name) throws IOException {
        return SshKeys.loadPrivateKey(key(name));
    }

    /** The SHA256 fingerprint ssh-keygen prints for key {@code name}: a certificate of it shows the same. */
    String fingerprint(String name) throws IOException {
        return SshKeygen.fingerprint(key(name));
    }

    /** A host certificate of {@code key} for device {@code deviceId}, by {@code ca}, with {@code serial}. */
    OpenSshCertificate hostCertificate(String ca, String key, String deviceId, long serial, String... options)
            throws IOException {
        return certificate(sign(ca, key, deviceId + "-host-" + serial, concat(options, "-h", "-n", deviceId, "-z",
                Long.toString(serial))));
    }

    /** A user certificate of {@code key} for device {@code deviceId}, by {@code ca}, with {@code serial}. */
    CertifiedKey userCertificate(String ca, String key, String deviceId, long serial, String... options)
            throws IOException {
        Path certificate = sign(ca, key, deviceId + "-user-" + serial, concat(options, "-n", deviceId, "-z",
                Long.toString(serial)));
        return CertifiedKey.load(certificate, key(key), OpenSshCertificate.Type.USER);
    }

    /**
     * What the NMS takes from {@code --device-ca} (the CAs), {@code --device-ids} (if not null) and
     * {@code --revoked-keys} (if not null), the revocation file looked at every 100 ms.
     */
    DeviceCertificates deviceCertificates(List<String> cas, Set<String> deviceIds, Path revokedKeys)
            throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        for (String ca : cas) {
            keys.addAll(CertificateAuthorities.load(publicKey(ca)).all().stream().map(CertificateAuthority::key)
                    .toList());
        }
        return new DeviceCertificates(Optional.of(CertificateAuthorities.of(keys)), Optional.ofNullable(deviceIds),
                revokedKeys == null ? Optional.empty() : Optional.of(RevokedKeysFile.open(revokedKeys)),
                Duration.ofMillis(100));
    }

    private static String[] concat(String[] first, String... then) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(then));
        return all.toArray(String[]::new);
    }
}
