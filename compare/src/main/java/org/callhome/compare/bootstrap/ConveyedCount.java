package org.callhome.compare.bootstrap;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.callhome.shared.sztp.OnboardingInformation;

/**
 * Counts what a verified onboarding information's {@code configuration} (RFC 7951 JSON) holds:
 * its leaves (each scalar, each member of a leaf-list), its bytes, and its secrets: a leaf named
 * like a private key, password or secret (but not a {@code -file} leaf, which names where the device
 * keeps its own key), or any value holding a PEM or OpenSSH private key.
 *
 * @param items   leaves of the configuration
 * @param bytes   bytes of the configuration as conveyed
 * @param secrets leaves that are, or hold, a secret
 * @param names   the leaves' names (module prefixes dropped), sorted
 * @param secretNames the names of the leaves counted as secrets
 * @param trust   what the conveyed files have the device trust the NMS by: "NMS public key",
 *                "OpenSSH CA key" (a cert-authority line), "X.509 CA certificate" or (tls) "NMS
 *                certificate (pinned)", a certificate that is no CA's, or "none"
 */
record ConveyedCount(int items, int bytes, int secrets, Set<String> names, Set<String> secretNames, String trust) {

    /** Nothing conveyed. */
    static final ConveyedCount NONE = new ConveyedCount(0, 0, 0, Set.of(), Set.of(), "none");
    static final String CONVEYED_FILES = "callhome-sztp:conveyed-files";

    private static final Pattern SECRET_NAME = Pattern.compile("private-key|password|secret|psk|shared-key");
    private static final Pattern SECRET_VALUE = Pattern.compile("PRIVATE KEY|openssh-key-v1");

    static ConveyedCount of(OnboardingInformation onboarding) {
        byte[] configuration = onboarding.configuration().map(binary -> binary.bytes()).orElse(new byte[0]);
        Counter counter = new Counter();
        String trust = "none";
        if (configuration.length > 0) {
            String text = new String(configuration, StandardCharsets.UTF_8);
            try {
                JsonObject json = new JsonObject(text);
                counter.object(json);
                trust = trustIn(json);
            } catch (DecodeException e) {
                // not JSON: one opaque item, a secret if it looks like one
                counter.leaf("configuration", text);
            }
        }
        return new ConveyedCount(counter.items, configuration.length, counter.secrets, counter.names,
                counter.secretNames, trust);
    }

    /** What the conveyed files have the device trust the NMS by, each file told by its first line. */
    private static String trustIn(JsonObject configuration) {
        Set<String> kinds = new TreeSet<>();
        if (configuration.getValue(CONVEYED_FILES) instanceof JsonObject files
                && files.getValue("file") instanceof JsonArray list) {
            for (Object file : list) {
                String content = file instanceof JsonObject object && object.getValue("content") instanceof String text
                        ? text : "";
                kinds.add(content.startsWith("-----BEGIN CERTIFICATE-----") ? certificateKind(content)
                        : content.startsWith("cert-authority ") || content.startsWith("@cert-authority ")
                        ? "OpenSSH CA key" : "NMS public key");
            }
        }
        return kinds.isEmpty() ? "none" : String.join(", ", kinds);
    }

    /**
     * A conveyed PEM certificate told by its basic constraints: a CA's is an anchor the NMS's
     * certificates chain to, any other is the NMS's own, which the device pins (tls only).
     */
    private static String certificateKind(String pem) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return certificate.getBasicConstraints() >= 0 ? "X.509 CA certificate" : "NMS certificate (pinned)";
        } catch (CertificateException e) {
            return "unreadable X.509 certificate";
        }
    }

    private static final class Counter {
        int items;
        int secrets;
        final Set<String> names = new TreeSet<>();
        final Set<String> secretNames = new TreeSet<>();

        void object(JsonObject object) {
            for (Map.Entry<String, Object> member : object) {
                value(member.getKey(), member.getValue());
            }
        }

        void value(String name, Object value) {
            if (value instanceof JsonObject object) {
                object(object);
            } else if (value instanceof JsonArray array) {
                array.forEach(element -> value(name, element));
            } else {
                leaf(name, String.valueOf(value));
            }
        }

        void leaf(String qualified, String value) {
            String name = qualified.substring(qualified.indexOf(':') + 1);
            items++;
            names.add(name);
            // a "-file" leaf is a path on the device (where it keeps its own key), not the key
            boolean secretName = !name.endsWith("-file") && SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find();
            if (secretName || SECRET_VALUE.matcher(value).find()) {
                secrets++;
                secretNames.add(name);
            }
        }
    }
}
