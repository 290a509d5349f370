package org.callhome.shared.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.callhome.shared.x509.CertToName;

/**
 * Builds the RFC 7951 JSON tree that {@link TlsCallHomeJsonReader} reads. The device's key, chain
 * and accounts are repeated in every endpoint, where the model keeps them; its liveness test goes
 * in as TCP keepalives (probes at the pace of the idle time), never as TLS heartbeats, which it
 * cannot send. Settings the model cannot express are refused with an
 * {@link IllegalArgumentException}, as by the SSH writer.
 */
final class TlsCallHomeJsonWriter {

    private TlsCallHomeJsonWriter() {
    }

    static ObjectNode tree(DeviceTlsCallHomeConfig config) {
        DeviceSshSettings device = config.device();
        return CallHomeJsonWriter.tree(config.clients(), "tls", (tls, tcp, client, where) -> {
            int seconds = CallHomeJsonWriter.wholeSeconds(where + "keepalive max-wait", client.keepalives().maxWait());
            ObjectNode alive = tcp.putObject("keepalives");
            alive.put("idle-time", seconds);
            alive.put("max-probes", client.keepalives().maxAttempts());
            alive.put("probe-interval", seconds);
            tlsServer(tls.putObject("tls-server-parameters"), device);
            clientIdentityMappings(tls.putObject("netconf-server-parameters").putObject("client-identity-mappings"),
                    device.clientIdentityMappings());
        });
    }

    private static void tlsServer(ObjectNode node, DeviceSshSettings device) {
        ObjectNode certificate = node.putObject("server-identity").putObject("certificate");
        certificate.put(TlsCallHomeYang.PRIVATE_KEY_FILE, device.hostKeyFile().toString());
        certificate.put(TlsCallHomeYang.CERTIFICATE_CHAIN_FILE, device.hostCertificateFile().orElseThrow(() ->
                new IllegalArgumentException("the device's X.509 certificate chain is needed")).toString());
        ObjectNode authentication = node.putObject("client-authentication");
        ArrayNode accounts = authentication.putObject("ca-certs").putArray(TlsCallHomeYang.ACCOUNT);
        for (DeviceSshSettings.Account account : device.accounts()) {
            ObjectNode item = accounts.addObject();
            item.put("name", account.name());
            item.put("role", account.role().wireName());
            account.authorizedKeysFile().ifPresent(file -> item.put("ca-certificates-file", file.toString()));
        }
        device.revokedKeysFile().ifPresent(file -> authentication.put(TlsCallHomeYang.REVOKED_KEYS_FILE,
                file.toString()));
        ObjectNode versions = node.putObject("hello-params").putObject("tls-versions");
        versions.put("min", TlsCallHomeYang.TLS12);
        versions.put("max", TlsCallHomeYang.TLS13);
    }

    /** The cert-to-name list; without one, the single entry of the device's simple rule, as the model needs one. */
    private static void clientIdentityMappings(ObjectNode node, CertToName mappings) {
        if (mappings.entries().isEmpty()) {
            node.putArray("cert-to-name").addObject().put("id", 1).put("map-type", TlsCallHomeYang.SIMPLE_RULE);
            return;
        }
        CallHomeJsonWriter.certToNameList(node, mappings);
    }
}
