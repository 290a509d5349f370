package org.callhome.device.devicessh;

import java.io.IOException;
import org.callhome.device.strategy.DeviceStrategy;
import org.callhome.shared.ssh.KeyFile;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * device-ssh-client as the agent builds it: the device's login key is the key the NMS knows it
 * by, and the pinned NMS host keys are read before anything is created.
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

    /** Reads the login key and the pinned NMS host keys. */
    @Override
    public Prepared prepare(Settings settings) throws IOException {
        Login login = settings.clientLogin();
        if (login == null) {
            throw new IllegalArgumentException("device-ssh-client needs its login parameters (clientLogin)");
        }
        KeyFile identity = KeyFile.open(login.identityFile());
        NmsHostKeys nmsHostKeys = NmsHostKeys.load(login.nmsHostKeyFile());
        return new ClientDevice(identity, nmsHostKeys, login, settings);
    }

    private record ClientDevice(KeyFile key, NmsHostKeys nmsHostKeys, Login login, Settings settings)
            implements Prepared {
        @Override
        public Started start(Pieces pieces) {
            DeviceSshClientDevice device = new DeviceSshClientDevice(new DeviceSshClientDevice.Settings(login.login(),
                    pieces.key(), nmsHostKeys, login.subsystem(), login.bindAccount(), settings.authTimeout(),
                    settings.callHome().keepalives(), pieces.maxBacklogBytes()), pieces.sink(), pieces.accounts(),
                    pieces.scheduler());
            return new Started(device, device);
        }
    }
}
