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
 * stands between the two; for tests of what checks them on the system clock, a subclass makes them
 * valid from five minutes ago for an hour ({@link #SYSTEM_CLOCK_VALIDITY}). Public, and open to
 * extension, for other modules' tests of OpenSSH certificates.
 */
public class CertLab {

    static final long VALID_AFTER = 0x70000000L;
    static final long VALID_BEFORE = 0x70100000L;
    /** ssh-keygen's {@code -V} for certificates checked on the system clock: from five minutes ago for an hour. */
    public static final String SYSTEM_CLOCK_VALIDITY = "-5m:+1h";
    static final Instant NOW = Instant.ofEpochSecond(VALID_AFTER + 3600);
    static final Clock CLOCK = clockAt(NOW);

    public final Path dir;
    private final String validity;

    /** A workshop in {@code dir} whose certificates are valid from {@link #VALID_AFTER} to {@link #VALID_BEFORE}. */
    public CertLab(Path dir) {
        this(dir, "0x" + Long.toHexString(VALID_AFTER) + ":0x" + Long.toHexString(VALID_BEFORE));
    }

    /** A workshop in {@code dir} whose certificates are valid for {@code validity}, in ssh-keygen's {@code -V} form. */
    protected CertLab(Path dir, String validity) {
        SshKeygen.require();
        this.dir = dir;
        this.validity = validity;
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    /** An Ed25519 key pair {@code <dir>/<name>} and {@code <name>.pub}, made on first use. */
    public Path key(String name) throws IOException {
        return key(name, "ed25519", 0);
    }

    public Path key(String name, String type, int bits) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? file : SshKeygen.generate(dir, name, type, bits, null, "");
    }

    public Path publicKey(String name) throws IOException {
        return Path.of(key(name) + ".pub");
    }

    /**
     * Has CA {@code ca} sign key {@code key} into {@code <dir>/<certName>-cert.pub}; {@code options}
     * are ssh-keygen's ({@code -h}, {@code -n dev-1}, {@code -z 5}, {@code -O force-command=...}),
     * after a default key id ({@code -I <certName>}) and validity, which they may override.
     */
    public Path sign(String ca, String key, String certName, String... options) throws IOException {
        Path publicCopy = dir.resolve(certName + ".pub");
        Files.copy(publicKey(key), publicCopy, StandardCopyOption.REPLACE_EXISTING);
        List<String> args = new ArrayList<>(List.of("-q", "-s", key(ca).toString(), "-I", certName, "-V", validity));
        args.addAll(List.of(options));
        args.add(publicCopy.toString());
        SshKeygen.run(args.toArray(String[]::new));
        return dir.resolve(certName + "-cert.pub");
    }

    /** A host certificate for principal {@code deviceId}, key {@code key}, signed by {@code ca}, serial 5. */
    OpenSshCertificate hostCertificate(String ca, String key, String deviceId) throws IOException {
        return certificate(sign(ca, key, deviceId + "-host", "-h", "-n", deviceId, "-z", "5"));
    }

    public OpenSshCertificate certificate(Path certFile) throws IOException {
        return CertifiedKey.readCertificate(certFile);
    }

    /**
     * A KRL at {@code <dir>/<name>} written by {@code ssh-keygen -k} from {@code spec} lines, for CA
     * {@code ca} (null: no -s), replacing an existing one in one rename (a new file, as an operator's
     * tools make it).
     */
    public Path krl(String name, String ca, String spec) throws IOException {
        Path specFile = Files.writeString(dir.resolve(name + ".spec"), spec);
        Path fresh = dir.resolve(name + ".new");
        Files.deleteIfExists(fresh);
        List<String> args = new ArrayList<>(List.of("-k", "-f", fresh.toString()));
        if (ca != null) {
            args.addAll(List.of("-s", publicKey(ca).toString()));
        }
        args.add(specFile.toString());
        SshKeygen.run(args.toArray(String[]::new));
        return Files.move(fresh, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The CAs whose public keys are {@code <dir>/<ca>.pub}, one each of {@code cas}. */
    public CertificateAuthorities authorities(String... cas) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        for (String ca : cas) {
            keys.add(SshKeys.parsePublicKey(Files.readString(publicKey(ca))));
        }
        return CertificateAuthorities.of(keys);
    }
}
