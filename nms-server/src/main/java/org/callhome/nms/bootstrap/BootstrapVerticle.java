package org.callhome.nms.bootstrap;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509TrustManager;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.registry.DeviceRegistry;
import org.callhome.nms.trust.TrustConflictException;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-touch bootstrap server (RFC 8572 §7): RESTCONF over HTTPS (TLS 1.2 or 1.3), the device
 * authenticated by its IDevID TLS client certificate ({@link IdevidCheck}), two operations:
 * <pre>
 * POST /restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data
 *      {"ietf-sztp-bootstrap-server:output": {"conveyed-information", "owner-certificate",
 *       "ownership-voucher" (base64 CMS), "reporting-level": "verbose"}}
 * POST /restconf/operations/ietf-sztp-bootstrap-server:report-progress      204
 * </pre>
 * The conveyed information is {@code onboarding-information} with the device's call-home
 * configuration ({@link CallHomeConfiguration}) for its strategy ({@link BootstrapDevices}),
 * signed by the owner; the voucher is {@code <vouchers>/<serial>.vcj} as it is. A
 * {@code bootstrap-complete} report trusts the device (trust store source {@code zero-touch}, id its
 * serial number): a reverse-ssh device by the first SSH host key it reports, a tls device by the key
 * of the IDevID it authenticated the report with; it is answered once the trust store is saved, so
 * that the device's first call finds itself trusted. Every request and report becomes a
 * {@code bootstrap-progress} event. Errors are {@link RestconfErrors}'s. Reading vouchers,
 * signing and saving the trust store run on workers.
 */
public final class BootstrapVerticle extends VerticleBase {

