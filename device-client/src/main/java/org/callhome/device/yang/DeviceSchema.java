package org.callhome.device.yang;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.callhome.shared.config.CallHomeYang;
import org.callhome.shared.config.TlsCallHomeYang;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.common.QNameModule;
import org.opendaylight.yangtools.yang.common.Revision;
import org.opendaylight.yangtools.yang.common.XMLNamespace;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;
import org.opendaylight.yangtools.yang.model.api.FeatureDefinition;
import org.opendaylight.yangtools.yang.model.api.Module;
import org.opendaylight.yangtools.yang.model.api.source.SourceIdentifier;
import org.opendaylight.yangtools.yang.model.api.stmt.FeatureSet;
import org.opendaylight.yangtools.yang.model.spi.source.SourceInfo;
import org.opendaylight.yangtools.yang.model.spi.source.StringYangTextSource;
import org.opendaylight.yangtools.yang.model.spi.source.YangIRSource;
import org.opendaylight.yangtools.yang.parser.api.YangParser;
import org.opendaylight.yangtools.yang.parser.api.YangParserConfiguration;
import org.opendaylight.yangtools.yang.parser.api.YangParserException;
import org.opendaylight.yangtools.yang.parser.api.YangSyntaxErrorException;
import org.opendaylight.yangtools.yang.parser.impl.DefaultYangParserFactory;
import org.opendaylight.yangtools.yang.parser.rfc7950.repo.TextToIRTransformer;
import org.opendaylight.yangtools.yang.parser.rfc7950.repo.YangIRSourceInfoExtractor;

/**
 * The device's YANG schema: the modules the project ships (carried in the jar under
 * {@value #SHIPPED}), plus every {@code *.yang} file of the folders given with {@code --yang},
 * parsed by OpenDaylight yangtools into one {@link EffectiveModelContext} with the features the
 * device implements ({@link #FEATURES}; a module given with {@code --yang} has all of its own).
 *
 * <p>Parsing takes about two seconds the first time in a JVM and a few hundred milliseconds
 * after that, so a schema is parsed once per set of folders and shared by every device of the
 * JVM ({@link #load}); {@link #prefetch} starts that work early on a daemon thread.
 */
public final class DeviceSchema {

    /** Where the shipped modules are, in the jar: {@code *.yang} and {@code ietf/*.yang}. */
    public static final String SHIPPED = "org/callhome/device/yang/modules/";

    /** A module file given with --yang may not be larger than this. */
    public static final long MAX_MODULE_BYTES = 4L * 1024 * 1024;

    /** How deep below a --yang folder module files are looked for. */
    private static final int MAX_FOLDER_DEPTH = 4;

    /**
     * The features the device implements, per module: those of its three call-home strategies
     * (the union of {@link CallHomeYang#FEATURES}, {@link CallHomeYang#DEVICE_SSH_CLIENT_FEATURES}
     * and {@link TlsCallHomeYang#FEATURES}) and, for ietf-netconf, the capabilities its NETCONF
     * server offers. A shipped module not named here has none of its features.
     */
    public static final Map<String, Set<String>> FEATURES = features();

    private static final Map<List<Path>, DeviceSchema> LOADED = new ConcurrentHashMap<>();

    private final EffectiveModelContext context;
    private final List<YangModule> modules;
    private final String contentId;

    private DeviceSchema(EffectiveModelContext context, List<YangModule> modules) {
        this.context = context;
        this.modules = List.copyOf(modules);
        this.contentId = contentId(this.modules);
    }

    /** The shipped modules alone, parsed once per JVM. */
    public static DeviceSchema shipped() throws SchemaException {
        return load(List.of());
    }

    /**
     * The shipped modules and those of {@code folders}, parsed once per JVM and set of folders.
     *
     * @throws SchemaException a folder cannot be read, a file is too large, or the modules do
     *                         not make one consistent schema (the message says which and why)
     */
    public static DeviceSchema load(List<Path> folders) throws SchemaException {
        List<Path> key = folders.stream().map(folder -> folder.toAbsolutePath().normalize()).toList();
        DeviceSchema schema = LOADED.get(key);
        if (schema != null) {
            return schema;
        }
        synchronized (LOADED) {
            schema = LOADED.get(key);
            if (schema == null) {
                schema = parse(key);
                LOADED.put(key, schema);
            }
            return schema;
        }
    }

    /** Starts parsing the schema of {@code folders} on a daemon thread, so that a later {@link #load} finds it. */
    public static void prefetch(List<Path> folders) {
        Thread thread = new Thread(() -> {
            try {
                load(folders);
            } catch (SchemaException e) {
                // load() reports it again to whoever needs the schema
            }
        }, "yang-schema");
        thread.setDaemon(true);
        thread.start();
    }

    public EffectiveModelContext context() {
        return context;
    }

