package org.callhome.device.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.callhome.shared.config.CallHomeJson;
import org.callhome.shared.config.DeviceCallHomeConfig;
import org.callhome.shared.config.DeviceSshClientConfig;
import org.callhome.shared.config.DeviceSshClientJson;
import org.callhome.shared.config.DeviceSshClientSettings;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceTlsCallHomeConfig;
import org.callhome.shared.config.TlsCallHomeJson;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.PemBlock;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.sztp.OnboardingInformation;
import org.callhome.shared.text.PeerText;

/**
 * What zero-touch bootstrap applied, kept in the data folder so that a restart calls home without
 * bootstrapping again (RFC 8572 §5.1: bootstrapping runs while the device has no configuration):
 * {@code <datastore>/bootstrap/call-home.json}, the call-home configuration as conveyed (the same
 * JSON {@code --config} reads), written last and atomically, so that its presence means the whole
 * bootstrap was applied; and the files the configuration names, conveyed beside it.
 *
 * <p>The conveyed {@code configuration} is one JSON document with these top-level members:
 * <pre>
 * "ietf-netconf-server:netconf-server"              call home with ssh endpoints: reverse-ssh
 *                                                   (callhome-device-ssh); with tls endpoints: tls
 *                                                   (callhome-device-tls); read as --config in that mode
 * "callhome-device-ssh-client:device-ssh-client"    device-ssh-client, read as --config in that mode
 * "callhome-sztp:conveyed-files": {"file": [{"path": "bootstrap/nms.authorized_keys", "content": "..."}]}
 * </pre>
 * A device-ssh-client device logs in with its IDevID, and a tls device presents it as its TLS
 * server certificate: the device has no other key, so the store writes the IDevID's private key
 * (PKCS#8 PEM, mode 0600) to the login's {@code private-key-file} (tls: the server identity's
 * {@code private-key-file}) and its certificate chain (PEM) to the login's {@code certificate-file}
 * (tls: {@code certificate-chain-file}), all relative paths in the data folder; the configuration's
 * account table gives the bind account (tls: the NMS's account) its role.
 * Conveyed files (module callhome-sztp: at most {@value #MAX_FILES}, paths relative to the data folder
 * without {@code ..}, text of at most {@value #MAX_FILE_CHARS} characters) are written under the data
 * folder; every relative path in the configuration is resolved against the data folder, never the
 * working directory. Both {@code merge} and {@code replace} handling replace what was stored, as the
 * call-home configuration is all a bootstrapped device has.
 */
public final class BootstrapStore {

