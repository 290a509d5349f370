package org.callhome.shared.ssh.cert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.ssh.SshKeys;

/**
 * A CA workshop in a temporary folder, run with OpenSSH's own {@code ssh-keygen}: keys, certificates
 * signed with {@code ssh-keygen -s} and revocation lists written with {@code ssh-keygen -k}, so our
 * reading of them is checked against what OpenSSH writes. Certificates are valid from
 * {@link #VALID_AFTER} to {@link #VALID_BEFORE} unless a test says otherwise, and {@link #CLOCK}
 * stands between the two.
 */
final class CertLab {

    static final long VALID_AFTER = 0x70000000L;
    static final long VALID_BEFORE = 0x70100000L;
    static final Instant NOW = Instant.ofEpochSecond(VALID_AFTER + 3600);
    static final Clock CLOCK = clockAt(NOW);

    final Path dir;

    CertLab(Path dir) {
        SshKeygen.require();
        this.dir = dir;
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    /** An Ed25519 key pair {@code <dir>/<name>} and {@code <name>.pub}, made on first use. */
    Path key(String name) throws IOException {
        return key(name, "ed25519", 0);
    }

    Path key(String name, String type, int bits) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? file : SshKeygen.generate(dir, name, type, bits, null, "");
    }

    Path publicKey(String name) throws IOException {
        return Path.of(key(name) + ".pub");
    }

    /**
     * Has CA {@code ca} sign key {@code key} into {@code <dir>/<certName>-cert.pub}; {@code options}
     * are ssh-keygen's ({@code -h}, {@code -n dev-1}, {@code -z 5}, {@code -O force-command=...}),
     * after a default key id ({@code -I <certName>}) and validity, which they may override.
     */
    Path sign(String ca, String key, String certName, String... options) throws IOException {
        Path publicCopy = dir.resolve(certName + ".pub");
        Files.copy(Path.of(key(key) + ".pub"), publicCopy, StandardCopyOption.REPLACE_EXISTING);
        List<String> args = new ArrayList<>(List.of("-q", "-s", key(ca).toString(), "-I", certName,
                "-V", "0x" + Long.toHexString(VALID_AFTER) + ":0x" + Long.toHexString(VALID_BEFORE)));
        args.addAll(List.of(options));
        args.add(publicCopy.toString());
        SshKeygen.run(args.toArray(String[]::new));
        return dir.resolve(certName + "-cert.pub");
    }

    /** A host certificate for principal {@code deviceId}, key {@code key}, signed by {@code ca}, serial 5. */
    OpenSshCertificate hostCertificate(String ca, String key, String deviceId) throws IOException {
        return certificate(sign(ca, key, deviceId + "-host", "-h", "-n", deviceId, "-z", "5"));
    }

    OpenSshCertificate certificate(Path certFile) throws IOException {
        return CertifiedKey.readCertificate(certFile);
    }

    /** A KRL written by {@code ssh-keygen -k} from {@code spec} lines, for CA {@code ca} (null: no -s). */
    Path krl(String name, String ca, String spec) throws IOException {
        Path specFile = Files.writeString(dir.resolve(name + ".spec"), spec);
        Path krl = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("-k", "-f", krl.toString()));
        if (ca != null) {
            args.addAll(List.of("-s", publicKey(ca).toString()));
        }
        args.add(specFile.toString());
        SshKeygen.run(args.toArray(String[]::new));
        return krl;
    }

    CertificateAuthorities authorities(String... cas) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        for (String ca : cas) {
            keys.add(SshKeys.parsePublicKey(Files.readString(publicKey(ca))));
        }
        return CertificateAuthorities.of(keys);
    }
}
