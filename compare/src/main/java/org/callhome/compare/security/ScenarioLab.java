package org.callhome.compare.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.device.DeviceAgent;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.io.Closer;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * One scenario run on a testbed: its own folder (so runs never share trust stores, trust files
 * or data folders), everything it started, stopped again by {@link #close()} in reverse order,
 * and the result with its evidence in the project's words ({@link EvidenceText}): the devices'
 * files named for what they are, never by a path. Used on the scenario's thread only.
 */
final class ScenarioLab implements AutoCloseable {

    /**
     * The longest a scenario waits for something it expects (a session, a refusal, an error);
     * generous for loaded machines, since waits end as soon as it happens.
     */
    static final Duration WAIT = Duration.ofSeconds(20);
    /** How long a scenario keeps listening after the outcome, for events that may still come. */
    static final Duration QUIET = Duration.ofMillis(400);

    /** A started device, with what its dialer reported. */
    record Device(DeviceSpec spec, DeviceAgent agent, DialerLog dialer) {
    }

    private final Testbed testbed;
    private final SecurityScenario scenario;
    private final CallHomeStrategy strategy;
    private final String prefix;
    private final Path folder;
    private final Closer started = new Closer();
    private final Map<Object, AutoCloseable> stops = new IdentityHashMap<>();
    private final EvidenceText words;
    private int devices;

    ScenarioLab(Testbed testbed, SecurityScenario scenario, CallHomeStrategy strategy) throws IOException {
        this.testbed = testbed;
        this.scenario = scenario;
        this.strategy = strategy;
        String base = scenario.id() + "-" + strategy.wireName();
        int run = 1;
        while (Files.exists(testbed.dir().resolve(base + "-" + run))) {
            run++;
        }
        prefix = base + "-" + run;
        folder = Files.createDirectories(testbed.dir().resolve(prefix));
        words = new EvidenceText(testbed.dir());
    }

    CallHomeStrategy strategy() {
        return strategy;
    }

    boolean reverseSsh() {
        return strategy == CallHomeStrategy.REVERSE_SSH;
    }

    /** A folder of this run for files of its own. */
    Path folder(String name) throws IOException {
        return Files.createDirectories(folder.resolve(name));
    }

    /**
     * New keys for the run's NMS, named {@code role} (e.g. "nms"); with certificates, certified by
     * the NMS CA the devices trust.
     */
    Testbed.NmsKeys nmsKeys(String role) throws IOException {
        return testbed.nmsKeys(prefix + "-" + role);
    }

    /** New keys for an attacker's NMS, named {@code role} (e.g. "rogue-nms"): no CA of the run certified them. */
    Testbed.NmsKeys attackerNmsKeys(String role) throws IOException {
        return testbed.uncertifiedNmsKeys(prefix + "-" + role);
    }

    /** Whether the run's peers know each other by certificates. */
    boolean certificates() {
        return testbed.certificates();
    }

    Testbed testbed() {
        return testbed;
    }

    /**
     * Starts an NMS of this run's strategy with the keys made by {@link #nmsKeys(String)} for
     * {@code role}; evidence calls it by its role, e.g. "rogue NMS" for "rogue-nms".
     */
    NmsWatch startNms(String role, Testbed.NmsKeys keys, Map<String, PublicKey> trusted, boolean trustUnknown)
            throws Exception {
        return startNms(role, nmsSpec(role, keys, trusted, trustUnknown));
    }

    /**
     * What {@link #startNms(String, Testbed.NmsKeys, Map, boolean)} starts, for a scenario to change
     * before {@link #startNms(String, Testbed.NmsSpec)} (a revocation list, another device CA).
     */
    Testbed.NmsSpec nmsSpec(String role, Testbed.NmsKeys keys, Map<String, PublicKey> trusted, boolean trustUnknown) {
        return new Testbed.NmsSpec(prefix + "-" + role, strategy, keys, trusted, 0, trustUnknown);
    }

    /** Starts an NMS of {@code spec}, made by {@link #nmsSpec}; evidence calls it by its role. */
    NmsWatch startNms(String role, Testbed.NmsSpec spec) throws Exception {
        Testbed.Nms nms = testbed.startNms(spec);
        started(nms.server(), () -> testbed.stop(nms));
        return new NmsWatch(role.replace('-', ' ').replace("nms", "NMS"), nms);
    }

    /** The public key that identifies device {@code id} in this testbed (host key or login key). */
    PublicKey devicePublicKey(String id) throws IOException {
        return testbed.devicePublicKey(id);
    }

    /**
     * A device of this run's strategy trusting the NMS of {@code keys} and calling {@code nms};
     * its trust file and data folder are this run's own, its key the testbed's for {@code id}.
     */
    DeviceSpec device(String id, Testbed.NmsKeys keys, InetSocketAddress nms, Role role) throws IOException {
        DeviceSpec spec = testbed.deviceSpec(strategy, id, keys, nms, role);
        Path own = folder("device-" + id + "-" + ++devices);
        Path trustFile = own.resolve(spec.nmsKeyFile().getFileName());
        Files.copy(spec.nmsKeyFile(), trustFile, StandardCopyOption.REPLACE_EXISTING);
        name(spec.keyFile(), id + "'s private key file");
        name(trustFile, id + (reverseSsh() ? "'s authorized_keys file for the NMS's account"
                : testbed.certificates() ? "'s known_hosts file for the NMS" : "'s pinned NMS host key file"));
        spec.certificateFile().ifPresent(file -> name(file, id + "'s certificate"));
        return new DeviceSpec(strategy, id, spec.nmsHost(), spec.nmsPort(), spec.keyFile(), trustFile,
                spec.account(), role, own.resolve("data"), spec.certificateFile());
    }

    /** Writes the running configuration the device starts with: a {@code <data>} element's children. */
    static void seedRunning(DeviceSpec spec, String configXml) throws IOException {
        Files.createDirectories(spec.datastore());
        Files.writeString(spec.datastore().resolve("running.xml"),
                "<data xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">" + configXml + "</data>\n");
    }

    Device startDevice(DeviceSpec spec) throws IOException {
        DialerLog dialer = new DialerLog();
        DeviceAgent agent = testbed.startDevice(spec, dialer);
        started(agent, () -> testbed.stop(agent));
        return new Device(spec, agent, dialer);
    }

    /** Stops a device now rather than at the end of the run. */
    void stop(Device device) throws IOException {
        stopNow(device.agent());
    }

    /** Stops an NMS now rather than at the end of the run. */
    void stop(NmsWatch nms) throws IOException {
        stopNow(nms.nms().server());
    }

    /** Remembers how to stop what {@code key} identifies, with the rest of the run. */
    private void started(Object key, AutoCloseable stop) {
        stops.put(key, started.register(stop));
    }

    private void stopNow(Object key) throws IOException {
        AutoCloseable stop = stops.remove(key);
        if (stop != null) {
            started.closeNow(stop);
        }
    }

    /** Closes {@code resource} with the rest of the run; returns it. */
    <T extends AutoCloseable> T closeLater(T resource) {
        started(resource, resource);
        return resource;
    }

    /** From now on, evidence calls {@code file} by {@code description} instead of its path. */
    void name(Path file, String description) {
        words.name(file, description);
    }

    /**
     * The result of a scenario that needs certificates, run on a testbed whose peers pin each
     * other's keys: not run, rather than a verdict on something it could not try.
     */
    SecurityResult needsCertificates() {
        if (strategy == CallHomeStrategy.TLS) {
            // tls peers present certificates under pinned keys too, but their own: no CA's to try
            return result(SecurityResult.Verdict.NOT_RUN, "needs a trust model of certificates",
                    "needs a trust model of certificates (x509; openssh-cert does not apply to tls): this testbed's "
                    + "peers pin each other's keys (" + testbed.trust().wireName() + "), each presenting a "
                    + "certificate its own key signed, so there is no CA's certificate to try", List.of());
        }
        return result(SecurityResult.Verdict.NOT_RUN, "needs a trust model of certificates",
                "needs a trust model of certificates (openssh-cert, x509): this testbed's peers pin each other's "
                + "keys (" + testbed.trust().wireName() + "), so there is no certificate to try", List.of());
    }

    /** Whether the run's certificates are X.509 ones. */
    boolean x509() {
        return testbed.x509();
    }

    /** The result of a scenario that needs X.509 certificates, run on a testbed without them: not run. */
    SecurityResult needsX509() {
        if (strategy == CallHomeStrategy.TLS) {
            return result(SecurityResult.Verdict.NOT_RUN, "needs the x509 trust model", "needs the x509 trust "
                    + "model: this testbed's peers pin each other's keys (" + testbed.trust().wireName() + "): the NMS "
                    + "accepts a pinned device by its key, whatever its own certificate says it is for",
                    List.of());
        }
        return result(SecurityResult.Verdict.NOT_RUN, "needs the x509 trust model", "needs the x509 trust model: "
                + "this testbed's peers know each other by " + testbed.trust().title() + ", which have no extended "
                + "key usage to try", List.of());
    }

    /**
     * The scenario's result for this run's strategy.
     *
     * @param summary the short verdict, computed from what the run observed
     */
    SecurityResult result(SecurityResult.Verdict verdict, String summary, String finding, List<String> evidence) {
        return new SecurityResult(scenario.id(), scenario.title(), scenario.question(), scenario.matters(),
                strategy, verdict, summary, words.of(finding), evidence.stream().map(words::of).toList());
    }

    @Override
    public void close() throws IOException {
        stops.clear();
        started.close();
    }
}
