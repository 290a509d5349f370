package org.callhome.shared.sztp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.callhome.shared.text.WireNames;

/**
 * Reads and writes {@link ConveyedInformation} as RFC 7951 JSON of {@code ietf-sztp-conveyed-info} (RFC 8572
 * §6.3).
 */
final class ConveyedInformationJson {

    static final String REDIRECT = "ietf-sztp-conveyed-info:redirect-information";
    static final String ONBOARDING = "ietf-sztp-conveyed-info:onboarding-information";

    private ConveyedInformationJson() {
    }

    static ConveyedInformation read(byte[] json) throws ArtifactFormatException {
        JsonTree root = JsonTree.parse(json).object(REDIRECT, ONBOARDING);
        if (root.has(REDIRECT) == root.has(ONBOARDING)) {
            throw root.error("expected exactly one of " + REDIRECT + " and " + ONBOARDING);
        }
        return root.has(REDIRECT) ? redirect(root.required(REDIRECT)) : onboarding(root.required(ONBOARDING));
    }

    private static RedirectInformation redirect(JsonTree redirect) throws ArtifactFormatException {
        List<JsonTree> entries = redirect.object("bootstrap-server").required("bootstrap-server").list();
        if (entries.size() > RedirectInformation.MAX_SERVERS) {
            throw redirect.error("more than " + RedirectInformation.MAX_SERVERS + " bootstrap servers");
        }
        List<BootstrapServer> servers = new ArrayList<>();
        Set<String> addresses = new HashSet<>();
        for (JsonTree entry : entries) {
            entry.object("address", "port", "trust-anchor");
            JsonTree address = entry.required("address");
            String text = address.text(BootstrapServer.MAX_ADDRESS_CHARS);
            if (!addresses.add(text)) {
                throw address.error("listed twice; address is the list's key");
            }
            Optional<JsonTree> port = entry.optional("port");
            Optional<JsonTree> anchor = entry.optional("trust-anchor");
            servers.add(new BootstrapServer(text, port.isPresent() ? port.get().integer(0, 65535)
                    : BootstrapServer.DEFAULT_PORT, anchor.isPresent() ? Optional.of(anchor.get().binary())
                    : Optional.empty()));
        }
        return new RedirectInformation(servers);
    }

    private static OnboardingInformation onboarding(JsonTree onboarding) throws ArtifactFormatException {
        if (onboarding.has("boot-image")) {
            throw onboarding.required("boot-image").unsupported("not supported: this device installs no boot image");
        }
        onboarding.object("configuration-handling", "pre-configuration-script", "configuration",
                "post-configuration-script");
        if (onboarding.has("configuration") != onboarding.has("configuration-handling")) {
            throw onboarding.error("configuration and configuration-handling come together (RFC 8572 §6.3)");
        }
        Optional<ConfigurationHandling> handling = Optional.empty();
        if (onboarding.has("configuration-handling")) {
            JsonTree member = onboarding.required("configuration-handling");
            handling = Optional.of(WireNames.find(ConfigurationHandling.class, member.text())
                    .orElseThrow(() -> member.error("expected merge or replace")));
        }
        return new OnboardingInformation(handling, binary(onboarding, "pre-configuration-script"),
                binary(onboarding, "configuration"), binary(onboarding, "post-configuration-script"));
    }

    private static Optional<Binary> binary(JsonTree parent, String name) throws ArtifactFormatException {
        Optional<JsonTree> member = parent.optional(name);
        return member.isPresent() ? Optional.of(member.get().binary()) : Optional.empty();
    }

    static byte[] write(ConveyedInformation information) {
        ObjectNode root = JsonTree.mapper().createObjectNode();
        if (information instanceof RedirectInformation redirect) {
            ArrayNode servers = root.putObject(REDIRECT).putArray("bootstrap-server");
            for (BootstrapServer server : redirect.bootstrapServers()) {
                ObjectNode entry = servers.addObject().put("address", server.address()).put("port", server.port());
                server.trustAnchor().ifPresent(anchor -> entry.put("trust-anchor", anchor.base64()));
            }
        } else if (information instanceof OnboardingInformation onboarding) {
            ObjectNode body = root.putObject(ONBOARDING);
            onboarding.configurationHandling().ifPresent(handling -> body.put("configuration-handling",
                    handling.wireName()));
            onboarding.preConfigurationScript().ifPresent(script -> body.put("pre-configuration-script",
                    script.base64()));
            onboarding.configuration().ifPresent(configuration -> body.put("configuration", configuration.base64()));
            onboarding.postConfigurationScript().ifPresent(script -> body.put("post-configuration-script",
                    script.base64()));
        }
        try {
            return JsonTree.mapper().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode conveyed information", e);
        }
    }
}
