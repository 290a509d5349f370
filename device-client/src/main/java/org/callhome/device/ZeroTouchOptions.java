package org.callhome.device;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.callhome.device.bootstrap.BootstrapFailedException;
import org.callhome.device.bootstrap.BootstrapStore;
import org.callhome.device.bootstrap.DhcpLeaseFile;
import org.callhome.device.bootstrap.Idevid;
import org.callhome.device.bootstrap.SztpRedirectOption;
import org.callhome.device.bootstrap.ZeroTouchBootstrap;
import org.callhome.shared.cli.OptionChecks;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.sztp.SztpLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The zero-touch flags of the device agent ({@code @Mixin}): where the bootstrap servers are, the
 * device's IDevID and the trust anchors, and what to do with a stored bootstrap. Runs on the main
 * thread before the agent starts; see {@link ZeroTouchBootstrap} for the protocol.
 */
final class ZeroTouchOptions {

    /** Most bytes of a trust anchor file: a few PEM certificates. */
    static final long MAX_ANCHOR_FILE_BYTES = 256 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Options that set what the bootstrapped configuration sets, so they cannot come with zero touch. */
    static final List<String> CONFLICTING = List.of("--mode", "--config", "--nms", "--account", "--print-config",
            "--nms-host-key", "--device-id", "--login", "--identity", "--identity-cert", "--bind-account",
            "--subsystem");