    static final String NETCONF_SERVER = "ietf-netconf-server:netconf-server";
    static final String DEVICE_SSH_CLIENT = "callhome-device-ssh-client:device-ssh-client";
    static final String CONVEYED_FILES = "callhome-sztp:conveyed-files";
    static final int MAX_FILES = 16;
    static final int MAX_FILE_CHARS = 16384;
    private static final Pattern FILE_PATH =
            Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._\\-]*(/[A-Za-z0-9_][A-Za-z0-9._\\-]*)*");

    /** Marks this store's temporary files, which no other writer of the data folder uses. */
    static final String TEMP_MARK = ".bootstrap-new-";
    private static final Pattern LEFTOVER = Pattern.compile(".+" + Pattern.quote(TEMP_MARK) + "[0-9]+");
    /** Deeper than any conveyed file may go; the walk stops there. */
    private static final int MAX_FOLDER_DEPTH = 16;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final Path datastore;
    private final Optional<Idevid> idevid;

    /** A store that cannot apply a device-ssh-client or tls configuration, having no IDevID to use. */
    public BootstrapStore(Path datastore) {
        this(datastore, Optional.empty());
    }

    private BootstrapStore(Path datastore, Optional<Idevid> idevid) {
        this.datastore = datastore;
        this.idevid = idevid;
    }

    /** The same store, applying device-ssh-client and tls configurations with {@code idevid} as the device's identity. */
    public BootstrapStore withIdevid(Idevid value) {
        return new BootstrapStore(datastore, Optional.of(value));
    }

    /** The strategy of the stored configuration, by its top-level member. */
    public CallHomeStrategy storedStrategy() throws IOException {
        JsonNode document;
        try {
            document = JSON.readTree(TextFiles.read(callHomeFile(), CallHomeJson.MAX_FILE_BYTES));
        } catch (JsonProcessingException e) {
            throw new IOException(callHomeFile() + ": not JSON: " + e.getOriginalMessage());
        }
        return document == null ? CallHomeStrategy.REVERSE_SSH : strategyOf(document);
    }

    /**
     * The strategy of a configuration, by its top-level member and, in ietf-netconf-server's call
     * home, its endpoints: tls when one is a tls endpoint (the tls reader then refuses an ssh one
     * beside it, saying so), else reverse-ssh.
     */
    private static CallHomeStrategy strategyOf(JsonNode document) {
        if (document.has(DEVICE_SSH_CLIENT)) {
            return CallHomeStrategy.DEVICE_SSH_CLIENT;
        }
        for (JsonNode client : document.path(NETCONF_SERVER).path("call-home").path("netconf-client")) {
            for (JsonNode endpoint : client.path("endpoints").path("endpoint")) {
                if (endpoint.has("tls")) {
                    return CallHomeStrategy.TLS;
                }
            }
        }
        return CallHomeStrategy.REVERSE_SSH;
    }

    /** The stored call-home configuration file, whether or not it exists. */
    public Path callHomeFile() {
        return datastore.resolve("bootstrap").resolve("call-home.json");
    }

    /** The stored configuration, if a bootstrap was applied. */
    public Optional<Path> stored() {
        return Files.isRegularFile(callHomeFile()) ? Optional.of(callHomeFile()) : Optional.empty();
    }

    /** Forgets what was stored: the configuration file only, so that a half-done new bootstrap cannot look done. */
    public void forget() throws IOException {
        Files.deleteIfExists(callHomeFile());
    }

    /**
     * Checks the onboarding configuration, then writes its conveyed files and the call-home
     * configuration, which is read back as {@code --config} would read it before it replaces the
     * stored one.
     *
     * For device-ssh-client and tls, the IDevID's key and chain are written where the login, or the
     * TLS server identity, names them.
     *
     * @return the strategy the configuration is for
     * @throws IOException saying what is wrong with the configuration; nothing stored changes then
     *                     but conveyed files already written
     */
    public CallHomeStrategy apply(OnboardingInformation onboarding) throws IOException {
        if (onboarding.configuration().isEmpty()) {
            throw new IOException("the onboarding information has no configuration: nothing to call home with");
        }
        JsonNode document;
        try {
            document = JSON.readTree(onboarding.configuration().get().bytes());
        } catch (JsonProcessingException e) {
            throw new IOException("the configuration is not JSON: " + e.getOriginalMessage());
        }
        if (document == null || !document.isObject()) {
            throw new IOException("the configuration is not a JSON object");
        }
        ObjectNode callHome = ((ObjectNode) document).deepCopy();
        Map<String, String> files = conveyedFiles(callHome.remove(CONVEYED_FILES));
        if (!callHome.has(DEVICE_SSH_CLIENT) && !callHome.has(NETCONF_SERVER)) {
            throw new IOException("the configuration has neither " + NETCONF_SERVER + " nor " + DEVICE_SSH_CLIENT
                    + ": no call home to apply");
        }
        CallHomeStrategy strategy = strategyOf(callHome);
        Path directory = callHomeFile().getParent();
        Files.createDirectories(directory);
        Path candidate = temporary(callHomeFile());
        Files.write(candidate, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(callHome));
        Map<Path, String> idevidFiles = Map.of();
        try {
            switch (strategy) {
                case DEVICE_SSH_CLIENT -> idevidFiles = idevidFiles(DeviceSshClientJson.read(candidate));
                case TLS -> idevidFiles = idevidFiles(TlsCallHomeJson.read(candidate));
                case REVERSE_SSH -> CallHomeJson.read(candidate);
            }
        } catch (IOException e) {
            Files.deleteIfExists(candidate);
            throw new IOException("the configuration is not one this device applies: " + e.getMessage(), e);
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = datastore.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            replace(Files.writeString(temporary(target), file.getValue(),
                    StandardCharsets.UTF_8), target);
        }
        for (Map.Entry<Path, String> file : idevidFiles.entrySet()) {
            writePrivate(file.getKey(), file.getValue());
        }
        replace(candidate, callHomeFile());
        return strategy;
    }

    /**
     * The files the IDevID goes to, by the logins of {@code config}: its key to each private-key-file,
     * its chain to each certificate-file, both within the data folder.
     */
    private Map<Path, String> idevidFiles(DeviceSshClientConfig config) throws IOException {
        Idevid login = requireIdevid("a device-ssh-client device logs in with its IDevID");
        Map<Path, String> files = new LinkedHashMap<>();
        for (DeviceSshClientSettings client : config.clients()) {
            files.put(inDataOnly(client.identityFile()), keyPem(login));
            if (client.identityCertificateFile().isPresent()) {
                files.put(inDataOnly(client.identityCertificateFile().get()), chainPem(login));
            }
        }
        return files;
    }

    /** The files the IDevID goes to as the TLS server's identity: its key and its chain, within the data folder. */
    private Map<Path, String> idevidFiles(DeviceTlsCallHomeConfig config) throws IOException {
        Idevid identity = requireIdevid("a tls device presents its IDevID as its TLS certificate");
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(inDataOnly(config.device().hostKeyFile()), keyPem(identity));
        files.put(inDataOnly(config.device().hostCertificateFile().orElseThrow()), chainPem(identity));
        return files;
    }

    private Idevid requireIdevid(String why) throws IOException {
        return idevid.orElseThrow(() -> new IOException(why + ", and none was given"));
    }

    private static String keyPem(Idevid idevid) {
        return PemBlock.encode("PRIVATE KEY", idevid.key().getPrivate().getEncoded());
    }

    private static String chainPem(Idevid idevid) throws IOException {
        StringBuilder chain = new StringBuilder();
        for (X509Certificate certificate : idevid.chain()) {
            try {
                chain.append(PemBlock.encode("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IOException("the IDevID certificate cannot be encoded: " + e.getMessage(), e);
            }
        }
        return chain.toString();
    }

    private Path inDataOnly(Path file) throws IOException {
        String name = file.toString();
        if (!FILE_PATH.matcher(name).matches() || name.contains("..")) {
            throw new IOException("the IDevID goes to " + PeerText.quote(name) + ", which is not a relative path "
                    + "within the data folder");
        }
        return datastore.resolve(file);
    }

    /** Writes {@code text} readable by the owner only, from its creation on, then moves it into place. */
    private static void writePrivate(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = temporary(target);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        replace(temporary, target);
    }

    /**
     * Reads the stored device-ssh-client configuration as {@code --config} does, its relative file
     * names resolved against the data folder.
     */
    public DeviceSshClientConfig loadDeviceSshClient() throws IOException {
        DeviceSshClientConfig config = DeviceSshClientJson.read(callHomeFile());
        List<DeviceSshClientSettings> clients = new ArrayList<>();
        for (DeviceSshClientSettings client : config.clients()) {
            clients.add(new DeviceSshClientSettings(client.callHome(), client.username(),
                    inData(client.identityFile()), client.identityCertificateFile().map(this::inData),
                    inData(client.nmsHostKeyFile()), client.nmsHostKeyFormat(), client.subsystem(),
                    client.bindAccount()));
        }
        return new DeviceSshClientConfig(clients, config.accounts());
    }

    /**
     * Reads the stored configuration as {@code --config} does, its relative file names resolved
     * against the data folder.
     */
    public DeviceCallHomeConfig load() throws IOException {
        DeviceCallHomeConfig config = CallHomeJson.read(callHomeFile());
        return new DeviceCallHomeConfig(config.clients(), inData(config.ssh()));
    }

    /**
     * Reads the stored tls configuration as {@code --config} does in tls mode, its relative file
     * names resolved against the data folder.
     */
    public DeviceTlsCallHomeConfig loadTls() throws IOException {
        DeviceTlsCallHomeConfig config = TlsCallHomeJson.read(callHomeFile());
        return new DeviceTlsCallHomeConfig(config.clients(), inData(config.device()));
    }

    /** The device's side with every file in the data folder: key, certificate, accounts' files, revocation list. */
    private DeviceSshSettings inData(DeviceSshSettings device) {
        List<Account> accounts = new ArrayList<>();
        for (Account account : device.accounts()) {
            accounts.add(new Account(account.name(), account.role(), account.authorizedKeysFile().map(this::inData)));
        }
        return new DeviceSshSettings(inData(device.hostKeyFile()), accounts,
                device.hostCertificateFile().map(this::inData), device.revokedKeysFile().map(this::inData),
                device.clientIdentityMappings());
    }

    private Path inData(Path file) {
        return datastore.resolve(file);
    }

    private static Map<String, String> conveyedFiles(JsonNode conveyed) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        if (conveyed == null) {
            return files;
        }
        JsonNode list = conveyed.path("file");
        if (!conveyed.isObject() || conveyed.size() != 1 || !list.isArray()) {
            throw new IOException(CONVEYED_FILES + " must be an object with one list, \"file\"");
        }
        if (list.size() > MAX_FILES) {
            throw new IOException(CONVEYED_FILES + " has " + list.size() + " files; at most " + MAX_FILES);
        }
        for (Iterator<JsonNode> entries = list.elements(); entries.hasNext();) {
            JsonNode entry = entries.next();
            JsonNode path = entry.path("path");
            JsonNode content = entry.path("content");
            if (!entry.isObject() || entry.size() != 2 || !path.isTextual() || !content.isTextual()) {
                throw new IOException(CONVEYED_FILES + ": a file needs a \"path\" and a \"content\" string, nothing "
                        + "else");
            }
            String name = path.asText();
            if (name.length() > 255 || !FILE_PATH.matcher(name).matches() || name.contains("..")) {
                throw new IOException(CONVEYED_FILES + ": path " + PeerText.quote(name)
                        + " is not a relative path within the data folder");
            }
            if (content.asText().isEmpty() || content.asText().length() > MAX_FILE_CHARS) {
                throw new IOException(CONVEYED_FILES + ": " + name + " has " + content.asText().length()
                        + " characters; 1 to " + MAX_FILE_CHARS + " are allowed");
            }
            if (name.equals("bootstrap/call-home.json") || files.put(name, content.asText()) != null) {
                throw new IOException(CONVEYED_FILES + ": path " + name + " is listed twice or is the stored "
                        + "configuration's own");
            }
        }
        return files;
    }

    /**
     * Deletes the temporary files that a bootstrap killed midway (a {@code kill -9} while it wrote the
     * configuration, a conveyed file or the IDevID's key) left anywhere in the data folder; the agent
     * calls it at start, before it bootstraps. Only this store writes such files ({@link #temporary}).
     *
     * @return the files deleted, for the caller to log
     */
    public List<Path> removeLeftovers() throws IOException {
        if (!Files.isDirectory(datastore)) {
            return List.of();
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(datastore, MAX_FOLDER_DEPTH)) {
            leftovers = files.filter(file -> LEFTOVER.matcher(file.getFileName().toString()).matches()
                    && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        List<Path> removed = new ArrayList<>();
        for (Path leftover : leftovers) {
            if (Files.deleteIfExists(leftover)) {
                removed.add(leftover);
            }
        }
        return removed;
    }

    /** A new temporary file's name beside {@code target}: its name, {@link #TEMP_MARK}, a number. */
    private static Path temporary(Path target) {
        return target.resolveSibling(target.getFileName() + TEMP_MARK + System.nanoTime());
    }

    private static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
