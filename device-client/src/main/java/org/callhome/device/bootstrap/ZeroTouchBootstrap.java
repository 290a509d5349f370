package org.callhome.device.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.sztp.Binary;
import org.callhome.shared.sztp.BootstrapRefusedException;
import org.callhome.shared.sztp.BootstrapServer;
import org.callhome.shared.sztp.CmsArtifacts;
import org.callhome.shared.sztp.CmsException;
import org.callhome.shared.sztp.DeviceArtifactCheck;
import org.callhome.shared.sztp.OnboardingInformation;
import org.callhome.shared.sztp.RedirectInformation;
import org.callhome.shared.sztp.SztpLimits;
import org.callhome.shared.sztp.VerifiedBootstrapData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's side of RFC 8572 §5.2–§5.6: tries bootstrap servers in order; from each, fetches
 * bootstrapping data with a fresh nonce, has {@link DeviceArtifactCheck} verify it (signed data only
 * from a server whose TLS certificate the device could not check), follows redirect information
 * (its servers tried before the rest, at most {@link #MAX_REDIRECT_DEPTH} deep and
 * {@link #MAX_SERVERS} servers in all), and applies the first onboarding information that verifies.
 *
 * <p>Progress reports go to the server that gave the data: {@code bootstrap-error} with the refusal's
 * reason word and detail for each refusal, {@code bootstrap-initiated} when onboarding information
 * verified, {@code config-error} if it cannot be applied, and {@code bootstrap-complete}, with the
 * device's SSH host key in reverse-ssh ({@link Onboarded#complete}), once it is applied. A report that fails is logged,
 * never fatal. Runs on the caller's thread, blocking.
 */
public final class ZeroTouchBootstrap {

    /** How many redirects in a row the device follows. */
    public static final int MAX_REDIRECT_DEPTH = 4;
    /** How many bootstrap servers one bootstrap contacts, redirects included. */
    public static final int MAX_SERVERS = 32;
    /** Nonce bytes: the most the module allows (16..32). */
    static final int NONCE_BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(ZeroTouchBootstrap.class);

    /** Applies verified onboarding information; what it throws is reported as {@code config-error}. */
    @FunctionalInterface
    public interface Applier<T> {
        T apply(OnboardingInformation onboarding) throws IOException;
    }

    /** Onboarding information applied: what the applier returned, and the server to report completion to. */
    public static final class Onboarded<T> {
        private final T applied;
        private final BootstrapServerClient server;

        Onboarded(T applied, BootstrapServerClient server) {
            this.applied = applied;
            this.server = server;
        }

        public T applied() {
            return applied;
        }

        public URI server() {
            return server.server();
        }

        /** Reports {@code bootstrap-complete} with the device's SSH host key (RFC 8572 §7.3), best effort. */
        public void complete(PublicKey hostKey) {
            report(server, "bootstrap-complete", Optional.empty(), Optional.of(hostKey));
        }

        /**
         * Reports {@code bootstrap-complete} without SSH host keys, best effort: a device-ssh-client or tls
         * device has none, its IDevID certificate identifies it (its logins; its TLS server certificate,
         * whose key the NMS learns from the IDevID this report is sent with).
         */
        public void complete() {
            report(server, "bootstrap-complete", Optional.empty(), Optional.empty());
        }
    }

    private record Candidate(URI uri, List<X509Certificate> anchors, int depth) {
    }

    private final Idevid idevid;
    private final DeviceArtifactCheck check;
    private final List<X509Certificate> bootstrapAnchors;
    private final SztpLimits limits;
    private final Duration timeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param bootstrapAnchors trust anchors of the listed bootstrap servers' TLS certificates; empty
     *                         when the device trusts none of them
     */
    public ZeroTouchBootstrap(Idevid idevid, List<X509Certificate> manufacturerAnchors,
            List<X509Certificate> bootstrapAnchors, SztpLimits limits, Duration timeout, Clock clock) {
        this.idevid = idevid;
        this.bootstrapAnchors = List.copyOf(bootstrapAnchors);
        this.limits = limits;
        this.timeout = timeout;
        this.clock = clock;
        this.check = new DeviceArtifactCheck(manufacturerAnchors, idevid.serialNumber(), idevid.issuerKeyId(), limits);
    }

    /**
     * Bootstraps from {@code servers} (https URIs, tried in order).
     *
     * @throws BootstrapFailedException when no server gave data that verified and applied
     */
    public <T> Onboarded<T> run(List<URI> servers, Applier<T> applier) throws BootstrapFailedException {
        Deque<Candidate> pending = new ArrayDeque<>();
        servers.forEach(uri -> pending.addLast(new Candidate(uri, bootstrapAnchors, 0)));
        List<String> failures = new ArrayList<>();
        int contacted = 0;
        while (!pending.isEmpty()) {
            Candidate candidate = pending.removeFirst();
            if (++contacted > MAX_SERVERS) {
                failures.add("stopped after " + MAX_SERVERS + " bootstrap servers; " + (pending.size() + 1)
                        + " not tried");
                break;
            }
            Optional<Onboarded<T>> done = tryServer(candidate, pending, failures, applier);
            if (done.isPresent()) {
                return done.get();
            }
        }
        throw new BootstrapFailedException(failures);
    }

    private <T> Optional<Onboarded<T>> tryServer(Candidate candidate, Deque<Candidate> pending, List<String> failures,
            Applier<T> applier) {
        boolean trusted = !candidate.anchors().isEmpty();
        BootstrapServerClient client;
        BootstrapServerClient.Response response;
        Binary nonce = nonce();
        try {
            client = new BootstrapServerClient(candidate.uri(), BootstrapTls.context(idevid, candidate.anchors()),
                    timeout, limits);
            response = client.getBootstrappingData(Optional.of(nonce), !trusted);
        } catch (IOException | GeneralSecurityException e) {
            LOG.warn("bootstrap server {}: {}", candidate.uri(), e.getMessage());
            failures.add(candidate.uri() + ": " + e.getMessage());
            return Optional.empty();
        }
        VerifiedBootstrapData data;
        try {
            data = trusted ? check.fromTrustedServer(response.artifacts(), Optional.of(nonce), clock.instant())
                    : check.fromUntrustedServer(response.artifacts(), Optional.of(nonce), clock.instant());
        } catch (BootstrapRefusedException e) {
            LOG.warn("bootstrap server {}: refused its data, {}", candidate.uri(), e.getMessage());
            failures.add(candidate.uri() + ": refused, " + e.getMessage());
            report(client, "bootstrap-error", Optional.of(e.reason().wireName() + ": " + e.detail()), Optional.empty());
            return Optional.empty();
        }
        if (data.information() instanceof RedirectInformation redirect) {
            redirect(candidate, redirect, data.signed() || trusted, pending, failures);
            return Optional.empty();
        }
        OnboardingInformation onboarding = (OnboardingInformation) data.information();
        LOG.info("bootstrap server {}: onboarding information verified ({})", candidate.uri(),
                data.signed() ? "signed by the owner the voucher names" : "unsigned, from a trusted server");
        report(client, "bootstrap-initiated", Optional.empty(), Optional.empty());
        try {
            return Optional.of(new Onboarded<>(applier.apply(onboarding), client));
        } catch (IOException e) {
            LOG.warn("bootstrap server {}: cannot apply its onboarding information: {}", candidate.uri(),
                    e.getMessage());
            failures.add(candidate.uri() + ": cannot apply the onboarding information: " + e.getMessage());
            report(client, "config-error", Optional.of(e.getMessage()), Optional.empty());
            return Optional.empty();
        }
    }

    /**
     * Puts a redirect's servers first, in its order. A server's trust anchor is used only when the
     * redirect itself was signed or came from a trusted server; else the server is untrusted.
     */
    private void redirect(Candidate from, RedirectInformation redirect, boolean anchorsUsable,
            Deque<Candidate> pending, List<String> failures) {
        if (from.depth() >= MAX_REDIRECT_DEPTH) {
            failures.add(from.uri() + ": redirect not followed, already " + MAX_REDIRECT_DEPTH + " redirects deep");
            return;
        }
        List<Candidate> next = new ArrayList<>();
        for (BootstrapServer server : redirect.bootstrapServers()) {
            List<X509Certificate> anchors = List.of();
            if (anchorsUsable && server.trustAnchor().isPresent()) {
                try {
                    anchors = new CmsArtifacts(limits).certificatesOnly(server.trustAnchor().get().bytes());
                } catch (CmsException e) {
                    failures.add(from.uri() + ": the trust anchor of redirect " + server.address() + " is unusable: "
                            + e.getMessage());
                    continue;
                }
            }
            next.add(new Candidate(uri(server), anchors, from.depth() + 1));
        }
        LOG.info("bootstrap server {}: redirected to {}", from.uri(), next.stream().map(Candidate::uri).toList());
        for (int i = next.size() - 1; i >= 0; i--) {
            pending.addFirst(next.get(i));
        }
    }

    private static URI uri(BootstrapServer server) {
        String host = server.address().contains(":") ? "[" + server.address() + "]" : server.address();
        return URI.create("https://" + host + ":" + server.port());
    }

    private Binary nonce() {
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        return Binary.of(bytes);
    }

    private static void report(BootstrapServerClient client, String type, Optional<String> message,
            Optional<PublicKey> hostKey) {
        try {
            client.reportProgress(type, message, hostKey);
        } catch (IOException e) {
            LOG.warn("bootstrap server {}: progress report {} not delivered: {}", client.server(), type,
                    e.getMessage());
        }
    }
}
