package org.callhome.nms.certificates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * A CA workshop in a temporary folder, run with OpenSSH's own {@code ssh-keygen}: keys,
 * certificates signed with {@code ssh-keygen -s} and revocation lists written with
 * {@code ssh-keygen -k}. Certificates are valid from five minutes ago for an hour unless a test
 * says otherwise: MINA checks a login certificate's validity on the system clock, and so does the
 * NMS.
 */
final class CertLab {

    final Path dir;

    CertLab(Path dir) {
        SshKeygen.require();
        this.dir = dir;
    }

    /** An Ed25519 key pair {@code <dir>/<name>} and {@code <name>.pub}, made on first use. */
    Path key(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? file : SshKeygen.generate(dir, name, "ed25519", 0, null, "");
    }

    Path publicKey(String name) throws IOException {
        return Path.of(key(name) + ".pub");
    }

    KeyPair keyPair(String name) throws IOException {
        return SshKeys.loadPrivateKey(key(name));
    }

    /** The SHA256 fingerprint ssh-keygen prints for key {@code name}: a certificate of it shows the same. */
    String fingerprint(String name) throws IOException {
        return SshKeygen.fingerprint(key(name));
    }

    /**
     * Has CA {@code ca} sign key {@code key} into {@code <dir>/<certName>-cert.pub}; {@code options} are
     * ssh-keygen's ({@code -h}, {@code -n dev-1}, {@code -z 5}, {@code -V ...}), after a default key id
     * ({@code -I <certName>}) and validity, which they may override.
     */
    Path sign(String ca, String key, String certName, String... options) throws IOException {
        Path publicCopy = dir.resolve(certName + ".pub");
        Files.copy(publicKey(key), publicCopy, StandardCopyOption.REPLACE_EXISTING);
        List<String> args = new ArrayList<>(List.of("-q", "-s", key(ca).toString(), "-I", certName, "-V", "-5m:+1h"));
        args.addAll(List.of(options));
        args.add(publicCopy.toString());
        SshKeygen.run(args.toArray(String[]::new));
        return dir.resolve(certName + "-cert.pub");
    }

    /** A host certificate of {@code key} for device {@code deviceId}, by {@code ca}, with {@code serial}. */
    OpenSshCertificate hostCertificate(String ca, String key, String deviceId, long serial, String... options)
            throws IOException {
        return read(sign(ca, key, deviceId + "-host-" + serial, concat(options, "-h", "-n", deviceId, "-z",
                Long.toString(serial))));
    }

    /** A user certificate of {@code key} for device {@code deviceId}, by {@code ca}, with {@code serial}. */
    CertifiedKey userCertificate(String ca, String key, String deviceId, long serial, String... options)
            throws IOException {
        Path certificate = sign(ca, key, deviceId + "-user-" + serial, concat(options, "-n", deviceId, "-z",
                Long.toString(serial)));
        return CertifiedKey.load(certificate, key(key), OpenSshCertificate.Type.USER);
    }

    OpenSshCertificate read(Path certificate) throws IOException {
        return CertifiedKey.readCertificate(certificate);
    }

    /**
     * A KRL at {@code <dir>/<name>} written by {@code ssh-keygen -k} from {@code spec} lines for CA
     * {@code ca}, replacing an existing one in one rename (a new file, as an operator's tools make it).
     */
    Path krl(String name, String ca, String spec) throws IOException {
        Path specFile = Files.writeString(dir.resolve(name + ".spec"), spec);
        Path fresh = dir.resolve(name + ".new");
        Files.deleteIfExists(fresh);
        SshKeygen.run("-k", "-f", fresh.toString(), "-s", publicKey(ca).toString(), specFile.toString());
        return Files.move(fresh, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
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
