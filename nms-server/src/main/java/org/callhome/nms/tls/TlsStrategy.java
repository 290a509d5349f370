package org.callhome.nms.tls;

import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.callhome.nms.config.ListenFailedException.Listener;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.session.DeviceX509Check;
import org.callhome.nms.session.StartupLimiter;
import org.callhome.nms.strategy.NmsStrategy;
import org.callhome.nms.trust.DeviceTrust;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.x509.trust.X509Authority;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.NmsHalf;

/** tls (RFC 8071 §4) as the NMS serves it: a {@link TlsCallHomeAcceptor} on {@link NmsSettings#tls()}. */
public final class TlsStrategy implements NmsStrategy {

    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.TLS;
    }

    @Override
    public Listener listener() {
        return Listener.TLS_CALL_HOME;
    }

    @Override
    public Optional<InetSocketAddress> listenAddress(NmsSettings settings) {
        return settings.tls().map(NmsSettings.Tls::listen);
    }

    /** No file of pinned devices: a tls device is who its certificate says. */
    @Override
    public Optional<KnownDevices> trustFile(NmsSettings settings) {
        return Optional.empty();
    }

    @Override
    public NmsHalf createHalf(NmsSettings settings, DeviceTrust trust, NmsHalf.Refusals refusals,
                              ScheduledExecutorService timers, StartupLimiter startups, RevocationWatch revocations,
                              Vertx vertx) {
        NmsSettings.Tls tls = settings.tls().orElseThrow(() ->
                new IllegalArgumentException("the settings do not serve tls"));
        Optional<DeviceX509Check> devices = DeviceX509Check.of(settings.deviceCertificates(), revocations, trust,
                Clock.systemUTC());
        List<X509Certificate> cas = settings.deviceCertificates().x509Authorities()
                .map(authorities -> authorities.all().stream().map(X509Authority::certificate).toList())
                .orElse(List.of());
        return new TlsCallHomeAcceptor(new TlsCallHomeAcceptor.Settings(tls, trust, devices, cas, revocations,
                settings.authTimeout(), settings.limits()), refusals, startups, vertx);
    }
}
