package org.callhome.device.reversessh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.callhome.device.reversessh.openssh.OpenSshDevice;
import org.callhome.device.strategy.DeviceStrategy;
import org.callhome.shared.ssh.KeyFile;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * reverse-ssh as the agent builds it: the device's SSH host key is the key the NMS knows it by,
 * and the SSH server on the dialed connection is the built-in one ({@link ReverseSshDevice}) or,
 * when the settings ask for stock OpenSSH, {@code sshd -i} ({@link OpenSshDevice}). A host
 * certificate, if given, must certify that host key, so the key must exist already: an OpenSSH host
 * certificate for either server, an X.509 chain (RFC 6187) for the built-in one only, as OpenSSH's
 * sshd has no X.509 host keys.
 */
public final class ReverseSshStrategy implements DeviceStrategy {

    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.REVERSE_SSH;
    }

    @Override
    public String keyRole() {
        return "host";
    }

    /** Reads the host key and its certificate and, for stock OpenSSH, checks sshd and the accounts. */
    @Override
    public Prepared prepare(Settings settings) throws IOException {
        Path keyFile = settings.ssh().hostKeyFile();
        Optional<HostCertificate> certificate = Optional.empty();
        if (settings.hostCertificateFile().isPresent()) {
            certificate = Optional.of(hostCertificate(settings.hostCertificateFile().get(), keyFile,
                    settings.stockOpenSsh()));
        }
        KeyFile hostKey = KeyFile.open(keyFile);
        if (!settings.stockOpenSsh()) {
            return new BuiltInServer(hostKey, certificate, settings);
        }
        OpenSshDevice.Prepared sshd = OpenSshDevice.prepare(new OpenSshDevice.Settings(settings.datastore(),
                settings.ssh(), settings.authTimeout(), settings.callHome().keepalives(),
                settings.limits().maxMessageBytes()));
        return new StockSshd(hostKey, sshd);
    }

    /**
     * The host certificate, of either kind ({@link HostCertificate#load}), checked to certify this
     * very key and, for stock OpenSSH, to be one sshd can present.
     *
     * @param stockOpenSsh whether {@code sshd -i} will present it, which takes OpenSSH certificates only
     * @throws IOException naming the certificate file, or the key file when it is missing
     */
    public static HostCertificate hostCertificate(Path certificateFile, Path keyFile, boolean stockOpenSsh)
            throws IOException {
        if (!Files.exists(keyFile)) {
            throw new IOException(certificateFile + ": certifies a host key, but the host key file " + keyFile
                    + " does not exist; give the key the certificate was made for (a new key would not match it)");
        }
        HostCertificate certificate = HostCertificate.load(certificateFile, keyFile);
        if (stockOpenSsh && certificate instanceof HostCertificate.X509Chain) {
            throw new IOException(certificateFile + ": is an X.509 certificate chain (RFC 6187), which OpenSSH's sshd"
                    + " cannot present (it has no X.509 host keys); run the built-in server (--ssh-server mina), or"
                    + " give an OpenSSH host certificate (ssh-keygen -s CA -h)");
        }
        return certificate;
    }

    /** The MINA server in this process: the NMS's NETCONF channels go to the agent's sink. */
    private record BuiltInServer(KeyFile key, Optional<HostCertificate> certificate, Settings settings)
            implements Prepared {
        @Override
        public Started start(Pieces pieces) {
            ReverseSshDevice device = new ReverseSshDevice(pieces.key(), certificate, pieces.accounts(),
                    pieces.revoked(), settings.authTimeout(), settings.callHome().keepalives(), pieces.sink(),
                    pieces.maxBacklogBytes(), pieces.scheduler(), pieces.sshIo());
            return new Started(device, device);
        }
    }

    /**
     * Stock {@code sshd -i}: each NETCONF session runs as a {@code device-client stdio} process on the
     * data folder; sshd reads the certificate, the accounts' files and the revocation list itself.
     */
    private record StockSshd(KeyFile key, OpenSshDevice.Prepared sshd) implements Prepared {
        @Override
        public Started start(Pieces pieces) throws IOException {
            OpenSshDevice device = sshd.start();
            return new Started(device, device);
        }
    }
}
