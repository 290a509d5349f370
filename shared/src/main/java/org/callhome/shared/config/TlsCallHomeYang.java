package org.callhome.shared.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YANG that defines the device's TLS call-home file: ietf-netconf-server's {@code tls}
 * endpoints, the project's callhome-device-tls module (key and chain files, the accounts' CA
 * files, the simple naming rule as a cert-to-name identity) and callhome-device-ssh (the jitter
 * fraction, and the file path type), with the features the device implements in tls mode. As for
 * SSH, the feature set is the device's contract, and {@link TlsCallHomeJson} refuses what it
 * leaves out. Tests validate files with exactly {@link #yanglintCommand}.
 */
public final class TlsCallHomeYang {

    /** The project's module for TLS, in the folder {@code yang} at the root of the repository. */
    public static final String DEVICE_TLS_MODULE_FILE = "callhome-device-tls@2026-12-05.yang";
    public static final String DEVICE_TLS_MODULE = "callhome-device-tls";

    static final String PRIVATE_KEY_FILE = DEVICE_TLS_MODULE + ":private-key-file";
    static final String CERTIFICATE_CHAIN_FILE = DEVICE_TLS_MODULE + ":certificate-chain-file";
    static final String ACCOUNT = DEVICE_TLS_MODULE + ":account";
    static final String REVOKED_KEYS_FILE = DEVICE_TLS_MODULE + ":revoked-keys-file";
    /** The cert-to-name identity of the device's simple rule: subject serialNumber, else commonName. */
    static final String SIMPLE_RULE = DEVICE_TLS_MODULE + ":serial-number-or-common-name";
    /** ietf-tls-common's identities of the two versions the device offers, the only ones it offers. */
    static final String TLS12 = "ietf-tls-common:tls12";
    static final String TLS13 = "ietf-tls-common:tls13";

    /**
     * The features the device implements in tls mode, per module: TLS call home, an X.509 server
     * identity, X.509 client authentication, TLS 1.2 and 1.3 with hello parameters (to state the
     * versions), TCP keepalives. Not {@code ietf-tls-server:tls-server-keepalives}: the device cannot
     * send TLS heartbeats (RFC 6520), which Java's TLS does not implement. No feature of
     * ietf-keystore or ietf-truststore: keys and certificates come from files.
     */
    public static final Map<String, List<String>> FEATURES = features();

    private static final String FILES = "name files: callhome-device-tls:private-key-file and"
            + " certificate-chain-file for the device's key and chain, callhome-device-tls:account entries with a"
            + " ca-certificates-file for the NMS's CAs or its pinned certificate";

    /**
     * Members of the standard tree that the device's tls feature set leaves out, each with what to
     * write instead; the reader gives these reasons wherever the member appears.
     */
    static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("listen", "the device only calls home; 'listen' is not supported"),
            Map.entry("ssh", "an SSH endpoint in a tls configuration: with --mode tls every endpoint is 'tls'"
                    + " (the SSH tree is read with --mode reverse-ssh)"),
            Map.entry("inline-definition", "keys and certificates written into the file are not supported; " + FILES),
            Map.entry("central-keystore-reference", "the central keystore is not supported; " + FILES),
            Map.entry("central-truststore-reference", "the central truststore is not supported; " + FILES),
            Map.entry("raw-private-key", "raw public keys (RFC 7250) are not supported; give a certificate"),
            Map.entry("tls12-psk", "pre-shared keys are not supported; give a certificate"),
            Map.entry("tls13-epsk", "external pre-shared keys are not supported; give a certificate"),
            Map.entry("ee-certs", "pinned end-entity certificates are given through the accounts' files, not here:"
                    + " put the NMS's certificate in the ca-certificates-file of a callhome-device-tls:account under"
                    + " ca-certs, beside or instead of CA certificates"),
            Map.entry("raw-public-keys", "raw public keys (RFC 7250) are not supported; NMSs prove themselves with"
                    + " certificates of an account's CAs"),
            Map.entry("tls12-psks", "pre-shared keys are not supported; NMSs prove themselves with certificates"),
            Map.entry("tls13-epsks", "external pre-shared keys are not supported; NMSs prove themselves with"
                    + " certificates"),
            Map.entry("cipher-suites", "the device sets its cipher suites itself (TLS 1.3's, and ECDHE with AES-GCM or"
                    + " ChaCha20-Poly1305 for 1.2); remove cipher-suites"),
            Map.entry("keepalives", "TLS heartbeats (RFC 6520) cannot be sent: Java's TLS does not implement them;"
                    + " the device tests liveness with TCP keepalives, tcp-client-parameters/keepalives"),
            Map.entry("mapping-required", "TLS always requires a mapping (RFC 7589 section 7); remove"
                    + " mapping-required"),
            Map.entry("local-address", "binding to a local address is not supported"),
            Map.entry("local-port", "binding to a local port is not supported"),
            Map.entry("proxy-server", "connecting through a proxy is not supported"));

    private TlsCallHomeYang() {
    }

    /**
     * The yanglint command line that validates a tls configuration file as data of the running
     * configuration: {@code yanglint -p IETF -p PROJECT -t config -F ... IETF/ietf-netconf-server...
     * IETF/ietf-x509-cert-to-name... PROJECT/callhome-device-ssh... PROJECT/callhome-device-tls... FILE}.
     *
     * @param ietfModules    the folder of the IETF modules
     * @param projectModules the folder of the project's modules
     */
    public static List<String> yanglintCommand(Path ietfModules, Path projectModules, Path dataFile) {
        List<String> command = new ArrayList<>(List.of("yanglint",
                "-p", ietfModules.toString(), "-p", projectModules.toString(), "-t", "config"));
        FEATURES.forEach((module, names) -> {
            command.add("-F");
            command.add(module + ":" + String.join(",", names));
        });
        command.add(ietfModules.resolve(CallHomeYang.STANDARD_MODULE_FILE).toString());
        command.add(ietfModules.resolve(CallHomeYang.CERT_TO_NAME_MODULE_FILE).toString());
        command.add(projectModules.resolve(CallHomeYang.DEVICE_MODULE_FILE).toString());
        command.add(projectModules.resolve(DEVICE_TLS_MODULE_FILE).toString());
        command.add(dataFile.toString());
        return List.copyOf(command);
    }

    private static Map<String, List<String>> features() {
        Map<String, List<String>> features = new LinkedHashMap<>();
        features.put("ietf-netconf-server", List.of("tls-call-home", "central-netconf-server-supported"));
        features.put("ietf-tls-server", List.of("server-ident-x509-cert", "client-auth-supported",
                "client-auth-x509-cert"));
        features.put("ietf-tls-common", List.of("tls12", "tls13", "hello-params"));
        features.put("ietf-tcp-client", List.of("tcp-client-keepalives"));
        features.put("ietf-tcp-common", List.of("keepalives-supported"));
        return Collections.unmodifiableMap(features);
    }
}
