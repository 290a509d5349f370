package org.callhome.compare.bootstrap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.lab.X509LabCa;
import org.callhome.compare.model.TrustModel;
import org.callhome.device.bootstrap.BootstrapFailedException;
import org.callhome.device.bootstrap.Idevid;
import org.callhome.device.bootstrap.ZeroTouchBootstrap;
import org.callhome.nms.NmsServer;
import org.callhome.nms.bootstrap.BootstrapSettings;
import org.callhome.nms.bootstrap.OwnerSigner;
import org.callhome.nms.config.HttpLimits;
import org.callhome.nms.config.NmsSettings;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.nms.config.StartupLimits;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.ssh.PemBlock;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.sztp.CmsSigning;
import org.callhome.shared.sztp.OnboardingInformation;
import org.callhome.shared.sztp.SztpContentType;
import org.callhome.shared.sztp.SztpLimits;
import org.callhome.shared.sztp.Voucher;
import org.callhome.shared.sztp.VoucherAssertion;

/**
 * The parties of a zero-touch bootstrap, set up in one folder: a manufacturer (its CA, which
 * issues IDevIDs, and its MASA, which signs vouchers), an owner (its root, which vouchers pin, and
 * the certificate the NMS signs conveyed information with), and NMSs with a bootstrap server that
 * trust no device beforehand. Also the device's side in this JVM ({@link #bootstrap}), the
 * project's own {@link ZeroTouchBootstrap}. Used from one thread.
 */
final class ZeroTouchLab {

    /** How long a bootstrap server may take to answer; a refusal needs no waiting. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final String HOST = "127.0.0.1";
    private static final String SERVER_AUTH = X509LabCa.SERVER_AUTH;

    /** A party's signing key and its certificate chain, leaf first. */
    record Party(KeyPair key, X509LabCa.Issued certificate, X509LabCa root) {
    }

    /** A device's IDevID: what it loads and the files it came from. */
    record Device(String serial, Idevid idevid, Path key, Path certificate) {
    }

    /**
     * What the device's side did with one bootstrap: the onboarding information it verified and
     * applied, or why every server was refused (the device's reason words in it).
     */
    record Outcome(Optional<OnboardingInformation> applied, String failure) {
        boolean refused() {
            return applied.isEmpty();
        }
    }

    private final Path dir;
    private final CallHomeStrategy strategy;
    private final Testbed keys;
    private final X509LabCa manufacturer;
    private final Party masa;
    private final Party owner;

