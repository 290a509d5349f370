package org.callhome.nms.devicessh;

import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.callhome.nms.config.ListenFailedException.Listener;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.session.DeviceCertificateCheck;
import org.callhome.nms.session.DeviceX509Check;
import org.callhome.nms.session.StartupLimiter;
import org.callhome.nms.strategy.NmsStrategy;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;

/** device-ssh-client as the NMS serves it: a {@link DeviceSshServer} on {@link NmsSettings#deviceSsh()}. */
public final class DeviceSshStrategy implements NmsStrategy {

    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.DEVICE_SSH_CLIENT;
    }

    @Override
    public Listener listener() {
        return Listener.DEVICE_SSH;
    }

    @Override
    public Optional<InetSocketAddress> listenAddress(NmsSettings settings) {
        return settings.deviceSsh().map(NmsSettings.DeviceSsh::listen);
    }

    @Override
    public Optional<KnownDevices> trustFile(NmsSettings settings) {
        return settings.deviceSsh().map(NmsSettings.DeviceSsh::deviceAccounts);
    }

    @Override
    public NmsHalf createHalf(NmsSettings settings, DeviceTrust trust, NmsHalf.Refusals refusals,
                              ScheduledExecutorService timers, StartupLimiter startups, RevocationWatch revocations,
                              Vertx vertx) {
        NmsSettings.DeviceSsh device = settings.deviceSsh().orElseThrow(() ->
                new IllegalArgumentException("the settings do not serve device-ssh-client"));
        DeviceSshServer server = new DeviceSshServer(new DeviceSshServer.Settings(device.listen(), device.hostKey(),
                device.hostCertificate(), trust,
                DeviceCertificateCheck.of(settings.deviceCertificates(), revocations, trust, Clock.systemUTC()),
                revocations, device.subsystem(), settings.authTimeout(), settings.keepalives(),
                settings.limits().maxWriteBacklogBytes(), device.hostX509Chain(),
                DeviceX509Check.of(settings.deviceCertificates(), revocations, trust, Clock.systemUTC())), refusals,
                timers);
        server.limitStartups(startups);
        return server;
    }
}
