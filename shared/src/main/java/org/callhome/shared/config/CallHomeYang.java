package org.callhome.shared.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YANG that defines the device's call-home file: the standard ietf-netconf-server module, the
 * project's callhome-device-ssh module, and the features the device implements. The feature set
 * is the device's contract: anything the file could only hold with another feature (inline or
 * keystore keys, passwords) the device does not do, and {@link CallHomeJson} refuses it too; TLS
 * endpoints are read from a file of their own ({@link TlsCallHomeYang}).
 * The one feature wider than what the device reads is ietf-ssh-common's {@code ssh-x509-certs}:
 * it enables {@code client-identity-mappings} (cert-to-name for X.509 logins), which the device
 * does, and also the X.509 {@code certificate} host key and the {@code ca-certs} and
 * {@code ee-certs} user containers, whose content needs keystore or truststore features that are
 * off, and which {@link CallHomeJson} refuses, naming the file to use instead. Tests validate files
 * with exactly {@link #yanglintCommand}.
 */
public final class CallHomeYang {

    /** ietf-netconf-server (draft-ietf-netconf-netconf-client-server), among the IETF modules. */
    public static final String STANDARD_MODULE_FILE = "ietf-netconf-server@2025-04-24.yang";
    /**
     * ietf-x509-cert-to-name (RFC 7407), whose identities name the cert-to-name map types: implemented
     * (it has no data nodes), as an identityref may only name an identity of an implemented module.
     */
    public static final String CERT_TO_NAME_MODULE_FILE = "ietf-x509-cert-to-name@2014-12-10.yang";
    /** The project's module, in the folder {@code yang} at the root of the repository. */
    public static final String DEVICE_MODULE_FILE = "callhome-device-ssh@2026-12-05.yang";
    public static final String DEVICE_MODULE = "callhome-device-ssh";
    /**
     * The project's module for the strategy device-ssh-client (no standard model exists), in the
     * same folder: the device's {@code device-ssh-client} and the NMS's {@code nms-device-ssh-server}.
     */
    public static final String DEVICE_SSH_CLIENT_MODULE_FILE = "callhome-device-ssh-client@2026-12-05.yang";

    /** The top-level member of the file (RFC 7951 qualifies it with its module). */
    static final String NETCONF_SERVER = "ietf-netconf-server:netconf-server";
    static final String PRIVATE_KEY_FILE = DEVICE_MODULE + ":private-key-file";
    static final String HOST_CERTIFICATE_FILE = DEVICE_MODULE + ":host-certificate-file";
    static final String AUTHORIZED_KEYS_FILE = DEVICE_MODULE + ":authorized-keys-file";
    static final String REVOKED_KEYS_FILE = DEVICE_MODULE + ":revoked-keys-file";
    static final String ROLE = DEVICE_MODULE + ":role";
    static final String JITTER_FRACTION = DEVICE_MODULE + ":jitter-fraction";

    /**
     * The features the device implements, per module: SSH call home only, local users who log in
     * with public keys, SSH keepalives, X.509 certificates in SSH (RFC 6187), so cert-to-name
     * mappings for X.509 logins. No feature of ietf-keystore or ietf-truststore: keys come
     * from files through callhome-device-ssh.
     */
    public static final Map<String, List<String>> FEATURES = features();

    /**
     * The features of callhome-device-ssh-client, for both of its sides: the device logs into the NMS
     * with a public key and tests liveness with SSH keepalives; the NMS's SSH server has local
     * accounts (one per device) with public keys, and keepalives. As for call home, no feature of
     * ietf-keystore or ietf-truststore: keys come from files.
     */
    public static final Map<String, List<String>> DEVICE_SSH_CLIENT_FEATURES = deviceSshClientFeatures();

    private static final String KEY_FILES = "name a key file: callhome-device-ssh:private-key-file for the host key,"
            + " callhome-device-ssh:authorized-keys-file for a user";
    /**
     * Members of the standard tree that the device's feature set leaves out, each with what to
     * write instead; the reader gives these reasons wherever the member appears.
     */
    static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("listen", "the device only calls home; 'listen' is not supported"),
            Map.entry("tls", "a TLS endpoint in an SSH configuration: with --mode reverse-ssh every endpoint is"
                    + " 'ssh' (the tls tree is read with --mode tls)"),
            Map.entry("inline-definition", "keys written into the file are not supported; " + KEY_FILES),
            Map.entry("central-keystore-reference", "the central keystore is not supported; " + KEY_FILES),
            Map.entry("central-truststore-reference", "the central truststore is not supported; " + KEY_FILES),
            Map.entry("certificate", "X.509 host certificates are not supported here; use public-key"),
            Map.entry("password", "password authentication is not supported; give the user public keys"),
            Map.entry("hostbased", "only public-key user authentication is supported"),
            Map.entry("none", "only public-key user authentication is supported"),
            Map.entry("ca-certs", "CA certificates in the file are not supported; for X.509 logins give a user"
                    + " a callhome-device-ssh:authorized-keys-file of PEM CA certificates"),
            Map.entry("ee-certs", "end-entity certificates in the file are not supported; for X.509 logins give a"
                    + " user a callhome-device-ssh:authorized-keys-file of PEM CA certificates"),
            Map.entry("transport-params", "the device sets the SSH algorithms itself; remove transport-params"),
            Map.entry("local-address", "binding to a local address is not supported"),
            Map.entry("local-port", "binding to a local port is not supported"),
            Map.entry("proxy-server", "connecting through a proxy is not supported"),
            Map.entry("keepalives", "TCP keepalives are not supported; the device tests liveness with"
                    + " ssh-server-parameters/keepalives"));

    private CallHomeYang() {
    }

    /**
     * The yanglint command line that validates a configuration file as data of the running
     * configuration: {@code yanglint -p IETF -p PROJECT -t config -F ... IETF/ietf-netconf-server...
     * IETF/ietf-x509-cert-to-name... PROJECT/callhome-device-ssh... FILE}.
     *
     * @param ietfModules    the folder of the IETF modules
     * @param projectModules the folder of the project's modules
     */
    public static List<String> yanglintCommand(Path ietfModules, Path projectModules, Path dataFile) {
        return command(ietfModules, projectModules, FEATURES,
                List.of(ietfModules.resolve(STANDARD_MODULE_FILE), ietfModules.resolve(CERT_TO_NAME_MODULE_FILE),
                        projectModules.resolve(DEVICE_MODULE_FILE)),
                dataFile);
    }

    /**
     * The yanglint command line that validates a device-ssh-client configuration file, the device's
     * or the NMS's, as data of the running configuration: {@code yanglint -p IETF -p PROJECT -t config
     * -F ... PROJECT/callhome-device-ssh-client... FILE}. The IETF modules it imports are found
     * through {@code -p}.
     *
     * @param ietfModules    the folder of the IETF modules
     * @param projectModules the folder of the project's modules
     */
    public static List<String> deviceSshClientCommand(Path ietfModules, Path projectModules, Path dataFile) {
        return command(ietfModules, projectModules, DEVICE_SSH_CLIENT_FEATURES,
                List.of(projectModules.resolve(DEVICE_SSH_CLIENT_MODULE_FILE)), dataFile);
    }

    private static List<String> command(Path ietfModules, Path projectModules, Map<String, List<String>> features,
            List<Path> moduleFiles, Path dataFile) {
        List<String> command = new ArrayList<>(List.of("yanglint",
                "-p", ietfModules.toString(), "-p", projectModules.toString(), "-t", "config"));
        features.forEach((module, names) -> {
            command.add("-F");
            command.add(module + ":" + String.join(",", names));
        });
        moduleFiles.forEach(file -> command.add(file.toString()));
        command.add(dataFile.toString());
        return List.copyOf(command);
    }

    private static Map<String, List<String>> features() {
        Map<String, List<String>> features = new LinkedHashMap<>();
        features.put("ietf-netconf-server", List.of("ssh-call-home", "central-netconf-server-supported"));
        features.put("ietf-ssh-server",
                List.of("local-users-supported", "local-user-auth-publickey", "ssh-server-keepalives"));
        features.put("ietf-ssh-common", List.of("ssh-x509-certs"));
        return Collections.unmodifiableMap(features);
    }

    private static Map<String, List<String>> deviceSshClientFeatures() {
        Map<String, List<String>> features = new LinkedHashMap<>();
        features.put("ietf-ssh-client", List.of("client-ident-publickey", "ssh-client-keepalives"));
        features.put("ietf-ssh-server",
                List.of("local-users-supported", "local-user-auth-publickey", "ssh-server-keepalives"));
        return Collections.unmodifiableMap(features);
    }
}
