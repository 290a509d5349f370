package org.callhome.device.callhome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callhome.device.callhome.CallHomeFormat.Config;
import org.callhome.device.datastore.AfterReply;
import org.callhome.device.datastore.ConfigCheck;
import org.callhome.device.datastore.RunningDatastore;
import org.callhome.shared.config.InvalidConfigException;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The device's call-home configuration as data in the running datastore, as on an RFC 8071
 * device: the tree of its strategy ({@link CallHomeFormat}), which the NMS may change over NETCONF.
 *
 * <p>Seeding: the tree the flags and {@code --config} give (what {@code --print-config} writes)
 * goes into running when running has none, or when the flags changed since they last seeded it,
 * told by the SHA-256 of that JSON kept in {@value #SEED_FILE} in the data folder; otherwise
 * running's tree wins, so that edits made over NETCONF survive a restart.
 *
 * <p>Reading: running's tree, converted to JSON, read by the strategy's own reader. What that
 * reader refuses, running refuses too ({@link #check()}), so that no change can leave the device
 * unable to call home.
 */
public final class RunningCallHome {

    private static final Logger LOG = LoggerFactory.getLogger(RunningCallHome.class);

    /** The digest of the JSON that last seeded running, in the data folder. */
    public static final String SEED_FILE = "call-home.seed";

    /** Where errors say the configuration came from. */
    private static final String SOURCE = "running";
    private static final Pattern STEP = Pattern.compile("(?:([^:/\\[]+):)?([^/\\[]+)(?:\\[(\\d+)])?");
    private static final int MAX_SEED_FILE_BYTES = 1024;

    private final CallHomeTree tree;
    private final CallHomeFormat format;

    public RunningCallHome(CallHomeTree tree, CallHomeFormat format) {
        this.tree = Objects.requireNonNull(tree, "tree");
        this.format = Objects.requireNonNull(format, "format");
    }

    /**
     * What the device starts with, decided before anything is created.
     *
     * @param effective the configuration to call home with
     * @param seedJson  the JSON to put into running, when it is to be seeded
     * @param why       what was decided and why, for the log
     */
    public record Seeding(Config effective, Optional<String> seedJson, String why) {
    }

    /**
     * Decides between the configuration of the flags ({@code given}) and running's, reading the
     * data folder without creating anything.
     *
     * @throws IOException running's tree is kept but its configuration is unusable (the message
     *                     says why and how to start over from the flags)
     */
    public Seeding plan(Path dataFolder, Config given) throws IOException {
        String json = format.write(given);
        String digest = digest(json);
        Element data = RunningDatastore.readIn(dataFolder);
        if (tree.find(data).isEmpty()) {
            return new Seeding(given, Optional.of(json), "running has no call-home configuration: seeded from the"
                    + " flags");
        }
        Optional<String> seeded = readSeed(dataFolder.resolve(SEED_FILE));
        if (!seeded.equals(Optional.of(digest))) {
            return new Seeding(given, Optional.of(json), "the flags changed since they last seeded running (or"
                    + " never did): running's call-home configuration replaced by theirs");
        }
        try {
            return new Seeding(read(data), Optional.empty(), "running's call-home configuration kept (the flags are"
                    + " those that seeded it; edits made over NETCONF stay)");
        } catch (NetconfException e) {
            throw new IOException(dataFolder.resolve("running.xml") + ": its call-home configuration cannot be"
                    + " used: " + e.getMessage() + "; fix it, or delete " + dataFolder.resolve(SEED_FILE)
                    + " to seed running from the flags again", e);
        }
    }

    /** Puts the planned tree into running, leaving its other content, and records the digest. */
    public void seed(RunningDatastore running, Path dataFolder, Seeding seeding) throws IOException {
        if (seeding.seedJson().isEmpty()) {
            LOG.info("{}", seeding.why());
            return;
        }
        String json = seeding.seedJson().get();
        Element xml = tree.toXml(json);
        try {
            running.modify(RunningDatastore.DEVICE, AfterReply.NOW, current -> tree.replace(current, xml));
        } catch (NetconfException e) {
            throw new IOException("cannot seed running's call-home configuration: " + e.getMessage(), e);
        }
        Path file = dataFolder.resolve(SEED_FILE);
        Path temporary = dataFolder.resolve(SEED_FILE + ".new");
        Files.writeString(temporary, digest(json) + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("{}", seeding.why());
    }

    /**
     * The configuration of running's content {@code data}.
     *
     * @throws NetconfException the device could not call home with it: operation-failed when the
     *                          tree is missing, invalid-value (with the error-path when known)
     *                          for what the schema or the strategy's reader refuses
     */
    public Config read(Element data) throws NetconfException {
        Optional<Element> found = tree.find(data);
        if (found.isEmpty()) {
            throw NetconfException.of(ErrorType.APPLICATION, ErrorTag.OPERATION_FAILED, "the configuration has no"
                    + " call-home tree (" + format.root() + " of " + format.namespace() + "): the device could not"
                    + " call home; it needs one NMS (netconf-client) with at least one endpoint");
        }
        String json;
        try {
            json = tree.toJson(found.get());
        } catch (IllegalArgumentException e) {
            throw new NetconfException(RpcError.of(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE,
                    "the call-home configuration does not fit the device's schema: " + e.getMessage())
                    .withPath(tree.rootStep(), Map.of(tree.prefix(), tree.namespace())));
        }
        try {
            return format.read(json, SOURCE);
        } catch (InvalidConfigException e) {
            RpcError error = RpcError.of(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE,
                    "the device could not call home with this configuration: " + e.getMessage());
            ErrorPath path = errorPath(e.location());
            throw new NetconfException(path == null ? error : error.withPath(path.xpath(), path.namespaces()));
        }
    }

    /** Refuses a configuration that would leave the device unable to call home ({@link #read}). */
    public ConfigCheck check() {
        return this::read;
    }

    /** An XPath and its prefixes. */
    private record ErrorPath(String xpath, Map<String, String> namespaces) {
    }

    /**
     * The reader's JSON location ({@code /module:name/name[index]/...}) as an XPath with the
     * modules' prefixes and 1-based positions; null when it is not a path of the tree.
     */
    private ErrorPath errorPath(String location) {
        if (!location.startsWith("/") || location.length() < 2) {
            return null;
        }
        Map<String, String> namespaces = new HashMap<>();
        StringBuilder xpath = new StringBuilder();
        String prefix = null;
        for (String step : location.substring(1).split("/", -1)) {
            Matcher matcher = STEP.matcher(step);
            if (!matcher.matches()) {
                return null;
            }
            if (matcher.group(1) != null) {
                String module = matcher.group(1);
                Optional<String> modulePrefix = tree.prefixOf(module);
                Optional<String> namespace = tree.namespaceOf(module);
                if (modulePrefix.isEmpty() || namespace.isEmpty()) {
                    return null;
                }
                prefix = modulePrefix.get();
                namespaces.put(prefix, namespace.get());
            }
            if (prefix == null) {
                return null;
            }
            xpath.append('/').append(prefix).append(':').append(matcher.group(2));
            if (matcher.group(3) != null) {
                xpath.append('[').append(Long.parseLong(matcher.group(3)) + 1).append(']');
            }
        }
        return new ErrorPath(xpath.toString(), namespaces);
    }

    private static Optional<String> readSeed(Path file) throws IOException {
        try {
            if (Files.size(file) > MAX_SEED_FILE_BYTES) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static String digest(String json) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
