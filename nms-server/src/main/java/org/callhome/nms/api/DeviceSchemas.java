package org.callhome.nms.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.w3c.dom.Element;

/**
 * What the API answers about a device's YANG modules: the {@code /netconf-state/schemas} of
 * ietf-netconf-monitoring (RFC 6022) when the device implements it, else the module capabilities
 * of its hello (RFC 6020 §5.6.4), as
 * <pre>
 * {"device": ID, "source": "netconf-state" | "hello",
 *  "schemas": [{"identifier", "version", "format", "namespace", "location": [...]}, ...]}
 * </pre>
 * and the operations that ask for them. Everything here is read from the device's reply, which
 * the session's limits already bounded.
 */
final class DeviceSchemas {

    static final String MONITORING_NS = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring";

    /** {@code <get>} of {@code /netconf-state/schemas} alone. */
    static final String GET_SCHEMAS = "<get xmlns=\"" + Netconf.BASE_NS + "\"><filter type=\"subtree\">"
            + "<netconf-state xmlns=\"" + MONITORING_NS + "\"><schemas/></netconf-state></filter></get>";

    private DeviceSchemas() {
    }

    /** Whether the hello names ietf-netconf-monitoring, so that the device can answer {@link #GET_SCHEMAS}. */
    static boolean hasMonitoring(List<String> capabilities) {
        return capabilities.stream().anyMatch(uri -> uri.startsWith(MONITORING_NS + "?")
                && parameter(uri, "module").filter("ietf-netconf-monitoring"::equals).isPresent());
    }

    /** The schemas of the module capabilities of a hello. */
    static JsonObject fromHello(String device, List<String> capabilities) {
        JsonArray schemas = new JsonArray();
        for (String uri : capabilities) {
            int query = uri.indexOf('?');
            Optional<String> module = parameter(uri, "module");
            if (query < 0 || module.isEmpty()) {
                continue;
            }
            schemas.add(schema(module.get(), parameter(uri, "revision").orElse(""), "yang",
                    uri.substring(0, query), new JsonArray()));
        }
        return answer(device, "hello", schemas);
    }

    /**
     * The schemas of a reply to {@link #GET_SCHEMAS}.
     *
     * @throws NetconfException the device answered with an rpc-error (the first is thrown)
     */
    static JsonObject fromReply(String device, RpcReply reply) throws NetconfException {
        List<RpcError> errors = reply.errors();
        if (!errors.isEmpty()) {
            throw new NetconfException(errors.get(0));
        }
        JsonArray schemas = new JsonArray();
        Element data = reply.data();
        Element state = data == null ? null : XmlTree.child(data, MONITORING_NS, "netconf-state");
        Element list = state == null ? null : XmlTree.child(state, MONITORING_NS, "schemas");
        if (list != null) {
            for (Element entry : XmlTree.children(list, MONITORING_NS, "schema")) {
                JsonArray locations = new JsonArray();
                XmlTree.children(entry, MONITORING_NS, "location").forEach(location ->
                        locations.add(XmlTree.text(location).strip()));
                schemas.add(schema(leaf(entry, "identifier"), leaf(entry, "version"),
                        withoutPrefix(leaf(entry, "format")), leaf(entry, "namespace"), locations));
            }
        }
        return answer(device, "netconf-state", schemas);
    }

    /**
     * The {@code <get-schema>} of one module; {@code version} empty for whichever the device has.
     * The values go in as text of elements, so any string is safe.
     */
    static Element getSchema(String identifier, Optional<String> version) {
        Element operation = XmlTree.element(NetconfXml.newDocument(), MONITORING_NS, "get-schema", null);
        operation.getOwnerDocument().appendChild(operation);
        XmlTree.append(operation, MONITORING_NS, "identifier", identifier);
        version.ifPresent(value -> XmlTree.append(operation, MONITORING_NS, "version", value));
        return operation;
    }

    /**
     * The module text of a get-schema reply.
     *
     * @throws NetconfException the device answered with an rpc-error (the first is thrown)
     */
    static String text(RpcReply reply) throws NetconfException {
        List<RpcError> errors = reply.errors();
        if (!errors.isEmpty()) {
            throw new NetconfException(errors.get(0));
        }
        Element data = XmlTree.child(reply.element(), MONITORING_NS, "data");
        if (data == null) {
            throw new IllegalStateException("the device answered <get-schema> without a <data> element");
        }
        return data.getTextContent();
    }

    private static JsonObject answer(String device, String source, JsonArray schemas) {
        return new JsonObject().put("device", device).put("source", source).put("schemas", schemas);
    }

    private static JsonObject schema(String identifier, String version, String format, String namespace,
                                     JsonArray locations) {
        return new JsonObject().put("identifier", identifier).put("version", version).put("format", format)
                .put("namespace", namespace).put("location", locations);
    }

    private static String leaf(Element entry, String name) {
        Element leaf = XmlTree.child(entry, MONITORING_NS, name);
        return leaf == null ? "" : XmlTree.text(leaf).strip();
    }

    /** An identityref's name: {@code ncm:yang} and {@code yang} are both {@code yang}. */
    private static String withoutPrefix(String identity) {
        return identity.substring(identity.indexOf(':') + 1);
    }

    /** The value of {@code name} in the query part of a capability URI ({@code ?a=1&b=2}). */
    static Optional<String> parameter(String uri, String name) {
        int query = uri.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        for (String pair : uri.substring(query + 1).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return Optional.of(pair.substring(equals + 1));
            }
        }
        return Optional.empty();
    }
}