    /** Every module of the schema, by name. */
    public List<YangModule> modules() {
        return modules;
    }

    /** A module by name and, when given, revision. */
    public Optional<YangModule> module(String name, Optional<String> revision) {
        return modules.stream()
                .filter(module -> module.name().equals(name))
                .filter(module -> revision.isEmpty() || module.revision().equals(revision))
                .findFirst();
    }

    /** Whether a module of the schema defines {@code namespace}. */
    public boolean knowsNamespace(String namespace) {
        return namespace != null && !namespace.isEmpty()
                && !context.findModuleStatements(XMLNamespace.of(namespace)).isEmpty();
    }

    /**
     * An identifier of this set of modules and features (RFC 8525 content-id, RFC 7895
     * module-set-id): a digest of the modules' names, revisions, features and texts.
     */
    public String contentId() {
        return contentId;
    }

    private static DeviceSchema parse(List<Path> folders) throws SchemaException {
        Map<String, Source> sources = new LinkedHashMap<>();
        for (Source source : shippedSources()) {
            sources.put(source.fileName(), source);
        }
        for (Path folder : folders) {
            for (Source source : folderSources(folder)) {
                Source earlier = sources.putIfAbsent(source.fileName(), source);
                if (earlier != null && !earlier.text().equals(source.text())) {
                    throw new SchemaException(source.origin() + " has the name of " + earlier.origin()
                            + " but other content; a module revision must be the same text everywhere");
                }
            }
        }
        YangParser parser = new DefaultYangParserFactory().createParser(YangParserConfiguration.DEFAULT);
        Map<String, String> origins = new LinkedHashMap<>();
        try {
            for (Source source : sources.values()) {
                parser.addSource(source.ir());
            }
        } catch (IOException | YangParserException | IllegalArgumentException e) {
            throw new SchemaException("a YANG module cannot be read: " + e.getMessage(), e);
        }
        for (Source source : sources.values()) {
            origins.put(source.fileName(), source.origin());
        }
        EffectiveModelContext context;
        try {
            parser.setSupportedFeatures(featureSet(sources.values()));
            context = parser.buildEffectiveModel();
        } catch (YangParserException | RuntimeException e) {
            throw new SchemaException("the YANG modules do not make one schema: " + rootMessage(e), e);
        }
        List<YangModule> modules = new ArrayList<>();
        for (Module module : context.getModules()) {
            String revision = module.getRevision().map(Object::toString).orElse(null);
            String fileName = module.getName() + (revision == null ? "" : "@" + revision) + ".yang";
            Source source = sources.get(fileName);
            if (source == null) {
                source = sources.values().stream().filter(candidate -> candidate.moduleName().equals(module.getName()))
                        .findFirst().orElse(null);
            }
            if (source == null) {
                continue; // a module yangtools adds itself; it has no text to serve
            }
            List<String> features = new ArrayList<>();
            for (FeatureDefinition feature : module.getFeatures()) {
                if (supported(source, feature.getQName())) {
                    features.add(feature.getQName().getLocalName());
                }
            }
            features.sort(Comparator.naturalOrder());
            modules.add(new YangModule(module.getName(), Optional.ofNullable(revision),
                    module.getNamespace().toString(), features, source.origin(), source.text()));
        }
        modules.sort(Comparator.comparing(YangModule::name));
        return new DeviceSchema(context, modules);
    }

    private static boolean supported(Source source, QName feature) {
        if (!source.shipped()) {
            return true;
        }
        return FEATURES.getOrDefault(source.moduleName(), Set.of()).contains(feature.getLocalName());
    }

    /**
     * The features of shipped modules as {@link #FEATURES} says, every feature of the others.
     * yangtools' sparse feature set leaves a module it does not name with all of its features,
     * so each shipped module is named, with its list or none.
     */
    private static FeatureSet featureSet(Collection<Source> sources) {
        FeatureSet.Builder builder = FeatureSet.builder();
        for (Source source : sources) {
            if (source.shipped()) {
                builder.addModuleFeatures(source.module(),
                        FEATURES.getOrDefault(source.moduleName(), Set.of()));
            }
        }
        return builder.build();
    }

