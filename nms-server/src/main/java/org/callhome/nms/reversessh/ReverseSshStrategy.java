package org.callhome.nms.reversessh;

import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.callhome.nms.config.ListenFailedException.Listener;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.session.DeviceCertificateCheck;
import org.callhome.nms.session.DeviceSession;
import org.callhome.nms.session.DeviceX509Check;
import org.callhome.nms.session.StartupLimiter;
import org.callhome.nms.strategy.NmsStrategy;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;

/** reverse-ssh (RFC 8071) as the NMS serves it: a {@link ReverseSshAcceptor} on {@link NmsSettings#reverseSsh()}. */
public final class ReverseSshStrategy implements NmsStrategy {

    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.REVERSE_SSH;
    }

    @Override
    public Listener listener() {
        return Listener.CALL_HOME;
    }

    @Override
    public Optional<InetSocketAddress> listenAddress(NmsSettings settings) {
        return settings.reverseSsh().map(NmsSettings.ReverseSsh::listen);
    }

    @Override
    public Optional<KnownDevices> trustFile(NmsSettings settings) {
        return settings.reverseSsh().map(NmsSettings.ReverseSsh::knownDevices);
    }

    /** With --trust-unknown-devices (lab only), the devices the acceptor let in under a name made from their key. */
    @Override
    public boolean admitsUntrusted(NmsSettings settings, DeviceSession session) {
        return settings.reverseSsh().map(NmsSettings.ReverseSsh::trustUnknownDevices).orElse(false)
                && session.deviceId().startsWith(ReverseSshAcceptor.UNTRUSTED_PREFIX);
    }

    @Override
    public NmsHalf createHalf(NmsSettings settings, DeviceTrust trust, NmsHalf.Refusals refusals,
                              ScheduledExecutorService timers, StartupLimiter startups, RevocationWatch revocations,
                              Vertx vertx) {
        NmsSettings.ReverseSsh reverse = settings.reverseSsh().orElseThrow(() ->
                new IllegalArgumentException("the settings do not serve reverse-ssh"));
        ReverseSshAcceptor acceptor = new ReverseSshAcceptor(new ReverseSshAcceptor.Settings(reverse.listen(), trust,
                reverse.identity(), reverse.identityCertificate(), reverse.username(), reverse.trustUnknownDevices(),
                DeviceCertificateCheck.of(settings.deviceCertificates(), revocations, trust, Clock.systemUTC()),
                revocations, settings.authTimeout(), settings.keepalives(), settings.limits(),
                DeviceX509Check.of(settings.deviceCertificates(), revocations, trust, Clock.systemUTC()),
                reverse.x509Identity()), refusals,
                timers);
        acceptor.limitStartups(startups);
        return acceptor;
    }
}