    private static final Logger LOG = LoggerFactory.getLogger(ZeroTouchOptions.class);

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--bootstrap", paramLabel = "URL",
            description = "Zero-touch bootstrap (RFC 8572): a bootstrap server, https://HOST[:PORT] (repeatable, "
                    + "tried in order, before those of --dhcp-lease). The call-home configuration then comes from "
                    + "the server's signed onboarding information instead of --mode, --config and --nms.")
    List<String> bootstrapUrls = new ArrayList<>();

    @Option(names = "--dhcp-lease", paramLabel = "FILE",
            description = "Zero-touch: an ISC dhclient lease file; the bootstrap servers of DHCPv4 option 143 "
                    + "(sztp-redirect-urls) of its current lease are tried after those of --bootstrap.")
    Path dhcpLease;

    @Option(names = "--idevid-key", paramLabel = "FILE",
            description = "Zero-touch (required): the device's IDevID private key (PEM, EC or RSA).")
    Path idevidKey;

    @Option(names = "--idevid-cert", paramLabel = "FILE",
            description = "Zero-touch (required): the device's IDevID certificate (PEM, then its issuers'), its TLS "
                    + "client certificate; its subject serialNumber is the device's serial number, which a voucher "
                    + "must name.")
    Path idevidCert;

    @Option(names = "--manufacturer-ca", paramLabel = "FILE",
            description = "Zero-touch (required): the trust anchors (PEM) that ownership vouchers must chain to.")
    Path manufacturerCa;

    @Option(names = "--bootstrap-ca", paramLabel = "FILE",
            description = "Zero-touch: trust anchors (PEM) of the bootstrap servers' TLS certificates. Without it the "
                    + "servers are not authenticated and only signed data (voucher, owner certificate, signed "
                    + "conveyed information) is accepted.")
    Path bootstrapCa;

    @Option(names = "--rebootstrap",
            description = "Zero-touch: bootstrap again, ignoring the configuration a previous bootstrap stored in "
                    + "<datastore>/bootstrap/.")
    boolean rebootstrap;

    /** Whether zero touch was asked for. */
    boolean requested() {
        return !bootstrapUrls.isEmpty() || dhcpLease != null;
    }

    /** Refuses a zero-touch flag without a bootstrap server, and flags that the conveyed configuration sets. */
    void checkCombinations() {
        if (!requested()) {
            for (String option : List.of("--idevid-key", "--idevid-cert", "--manufacturer-ca", "--bootstrap-ca",
                    "--rebootstrap")) {
                if (given(option)) {
                    throw usage(option + " applies to zero-touch bootstrap only: add --bootstrap URL or "
                            + "--dhcp-lease FILE");
                }
            }
            return;
        }
        for (String option : CONFLICTING) {
            if (given(option)) {
                throw usage(option + " cannot come with --bootstrap or --dhcp-lease: the bootstrapped configuration "
                        + "sets it");
            }
        }
        if (idevidKey == null || idevidCert == null) {
            throw usage("zero-touch bootstrap needs the device's IDevID: --idevid-key FILE and --idevid-cert FILE");
        }
        if (manufacturerCa == null) {
            throw usage("zero-touch bootstrap needs --manufacturer-ca FILE, the trust anchors of ownership vouchers");
        }
        for (String url : bootstrapUrls) {
            try {
                SztpRedirectOption.parseUri(url);
            } catch (IllegalArgumentException e) {
                throw usage("--bootstrap " + url + ": " + e.getMessage());
            }
        }
    }

    /**
     * The stored bootstrap, unless {@code --rebootstrap}; else a new bootstrap, applied and stored.
     * Every file flag is read first, so a wrong one stops the device even when a stored bootstrap
     * would not need it.
     *
     * @return the strategy of the configuration now stored
     * @throws BootstrapFailedException when no bootstrap server gave data the device accepts
     */
    Bootstrapped obtain(BootstrapStore store) throws IOException, BootstrapFailedException {
        for (Path leftover : store.removeLeftovers()) {
            LOG.info("removed {}, left by a bootstrap that did not finish (the device was stopped during it)",
                    leftover);
        }
        Idevid idevid = OptionChecks.read("--idevid-cert", idevidCert, () -> Idevid.load(idevidKey, idevidCert));
        List<X509Certificate> manufacturer = anchors("--manufacturer-ca", manufacturerCa);
        List<X509Certificate> bootstrap = bootstrapCa == null ? List.of() : anchors("--bootstrap-ca", bootstrapCa);
        if (store.stored().isPresent() && !rebootstrap) {
            LOG.info("using the configuration stored by an earlier zero-touch bootstrap ({}); --rebootstrap to "
                    + "bootstrap again", store.callHomeFile());
            return new Bootstrapped(store.storedStrategy(), Optional.empty());
        }
        List<URI> servers = servers();
        LOG.info("zero-touch bootstrap of serial number {} from {}{}", idevid.serialNumber(), servers,
                bootstrap.isEmpty() ? " (servers not authenticated: signed data only)" : "");
        store.forget();
        ZeroTouchBootstrap.Onboarded<CallHomeStrategy> onboarded = new ZeroTouchBootstrap(idevid, manufacturer,
                bootstrap, SztpLimits.DEFAULT, TIMEOUT, Clock.systemUTC()).run(servers, store.withIdevid(idevid)::apply);
        LOG.info("zero-touch bootstrap from {} applied: {}", onboarded.server(), store.callHomeFile());
        return new Bootstrapped(onboarded.applied(), Optional.of(onboarded));
    }

    /** The strategy to call home with, and the bootstrap to report complete when it was new. */
    record Bootstrapped(CallHomeStrategy strategy, Optional<ZeroTouchBootstrap.Onboarded<CallHomeStrategy>> fresh) {
    }

    private List<URI> servers() throws IOException {
        List<URI> servers = new ArrayList<>();
        for (String url : bootstrapUrls) {
            servers.add(SztpRedirectOption.parseUri(url));
        }
        if (dhcpLease != null) {
            servers.addAll(OptionChecks.read("--dhcp-lease", dhcpLease,
                    () -> DhcpLeaseFile.bootstrapServers(dhcpLease, Instant.now())));
        }
        return servers;
    }

    private static List<X509Certificate> anchors(String option, Path file) throws IOException {
        return OptionChecks.read(option, file, () -> {
            byte[] pem = TextFiles.readBytes(file, MAX_ANCHOR_FILE_BYTES);
            List<X509Certificate> certificates = new ArrayList<>();
            try {
                for (var certificate : CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(pem))) {
                    certificates.add((X509Certificate) certificate);
                }
            } catch (CertificateException e) {
                throw new IOException(file + ": not PEM X.509 certificates: " + e.getMessage(), e);
            }
            if (certificates.isEmpty()) {
                throw new IOException(file + ": holds no certificate");
            }
            return certificates;
        });
    }

    private boolean given(String option) {
        return mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

    private ParameterException usage(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
