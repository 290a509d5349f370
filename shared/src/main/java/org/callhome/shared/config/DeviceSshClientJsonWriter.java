package org.callhome.shared.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.callhome.shared.config.DeviceSshSettings.Account;

/**
 * Builds the RFC 7951 JSON tree that {@link DeviceSshClientJsonReader} reads: the login of an NMS
 * repeated in each of its endpoints, where the model keeps it. As {@link CallHomeJsonWriter}, a
 * setting the model cannot express exactly is an {@link IllegalArgumentException}.
 */
final class DeviceSshClientJsonWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DeviceSshClientJsonWriter() {
    }

    static ObjectNode tree(DeviceSshClientConfig config) {
        ObjectNode root = NODES.objectNode();
        ObjectNode top = root.putObject(DeviceSshClientJsonReader.DEVICE_SSH_CLIENT);
        ArrayNode accounts = top.putObject("accounts").putArray("account");
        for (Account account : config.accounts()) {
            accounts.addObject().put("name", account.name()).put("role", account.role().wireName());
        }
        ArrayNode clients = top.putObject("netconf-clients").putArray("netconf-client");
        for (DeviceSshClientSettings client : config.clients()) {
            client(clients.addObject(), client);
        }
        return root;
    }

    private static void client(ObjectNode node, DeviceSshClientSettings client) {
        CallHomeSettings callHome = client.callHome();
        String where = "NMS '" + callHome.name() + "': ";
        node.put("name", callHome.name());
        ArrayNode endpoints = node.putObject("endpoints").putArray("endpoint");
        for (Endpoint endpoint : callHome.endpoints()) {
            ObjectNode entry = endpoints.addObject();
            entry.put("name", endpoint.name());
            entry.putObject("tcp-client-parameters").put("remote-address", endpoint.host())
                    .put("remote-port", endpoint.port());
            sshClient(entry.putObject("ssh-client-parameters"), client, where);
        }
        node.put("subsystem", client.subsystem());
        node.put("bind-account", client.bindAccount());
        CallHomeJsonWriter.connectionType(node, callHome.connectionType(), where);
        CallHomeJsonWriter.reconnect(node, callHome, where, "jitter-fraction");
    }

    private static void sshClient(ObjectNode node, DeviceSshClientSettings client, String where) {
        ObjectNode identity = node.putObject("client-identity");
        client.username().ifPresent(name -> identity.put("username", name));
        ObjectNode publicKey = identity.putObject("public-key").put("private-key-file",
                client.identityFile().toString());
        client.identityCertificateFile().ifPresent(file -> publicKey.put("certificate-file", file.toString()));
        node.putObject("server-authentication").putObject("ssh-host-keys").put(client.nmsHostKeyFormat().member(),
                client.nmsHostKeyFile().toString());
        ObjectNode alive = node.putObject("keepalives");
        Keepalives keepalives = client.callHome().keepalives();
        alive.put("max-wait", CallHomeJsonWriter.wholeSeconds(where + "keepalive max-wait", keepalives.maxWait()));
        alive.put("max-attempts", keepalives.maxAttempts());
    }
}
