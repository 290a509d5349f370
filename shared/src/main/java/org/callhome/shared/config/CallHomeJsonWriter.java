package org.callhome.shared.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.callhome.shared.x509.CertToName;
import org.callhome.shared.x509.CertToNameEntry;
import org.callhome.shared.x509.MapType;

/**
 * Builds the RFC 7951 JSON tree that {@link CallHomeJsonReader} reads. The device's one host key
 * and accounts are repeated in every endpoint, where the model keeps them. Settings the model
 * cannot express (a max-wait of 300 ms, as tests use) are refused with an
 * {@link IllegalArgumentException} rather than rounded, so that a written file never means
 * something other than the settings it came from.
 */
final class CallHomeJsonWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CallHomeJsonWriter() {
    }

    static ObjectNode tree(DeviceCallHomeConfig config) {
        DeviceSshSettings ssh = config.ssh();
        return tree(config.clients(), "ssh", (sshNode, tcp, client, where) -> {
            sshServer(sshNode.putObject("ssh-server-parameters"), ssh, client.keepalives(), where);
            if (ssh.clientIdentityMappings().isConfigured()) {
                clientIdentityMappings(sshNode.putObject("netconf-server-parameters")
                        .putObject("client-identity-mappings"), ssh.clientIdentityMappings());
            }
        });
    }

    /** Writes what one endpoint says beyond its address: its transport's parameters. */
    @FunctionalInterface
    interface EndpointBody {
        /**
         * @param transport the endpoint's {@code ssh} or {@code tls} node
         * @param tcp       its {@code tcp-client-parameters}, the address and port already in
         * @param where     how an error names the NMS
         */
        void write(ObjectNode transport, ObjectNode tcp, CallHomeSettings client, String where);
    }

    /**
     * The call-home tree of {@code clients}: each NMS with its endpoints under {@code transport}
     * ({@code ssh} or {@code tls}, the rest of each written by {@code body}), its connection type
     * and reconnect strategy.
     */
    static ObjectNode tree(List<CallHomeSettings> clients, String transport, EndpointBody body) {
        ObjectNode root = NODES.objectNode();
        ArrayNode list = root.putObject(CallHomeYang.NETCONF_SERVER).putObject("call-home")
                .putArray("netconf-client");
        for (CallHomeSettings client : clients) {
            ObjectNode node = list.addObject();
            String where = "NMS '" + client.name() + "': ";
            node.put("name", client.name());
            ArrayNode endpoints = node.putObject("endpoints").putArray("endpoint");
            for (Endpoint endpoint : client.endpoints()) {
                ObjectNode entry = endpoints.addObject();
                entry.put("name", endpoint.name());
                ObjectNode transportNode = entry.putObject(transport);
                ObjectNode tcp = transportNode.putObject("tcp-client-parameters");
                tcp.put("remote-address", endpoint.host());
                tcp.put("remote-port", endpoint.port());
                body.write(transportNode, tcp, client, where);
            }
            connectionType(node, client.connectionType(), where);
            reconnect(node, client, where, CallHomeYang.JITTER_FRACTION);
        }
        return root;
    }

    /** {@code connection-type}: persistent, or periodic with its period, anchor time and idle timeout. */
    static void connectionType(ObjectNode node, ConnectionType type, String where) {
        ObjectNode connectionType = node.putObject("connection-type");
        if (type instanceof ConnectionType.Periodic periodic) {
            ObjectNode periodicNode = connectionType.putObject("periodic");
            periodicNode.put("period", wholeMinutes(where + "period", periodic.period()));
            periodic.anchorTime().ifPresent(anchor -> periodicNode.put("anchor-time", anchorTime(where, anchor)));
            periodicNode.put("idle-timeout", wholeSeconds(where + "idle-timeout", periodic.idleTimeout()));
        } else {
            connectionType.putObject("persistent");
        }
    }

    /** {@code reconnect-strategy}, its jitter fraction as the member {@code jitterMember}. */
    static void reconnect(ObjectNode node, CallHomeSettings client, String where, String jitterMember) {
        ObjectNode strategy = node.putObject("reconnect-strategy");
        strategy.put("start-with", client.reconnect().startWith().wireName());
        strategy.put("max-wait", wholeSeconds(where + "reconnect max-wait", client.reconnect().maxWait()));
        strategy.put("max-attempts", client.reconnect().maxAttempts());
        strategy.put(jitterMember, BigDecimal.valueOf(client.jitterFraction()).stripTrailingZeros().toPlainString());
    }

    private static void sshServer(ObjectNode node, DeviceSshSettings ssh, Keepalives keepalives, String where) {
        ObjectNode hostKey = node.putObject("server-identity").putArray("host-key").addObject();
        hostKey.put("name", keyName(ssh.hostKeyFile()));
        ObjectNode publicKey = hostKey.putObject("public-key").put(CallHomeYang.PRIVATE_KEY_FILE,
                ssh.hostKeyFile().toString());
        ssh.hostCertificateFile().ifPresent(file -> publicKey.put(CallHomeYang.HOST_CERTIFICATE_FILE,
                file.toString()));
        ObjectNode authentication = node.putObject("client-authentication");
        ArrayNode users = authentication.putObject("users").putArray("user");
        for (DeviceSshSettings.Account account : ssh.accounts()) {
            ObjectNode user = users.addObject();
            user.put("name", account.name());
            account.authorizedKeysFile().ifPresent(file ->
                    user.putObject("public-keys").put(CallHomeYang.AUTHORIZED_KEYS_FILE, file.toString()));
            user.put(CallHomeYang.ROLE, account.role().wireName());
        }
        ssh.revokedKeysFile().ifPresent(file -> authentication.put(CallHomeYang.REVOKED_KEYS_FILE, file.toString()));
        ObjectNode alive = node.putObject("keepalives");
        alive.put("max-wait", wholeSeconds(where + "keepalive max-wait", keepalives.maxWait()));
        alive.put("max-attempts", keepalives.maxAttempts());
    }

    /** The cert-to-name list in id order, and mapping-required when it is set. */
    private static void clientIdentityMappings(ObjectNode node, CertToName mappings) {
        if (!mappings.entries().isEmpty()) {
            certToNameList(node, mappings);
        }
        if (mappings.mappingRequired()) {
            node.put("mapping-required", true);
        }
    }

    /** The member {@code cert-to-name}: the entries in id order. */
    static void certToNameList(ObjectNode node, CertToName mappings) {
        ArrayNode list = node.putArray("cert-to-name");
        for (CertToNameEntry entry : mappings.entries()) {
            ObjectNode item = list.addObject();
            item.put("id", entry.id());
            entry.fingerprint().ifPresent(fingerprint -> item.put("fingerprint", fingerprint.text()));
            item.put("map-type", MapType.MODULE + ":" + entry.mapType().wireName());
            entry.name().ifPresent(name -> item.put("name", name));
        }
    }

    /** The host-key list needs a key; the file name says which key it is. */
    private static String keyName(Path file) {
        Path name = file.getFileName();
        return name == null ? "host-key" : name.toString();
    }

    static int wholeSeconds(String what, Duration value) {
        if (value.getNano() != 0) {
            throw new IllegalArgumentException(what + " " + value + " is not a whole number of seconds,"
                    + " which the model needs");
        }
        return Math.toIntExact(value.getSeconds());
    }

    private static int wholeMinutes(String what, Duration value) {
        if (value.getNano() != 0 || value.getSeconds() % 60 != 0) {
            throw new IllegalArgumentException(what + " " + value + " is not a whole number of minutes,"
                    + " which the model needs");
        }
        return Math.toIntExact(value.toMinutes());
    }

    private static String anchorTime(String where, Instant anchor) {
        if (anchor.getNano() != 0 || anchor.getEpochSecond() % 60 != 0) {
            throw new IllegalArgumentException(where + "anchor-time " + anchor + " is not on a whole minute,"
                    + " which the model needs");
        }
        return DateTimeFormatter.ISO_INSTANT.format(anchor);
    }
}
