package org.callhome.device.devicessh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.device.strategy.DeviceStrategy;
import org.callhome.shared.ssh.KeyFile;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * device-ssh-client as the agent builds it: the device's login key is the key the NMS knows it
 * by, and the pinned NMS host keys are read before anything is created. A user certificate, if
 * given (OpenSSH, or X.509 in PEM), must certify that login key, so the key must exist already.
 */
public final class DeviceSshStrategy implements DeviceStrategy {

    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.DEVICE_SSH_CLIENT;
    }

    @Override
    public String keyRole() {
        return "login";
    }

    /** Reads the login key and its certificate, and the pinned NMS host keys. */
    @Override
    public Prepared prepare(Settings settings) throws IOException {
        Login login = settings.clientLogin();
        if (login == null) {
            throw new IllegalArgumentException("device-ssh-client needs its login parameters (clientLogin)");
        }
        Optional<PublicKey> certificate = Optional.empty();
        if (login.identityCertificateFile().isPresent()) {
            certificate = Optional.of(loginCertificate(login.identityCertificateFile().get(), login.identityFile()));
        }
        KeyFile identity = KeyFile.open(login.identityFile());
        NmsHostKeys nmsHostKeys = NmsHostKeys.load(login.nmsHostKeyFile());
        return new ClientDevice(identity, certificate, nmsHostKeys, login, settings);
    }

    /**
     * The login certificate, told by its content: an X.509 chain in PEM (RFC 6187; an
     * {@link X509PublicKey}) or an OpenSSH user certificate, checked to certify this very key.
     *
     * @throws IOException naming the certificate file, or the key file when it is missing
     */
    public static PublicKey loginCertificate(Path certificateFile, Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            throw new IOException(certificateFile + ": certifies a login key, but the key file " + keyFile
                    + " does not exist; give the key the certificate was made for (a new key would not match it)");
        }
        if (X509ChainFile.isPem(certificateFile)) {
            KeyPair key = SshKeys.loadPrivateKey(keyFile);
            return X509PublicKey.keyPair(key, X509ChainFile.load(certificateFile, key, keyFile, "--identity"))
                    .getPublic();
        }
        return CertifiedKey.load(certificateFile, keyFile, OpenSshCertificate.Type.USER).certificate();
    }

    private record ClientDevice(KeyFile key, Optional<PublicKey> certificate, NmsHostKeys nmsHostKeys,
                                Login login, Settings settings) implements Prepared {
        @Override
        public Started start(Pieces pieces) {
            DeviceSshClientDevice device = new DeviceSshClientDevice(new DeviceSshClientDevice.Settings(login.login(),
                    pieces.key(), nmsHostKeys, login.subsystem(), login.bindAccount(), settings.authTimeout(),
                    settings.callHome().keepalives(), pieces.maxBacklogBytes(), certificate, pieces.revoked()),
                    pieces.sink(), pieces.accounts(), pieces.scheduler(), pieces.sshIo());
            return new Started(device, device);
        }
    }
}