    private static List<Source> shippedSources() throws SchemaException {
        URL anchor = DeviceSchema.class.getClassLoader().getResource(SHIPPED + "ietf/ietf-netconf@2013-09-29.yang");
        if (anchor == null) {
            throw new SchemaException("the shipped YANG modules are missing from the class path (" + SHIPPED + ")");
        }
        List<Source> sources = new ArrayList<>();
        try {
            if ("jar".equals(anchor.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) anchor.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry entry = entries.nextElement();
                        if (entry.getName().startsWith(SHIPPED) && entry.getName().endsWith(".yang")) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                sources.add(Source.of(Path.of(entry.getName()).getFileName().toString(),
                                        new String(in.readAllBytes(), StandardCharsets.UTF_8), true, "shipped"));
                            }
                        }
                    }
                }
            } else {
                Path root = Path.of(anchor.toURI()).getParent().getParent();
                try (Stream<Path> files = Files.walk(root, 2)) {
                    for (Path file : files.filter(DeviceSchema::isYangFile).sorted().toList()) {
                        sources.add(Source.of(file.getFileName().toString(), Files.readString(file), true, "shipped"));
                    }
                }
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            throw new SchemaException("the shipped YANG modules cannot be read: " + e.getMessage(), e);
        }
        sources.sort(Comparator.comparing(Source::fileName));
        return sources;
    }

    private static List<Source> folderSources(Path folder) throws SchemaException {
        if (!Files.isDirectory(folder)) {
            throw new SchemaException("--yang " + folder + ": not a folder");
        }
        List<Source> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder, MAX_FOLDER_DEPTH)) {
            for (Path file : files.filter(DeviceSchema::isYangFile).sorted().toList()) {
                long size = Files.size(file);
                if (size > MAX_MODULE_BYTES) {
                    throw new SchemaException(file + " has " + size + " bytes, more than the " + MAX_MODULE_BYTES
                            + " a module file may have");
                }
                sources.add(Source.of(file.getFileName().toString(), Files.readString(file), false, file.toString()));
            }
        } catch (IOException e) {
            throw new SchemaException("--yang " + folder + " cannot be read: " + e.getMessage(), e);
        }
        if (sources.isEmpty()) {
            throw new SchemaException("--yang " + folder + " holds no *.yang file");
        }
        return sources;
    }

    private static boolean isYangFile(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().endsWith(".yang");
    }

    /**
     * What went wrong, most useful first: yangtools reports one failure and attaches the others
     * as suppressed exceptions, and a broken module given with --yang can make a shipped one
     * fail too, so failures located outside the shipped modules come first.
     */
    private static String rootMessage(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Throwable suppressed : cause.getSuppressed()) {
                messages.add(String.valueOf(suppressed.getMessage()));
            }
            if (cause.getCause() == null) {
                messages.add(String.valueOf(cause.getMessage()));
            }
        }
        messages.sort(Comparator.comparing((String message) -> message.contains("[at shipped:")));
        return String.join("; ", messages.stream().distinct().limit(5).toList());
    }

    private static String contentId(List<YangModule> modules) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (YangModule module : modules) {
                digest.update((module.label() + "\n" + String.join(",", module.features()) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                digest.update(module.text().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static Map<String, Set<String>> features() {
        Map<String, Set<String>> features = new LinkedHashMap<>();
        for (Map<String, List<String>> strategy : List.of(CallHomeYang.FEATURES,
                CallHomeYang.DEVICE_SSH_CLIENT_FEATURES, TlsCallHomeYang.FEATURES)) {
            strategy.forEach((module, names) -> features.computeIfAbsent(module, any -> new TreeSet<>()).addAll(names));
        }
        features.put("ietf-netconf", new TreeSet<>(List.of("candidate", "confirmed-commit", "rollback-on-error",
                "validate", "writable-running")));
        Map<String, Set<String>> frozen = new LinkedHashMap<>();
        features.forEach((module, names) -> frozen.put(module, Set.copyOf(names)));
        return Map.copyOf(frozen);
    }

    /** A module file's text, lexed by yangtools, and what its header says. */
    private record Source(String fileName, String moduleName, String text, boolean shipped, String origin,
                          YangIRSource ir, QNameModule module) {

        static Source of(String fileName, String text, boolean shipped, String origin) throws SchemaException {
            String base = fileName.substring(0, fileName.length() - ".yang".length());
            SourceIdentifier fromName = base.indexOf('@') < 0 ? new SourceIdentifier(base)
                    : SourceIdentifier.ofYangFileName(fileName);
            YangIRSource ir;
            SourceInfo info;
            try {
                ir = TextToIRTransformer.transformText(new StringYangTextSource(fromName, text, origin));
                info = YangIRSourceInfoExtractor.forIR(ir);
            } catch (YangSyntaxErrorException e) {
                throw new SchemaException(origin + " has a YANG syntax error: " + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                throw new SchemaException(origin + " cannot be read as YANG: " + e.getMessage(), e);
            }
            if (!(info instanceof SourceInfo.Module header)) {
                throw new SchemaException(origin + " is a submodule; give its module (which includes it) instead");
            }
            String name = header.sourceId().name().getLocalName();
            Revision newest = header.revisions().stream().max(Comparator.naturalOrder()).orElse(null);
            return new Source(fileName, name, text, shipped, origin, ir, QNameModule.of(header.namespace(), newest));
        }
    }
}