    static final String OPERATIONS = "/restconf/operations/ietf-sztp-bootstrap-server:";
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapVerticle.class);
    private static final String SERIAL = "serial";
    /** The public key of the IDevID a request was authenticated with. */
    private static final String IDEVID_KEY = "idevidKey";

    private final BootstrapSettings settings;
    private final CallHomeConfiguration configurations;
    private final BootstrapDevices devices;
    private final TrustStore trust;
    private final DeviceRegistry registry;
    private final Clock clock;
    private final IdevidCheck idevids;
    private HttpServer server;

    public BootstrapVerticle(BootstrapSettings settings, CallHomeConfiguration configurations,
                             BootstrapDevices devices, TrustStore trust, DeviceRegistry registry, Clock clock) {
        this.settings = settings;
        this.configurations = configurations;
        this.devices = devices;
        this.trust = trust;
        this.registry = registry;
        this.clock = clock;
        this.idevids = new IdevidCheck(settings.idevidCas());
    }

    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() throws Exception {
        InetSocketAddress listen = settings.listen();
        HttpServerOptions options = new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(KeyCertOptions.wrap(keyManagers()))
                .setTrustOptions(TrustOptions.wrap(new AnyClientChain(idevids.cas())))
                .setClientAuth(ClientAuth.REQUEST)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
        return vertx.createHttpServer(options).requestHandler(routes())
                .listen(listen.getPort(), listen.getHostString())
                .onSuccess(bound -> {
                    server = bound;
                    LOG.info("zero-touch bootstrap server on https://{}:{}/restconf, default strategy {}",
                            listen.getHostString(), bound.actualPort(), devices.defaultStrategy().wireName());
                });
    }

    private Router routes() {
        RestconfErrors errors = new RestconfErrors(BootstrapSettings.MAX_BODY_BYTES);
        Router router = Router.router(vertx);
        router.route().handler(this::authenticate);
        // no file uploads: a multipart body is never written to disk
        router.route().handler(BodyHandler.create(false).setBodyLimit(BootstrapSettings.MAX_BODY_BYTES));
        router.post(OPERATIONS + "get-bootstrapping-data").handler(this::getBootstrappingData);
        router.post(OPERATIONS + "report-progress").handler(this::reportProgress);
        router.route().failureHandler(errors::handle);
        router.errorHandler(404, errors::noSuchRoute);
        router.errorHandler(405, errors::methodNotAllowed);
        return router;
    }

    /** Every request: the IDevID's serial number, else 401 and nothing else, not even whether the path exists. */
    private void authenticate(RoutingContext ctx) {
        SSLSession session = ctx.request().connection().sslSession();
        List<Certificate> chain;
        try {
            chain = session == null ? List.of() : List.of(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException none) {
            chain = List.of();
        }
        Optional<String> serial = idevids.serialOf(chain, clock.instant());
        if (serial.isEmpty()) {
            throw RestconfException.unauthorized();
        }
        ctx.put(SERIAL, serial.get());
        ctx.put(IDEVID_KEY, chain.get(0).getPublicKey());
        ctx.next();
    }

    private void getBootstrappingData(RoutingContext ctx) {
        String serial = ctx.get(SERIAL);
        BootstrapInput input = BootstrapInput.parse(jsonBody(ctx));
        if (!devices.hasRoomFor(serial)) {
            throw RestconfException.unavailable("too many devices");
        }
        CallHomeStrategy strategy = devices.strategyOf(serial);
        vertx.executeBlocking(() -> bootstrappingData(serial, strategy), false).onSuccess(output -> {
            devices.asked(serial, input, "served", clock.instant());
            event(new JsonObject().put(SERIAL, serial).put("progressType", "bootstrapping-data-served")
                    .put("strategy", strategy.wireName()));
            ctx.response().setStatusCode(200).putHeader("content-type", RestconfErrors.MEDIA_TYPE)
                    .end(new JsonObject().put("ietf-sztp-bootstrap-server:output", output).encode());
        }).onFailure(failure -> {
            if (failure instanceof RestconfException refused && refused.status() == 404) {
                devices.asked(serial, input, "no-voucher", clock.instant());
                event(new JsonObject().put(SERIAL, serial).put("progressType", "no-voucher")
                        .put("message", refused.getMessage()));
            }
            ctx.fail(failure);
        });
    }

    /** On a worker: the voucher, the signed configuration, the owner certificate. */
    private JsonObject bootstrappingData(String serial, CallHomeStrategy strategy) throws IOException {
        Path file = settings.vouchers().resolve(serial + ".vcj");
        if (!Files.isRegularFile(file)) {
            throw RestconfException.noData("no ownership voucher for this device");
        }
        byte[] voucher = TextFiles.readBytes(file, BootstrapSettings.MAX_VOUCHER_BYTES);
        byte[] conveyed = settings.signer().signedOnboarding(configurations.forDevice(serial, strategy));
        Base64.Encoder base64 = Base64.getEncoder();
        return new JsonObject()
                .put("reporting-level", "verbose")
                .put("conveyed-information", base64.encodeToString(conveyed))
                .put("owner-certificate", base64.encodeToString(settings.signer().ownerCertificate()))
                .put("ownership-voucher", base64.encodeToString(voucher));
    }

    private void reportProgress(RoutingContext ctx) {
        String serial = ctx.get(SERIAL);
        ProgressReport report = ProgressReport.parse(jsonBody(ctx));
        if (!devices.hasRoomFor(serial)) {
            throw RestconfException.unavailable("too many devices");
        }
        devices.reported(serial, report, clock.instant());
        event(new JsonObject().put(SERIAL, serial).put("progressType", report.progressType())
                .put("message", report.message().orElse(null)).put("sshHostKeys", report.sshHostKeys().size())
                .put("trustAnchorCerts", report.trustAnchorCerts()));
        CallHomeStrategy strategy = devices.strategyOf(serial);
        Optional<PublicKey> trusted = ProgressReport.BOOTSTRAP_COMPLETE.equals(report.progressType())
                ? keyToTrust(strategy, report, ctx.get(IDEVID_KEY)) : Optional.empty();
        if (trusted.isEmpty()) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        // answered once the key is saved: the device calls home as soon as it has the answer
        trust(serial, strategy, trusted.get()).onComplete(saved -> ctx.response().setStatusCode(204).end());
    }

    /**
     * The key a {@code bootstrap-complete} report has the NMS trust the device by: for reverse-ssh the
     * first SSH host key it reported (the device's own, which the NMS has no other way to learn); for
     * tls the IDevID key this request was authenticated with, as the device presents its IDevID as
     * TLS server certificate. The tls device is pinned by that key, as the reverse-ssh device by its
     * host key, rather than left to --idevid-ca as a device CA: an IDevID made for bootstrapping may
     * allow only clientAuth, which a TLS server certificate may not have, and a pinned device is one
     * the API can revoke alone. device-ssh-client devices log in with the IDevID certificate, which
     * --idevid-ca identifies, so nothing is trusted for them here.
     */
    private static Optional<PublicKey> keyToTrust(CallHomeStrategy strategy, ProgressReport report,
                                                  PublicKey idevid) {
        return switch (strategy) {
            case REVERSE_SSH -> report.sshHostKeys().stream().findFirst();
            case TLS -> Optional.of(idevid);
            case DEVICE_SSH_CLIENT -> Optional.empty();
        };
    }

    /** Trusts a device by {@code key}; a conflict is logged and published. Completes however it ends. */
    private Future<?> trust(String serial, CallHomeStrategy strategy, PublicKey key) {
        return vertx.executeBlocking(() -> trust.approveZeroTouch(serial, strategy, key, "bootstrap-complete"),
                false)
                .onSuccess(approval -> registry.onContext(() -> registry.trusted(approval.device(),
                        approval.created())))
                .onFailure(failure -> {
                    String why = failure instanceof TrustConflictException ? failure.getMessage()
                            : "the trust store could not be saved";
                    LOG.warn("zero-touch device {}: its {} key is not trusted: {}", serial, strategy.wireName(), why,
                            failure);
                    event(new JsonObject().put(SERIAL, serial).put("progressType", "trust-refused")
                            .put("message", why));
                });
    }

    /** The body, which must be {@code application/yang-data+json} if there is one. */
    private static Buffer jsonBody(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            return body;
        }
        String type = ctx.request().getHeader("content-type");
        String media = type == null ? "" : type.split(";", 2)[0].strip();
        if (!RestconfErrors.MEDIA_TYPE.equalsIgnoreCase(media)) {
            throw RestconfException.mediaType("the body must be " + RestconfErrors.MEDIA_TYPE);
        }
        return body;
    }

    private void event(JsonObject data) {
        registry.onContext(() -> registry.publish(DeviceEvent.Kind.BOOTSTRAP_PROGRESS, data));
    }

    private KeyManagerFactory keyManagers() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = new char[0];
        store.setKeyEntry("bootstrap", settings.tlsKey().getPrivate(), password,
                settings.tlsChain().toArray(new X509Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory;
    }

    /**
     * Takes any client chain at the handshake, which then only proves the key: the trust decision
     * is {@link #authenticate}'s, so that a device without a trusted IDevID gets a RESTCONF 401. The
     * IDevID CAs are named as the acceptable issuers, so that a device picks its IDevID.
     */
    private static final class AnyClientChain implements X509TrustManager {
        private final X509Certificate[] issuers;

        AnyClientChain(List<X509Certificate> cas) {
            this.issuers = cas.toArray(new X509Certificate[0]);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // judged per request by IdevidCheck
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            throw new CertificateException("the bootstrap server trusts no server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return issuers.clone();
        }
    }
}