    /**
     * A lab whose NMSs bootstrap devices for {@code strategy} and have keys of {@code trust}: with
     * certificates, the run's NMS CA certifies their login and host keys (tls: their TLS client
     * certificate), and what they convey to devices is that CA; with pinned keys, their own key (tls:
     * their self-signed certificate, which devices pin).
     *
     * @throws IllegalArgumentException for a trust model that does not apply to {@code strategy}
     */
    ZeroTouchLab(Path dir, TrustModel trust, CallHomeStrategy strategy) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.strategy = strategy;
        this.keys = new Testbed(dir.resolve("nms-keys"), trust, strategy);
        this.manufacturer = X509LabCa.create(dir.resolve("manufacturer"), "manufacturer-root");
        this.masa = party(manufacturer, "masa");
        this.owner = party(X509LabCa.create(dir.resolve("owner"), "owner-root"), "owner");
    }

    Path dir() {
        return dir;
    }

    X509LabCa manufacturer() {
        return manufacturer;
    }

    Party owner() {
        return owner;
    }

    /** Another owner, with its own root: what a rogue bootstrap server signs with. */
    Party otherOwner(String name) throws IOException {
        return party(X509LabCa.create(dir.resolve(name), name + "-root"), name);
    }

    /**
     * A factory-fresh device: an IDevID from the manufacturer's CA, its subject serialNumber
     * {@code serial}, without extended key usage (it is both the TLS client certificate and, for
     * device-ssh-client, the SSH login's certificate).
     */
    Device device(String serial) throws IOException {
        KeyPair key = X509LabCa.newKey();
        Path keyFile = dir.resolve("devices").resolve(serial + "-idevid-key.pem");
        Files.createDirectories(keyFile.getParent());
        X509LabCa.writePrivateKey(key, keyFile);
        X509LabCa.Issued issued = manufacturer.issue(dir.resolve("devices").resolve(serial + "-idevid.pem"),
                key.getPublic(), X509LabCa.Subject.device(serial, SERVER_AUTH).forUsages(List.of()));
        return new Device(serial, Idevid.load(keyFile, issued.file()), keyFile, issued.file());
    }

    /**
     * The manufacturer's voucher naming {@code serial}, pinning {@code pinned}'s root, valid from
     * {@code created} to {@code expires}, signed by its MASA.
     */
    byte[] voucher(String serial, Party pinned, Instant created, Instant expires) {
        Voucher voucher = new Voucher(created, Optional.of(expires), VoucherAssertion.VERIFIED, serial,
                Optional.empty(), pinned.root().certificate(), Optional.empty(), Optional.empty(), Optional.empty());
        return CmsSigning.sign(SztpContentType.VOUCHER_JSON, voucher.toJson(), masa.key().getPrivate(),
                masa.certificate().certificate(), List.of(masa.certificate().certificate()));
    }

    /** A voucher valid from an hour ago for a week. */
    byte[] voucher(String serial, Party pinned) {
        Instant now = Instant.now();
        return voucher(serial, pinned, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)));
    }

    /** Puts {@code voucher} where {@code nms}'s bootstrap server serves it to device {@code serial}. */
    void offer(Path vouchers, String serial, byte[] voucher) throws IOException {
        Files.write(Files.createDirectories(vouchers).resolve(serial + ".vcj"), voucher);
    }

    /**
     * A real NMS trusting no device, its bootstrap server configuring devices for the lab's strategy
     * and signing as {@code signer}, vouchers from {@code vouchers}; its own keys those of the lab's
     * trust model. For an SSH strategy it serves both SSH strategies, for tls tls alone: a tls NMS's
     * key is its TLS client certificate's, which no SSH half takes.
     */
    NmsServer startNms(String name, Party signer, Path vouchers) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        X509LabCa tlsRoot = X509LabCa.create(folder, "bootstrap-tls-root");
        KeyPair tlsKey = X509LabCa.newKey();
        X509LabCa.Issued tls = tlsRoot.issue(folder.resolve("bootstrap-tls.pem"), tlsKey.getPublic(),
                X509LabCa.Subject.named("bootstrap", SERVER_AUTH, List.of(HOST)));
        BootstrapSettings bootstrap = new BootstrapSettings(new InetSocketAddress(HOST, 0), tlsKey,
                List.of(tls.certificate(), tlsRoot.certificate()), List.of(manufacturer.certificate()),
                new OwnerSigner(signer.key().getPrivate(), List.of(signer.certificate().certificate(),
                        signer.root().certificate())), Files.createDirectories(vouchers), strategy, HOST);
        Testbed.NmsKeys nmsKeys = keys.nmsKeys(name);
        if (keys.x509()) {
            // the NMS conveys the top of its chains as the devices' anchor: the chains carry their CA
            String ca = PemBlock.encode("CERTIFICATE", ((X509LabCa) keys.nmsCa()).certificate().getEncoded());
            for (Path chain : Stream.of(nmsKeys.identityCertFile(), nmsKeys.hostCertFile())
                    .flatMap(Optional::stream).toList()) {
                Files.writeString(chain, ca, StandardOpenOption.APPEND);
            }
        }
        InetSocketAddress any = new InetSocketAddress(HOST, 0);
        boolean tlsOnly = strategy == CallHomeStrategy.TLS;
        // as --identity and --identity-cert load them: the client certificate, under x509 with its CA after it
        Optional<NmsSettings.Tls> tlsCallHome = !tlsOnly ? Optional.empty()
                : Optional.of(new NmsSettings.Tls(any, nmsKeys.identity(), X509ChainFile.load(
                        nmsKeys.identityCertFile().orElseThrow(), nmsKeys.identity(), nmsKeys.identityFile(),
                        "--identity")));
        Duration authTimeout = Duration.ofSeconds(10);
        NmsSettings settings = new NmsSettings(
                tlsOnly ? Optional.empty() : Optional.of(keys.reverseSshSettings(nmsKeys, any)),
                tlsOnly ? Optional.empty() : Optional.of(keys.deviceSshSettings(nmsKeys, any)),
                new InetSocketAddress(HOST, 0), Optional.empty(), authTimeout,
                StartupLimits.hardLimit(NmsSettings.DEFAULT_MAX_STARTUPS, authTimeout),
                new Keepalives(Duration.ofSeconds(2), 3), Duration.ofSeconds(10),
                NetconfLimits.DEFAULT, folder.resolve("nms-state"),
                new DeviceCertificates(Optional.empty(), Optional.empty(), Optional.empty(),
                        DeviceCertificates.DEFAULT_REVOCATION_POLL,
                        Optional.of(X509Authorities.load(manufacturer.certificateFile()))),
                HttpLimits.DEFAULT, tlsCallHome);
        return NmsServer.start(settings, NmsServer.openTrustStore(settings), Optional.of(bootstrap));
    }

    static URI bootstrapUri(NmsServer nms) {
        return URI.create("https://" + HOST + ":" + nms.bootstrapPort().orElseThrow());
    }

    /**
     * {@code device} bootstraps from {@code nms} in this JVM, as the device agent does but applying
     * nothing: the onboarding information it verified, or the failure with its reason words. No
     * bootstrap-complete is reported, so the NMS learns nothing back.
     */
    Outcome bootstrap(Device device, NmsServer nms) {
        AtomicReference<OnboardingInformation> applied = new AtomicReference<>();
        try {
            new ZeroTouchBootstrap(device.idevid(), List.of(manufacturer.certificate()), List.of(),
                    SztpLimits.DEFAULT, TIMEOUT, Clock.systemUTC())
                    .run(List.of(bootstrapUri(nms)), onboarding -> {
                        applied.set(onboarding);
                        return onboarding;
                    });
            return new Outcome(Optional.of(applied.get()), "");
        } catch (BootstrapFailedException e) {
            return new Outcome(Optional.empty(), e.getMessage());
        }
    }

    private Party party(X509LabCa root, String name) throws IOException {
        KeyPair key = X509LabCa.newKey();
        Instant now = Instant.now();
        X509LabCa.Issued certificate = root.issue(dir.resolve(name + ".pem"), key.getPublic(),
                new X509LabCa.Subject(name, null, List.of(), List.of(), now.minus(Duration.ofMinutes(5)),
                        now.plus(Duration.ofDays(365))));
        return new Party(key, certificate, root);
    }
}
