package org.callhome.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertifiedKey;

/**
 * Keys, certificates and revocation lists for the device's tests, made in a temporary folder by
 * OpenSSH's own {@code ssh-keygen}, so the device is tested on what operators have. Certificates
 * are valid from five minutes ago for an hour unless a test says otherwise ({@code -V}): MINA checks
 * validity against the system clock before the device's own checks see them.
 */
public final class SignedKeys {

    private final Path dir;
    private final AtomicInteger signed = new AtomicInteger();

    /** Skips the test (or fails it on CI) when ssh-keygen is not installed. */
    public SignedKeys(Path dir) {
        SshKeygen.require();
        this.dir = dir;
    }

    /** An Ed25519 key pair {@code <dir>/<name>} and {@code <name>.pub}, made on first use. */
    public Path key(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? file : SshKeygen.generate(dir, name, "ed25519", 0, null, "");
    }

    public KeyPair keyPair(String name) throws IOException {
        return SshKeys.loadPrivateKey(key(name));
    }

    public PublicKey publicKey(String name) throws IOException {
        return keyPair(name).getPublic();
    }

    /** {@code ssh-ed25519 AAAA...} of a key, as a line of authorized_keys or known_hosts wants it. */
    public String publicKeyText(String name) throws IOException {
        return SshKeys.toOpenSsh(publicKey(name));
    }

    /**
     * Has CA {@code ca} sign key {@code key} into {@code <dir>/<certName>-cert.pub}; {@code options}
     * are ssh-keygen's ({@code -h}, {@code -n nms}, {@code -z 5}), after a default key id
     * ({@code -I <certName>}) and validity, which they may override.
     */
    public Path sign(String ca, String key, String certName, String... options) throws IOException {
        Path publicCopy = dir.resolve(certName + ".pub");
        Files.copy(Path.of(key(key) + ".pub"), publicCopy, StandardCopyOption.REPLACE_EXISTING);
        List<String> args = new ArrayList<>(List.of("-q", "-s", key(ca).toString(), "-I", certName, "-V", "-5m:+1h"));
        args.addAll(List.of(options));
        args.add(publicCopy.toString());
        SshKeygen.run(args.toArray(String[]::new));
        return dir.resolve(certName + "-cert.pub");
    }

    /** A host certificate of {@code key} by {@code ca} for {@code principals} (comma-separated). */
    public Path hostCertificate(String ca, String key, String principals) throws IOException {
        return sign(ca, key, key + "-host-" + principals.replace(',', '+'), "-h", "-n", principals);
    }

    /** A user certificate of {@code key} by {@code ca} for {@code principals} (comma-separated). */
    public Path userCertificate(String ca, String key, String principals) throws IOException {
        return sign(ca, key, key + "-user-" + principals.replace(',', '+'), "-n", principals);
    }

    public OpenSshCertificate certificate(Path certificateFile) throws IOException {
        return CertifiedKey.readCertificate(certificateFile);
    }

    /** A key and its user certificate, as a device or an NMS logs in with them. */
    public CertifiedKey userLogin(String ca, String key, String principals) throws IOException {
        return CertifiedKey.load(userCertificate(ca, key, principals), key(key), OpenSshCertificate.Type.USER);
    }

    /**
     * What MINA logs in with: {@code KeyPair(certificate, private key)}, the certificate a user
     * certificate of {@code key} by {@code ca} made with ssh-keygen {@code options} ({@code -n}, {@code -z}).
     */
    public KeyPair certificateKeyPair(String ca, String key, String... options) throws IOException {
        Path certificate = sign(ca, key, key + "-user-" + signed.incrementAndGet(), options);
        return CertifiedKey.load(certificate, key(key), OpenSshCertificate.Type.USER).certificateKeyPair();
    }

    /** A KRL written by {@code ssh-keygen -k} from {@code spec} lines, for CA {@code ca} (null: no -s). */
    public Path krl(String name, String ca, String spec) throws IOException {
        Path specFile = Files.writeString(dir.resolve(name + ".spec"), spec);
        Path krl = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("-k", "-f", krl.toString()));
        if (ca != null) {
            args.addAll(List.of("-s", key(ca) + ".pub"));
        }
        args.add(specFile.toString());
        SshKeygen.run(args.toArray(String[]::new));
        return krl;
    }
}
