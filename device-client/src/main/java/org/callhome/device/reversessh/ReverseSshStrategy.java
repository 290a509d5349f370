package org.callhome.device.reversessh;

import java.io.IOException;
import org.callhome.device.reversessh.openssh.OpenSshDevice;
import org.callhome.device.strategy.DeviceStrategy;
import org.callhome.shared.ssh.KeyFile;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * reverse-ssh as the agent builds it: the device's SSH host key is the key the NMS knows it by,
 * and the SSH server on the dialed connection is the built-in one ({@link ReverseSshDevice}) or,
 * when the settings ask for stock OpenSSH, {@code sshd -i} ({@link OpenSshDevice}).
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

    /** Reads the host key and, for stock OpenSSH, checks sshd and the accounts. */
    @Override
    public Prepared prepare(Settings settings) throws IOException {
        KeyFile hostKey = KeyFile.open(settings.ssh().hostKeyFile());
        if (!settings.stockOpenSsh()) {
            return new BuiltInServer(hostKey, settings);
        }
        OpenSshDevice.Prepared sshd = OpenSshDevice.prepare(new OpenSshDevice.Settings(settings.datastore(),
                settings.ssh(), settings.authTimeout(), settings.callHome().keepalives(),
                settings.limits().maxMessageBytes()));
        return new StockSshd(hostKey, sshd);
    }

    /** The MINA server in this process: the NMS's NETCONF channels go to the agent's sink. */
    private record BuiltInServer(KeyFile key, Settings settings) implements Prepared {
        @Override
        public Started start(Pieces pieces) {
            ReverseSshDevice device = new ReverseSshDevice(pieces.key(), pieces.accounts(), settings.authTimeout(),
                    settings.callHome().keepalives(), pieces.sink(), pieces.maxBacklogBytes(), pieces.scheduler());
            return new Started(device, device);
        }
    }

    /** Stock {@code sshd -i}: each NETCONF session runs as a {@code device-client stdio} process on the data folder. */
    private record StockSshd(KeyFile key, OpenSshDevice.Prepared sshd) implements Prepared {
        @Override
        public Started start(Pieces pieces) throws IOException {
            OpenSshDevice device = sshd.start();
            return new Started(device, device);
        }
    }
}
