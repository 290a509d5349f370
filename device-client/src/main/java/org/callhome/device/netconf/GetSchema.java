package org.callhome.device.netconf;

import static org.callhome.device.netconf.SchemaDiscovery.MONITORING_NS;

import java.util.List;
import java.util.Optional;
import org.callhome.device.yang.YangModule;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.session.Reply;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.text.PeerText;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The get-schema operation of ietf-netconf-monitoring (RFC 6022 §3.1):
 * <pre>
 * &lt;get-schema xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"&gt;
 *   &lt;identifier&gt;NAME&lt;/identifier&gt;     mandatory: a module of the device's schema
 *   &lt;version&gt;REVISION&lt;/version&gt;       optional: "" for a module without revision
 *   &lt;format&gt;yang&lt;/format&gt;            optional: yang (the only format served)
 * &lt;/get-schema&gt;
 * </pre>
 * answered with {@code <data xmlns="...monitoring">TEXT</data>}, the module's text exactly (the
 * writer escapes {@code & < >} and carriage returns). No such module or revision, or another
 * format: {@code invalid-value}; several revisions and no version: {@code operation-failed} with
 * error-app-tag {@code data-not-unique}, as RFC 6022 says. Module texts are bounded when the
 * schema loads, so the reply is too.
 */
final class GetSchema {

    private GetSchema() {
    }

    static Reply answer(Element operation, List<YangModule> modules) throws NetconfException {
        Element identifier = parameter(operation, "identifier");
        if (identifier == null) {
            throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.MISSING_ELEMENT,
                    "<get-schema> needs an <identifier> parameter").withInfo("bad-element", "identifier"));
        }
        Element version = parameter(operation, "version");
        Element format = parameter(operation, "format");
        if (format != null && !isYang(format)) {
            throw invalidValue("format", "this device serves its schemas in YANG only, not "
                    + PeerText.quote(XmlTree.text(format).strip()));
        }
        YangModule module = find(modules, XmlTree.text(identifier).strip(),
                version == null ? Optional.empty() : Optional.of(XmlTree.text(version).strip()));
        Document document = NetconfXml.newDocument();
        Element data = XmlTree.element(document, MONITORING_NS, "data", module.text());
        document.appendChild(data);
        return Reply.content(data);
    }

    /** The one module named {@code identifier} (of revision {@code version} if given). */
    static YangModule find(List<YangModule> modules, String identifier, Optional<String> version)
            throws NetconfException {
        List<YangModule> named = modules.stream().filter(module -> module.name().equals(identifier)).toList();
        if (named.isEmpty()) {
            throw invalidValue("identifier", "this device has no schema " + PeerText.quote(identifier));
        }
        List<YangModule> matching = version.map(wanted -> named.stream()
                .filter(module -> module.revision().orElse("").equals(wanted)).toList()).orElse(named);
        if (matching.isEmpty()) {
            throw invalidValue("version", "this device has schema " + PeerText.quote(identifier) + " in version "
                    + named.stream().map(module -> module.revision().orElse("\"\"")).toList() + ", not "
                    + PeerText.quote(version.orElseThrow()));
        }
        if (matching.size() > 1) {
            throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.OPERATION_FAILED,
                    "this device has several versions of schema " + PeerText.quote(identifier) + " ("
                            + matching.stream().map(module -> module.revision().orElse("\"\"")).toList()
                            + "): name one in <version>")
                    .withAppTag("data-not-unique"));
        }
        return matching.get(0);
    }

    /**
     * The parameter {@code name}, or null; any other child, or one given twice, is refused. RFC
     * 7950 §7.14.2 puts an RPC's input parameters in the namespace of its module.
     */
    private static Element parameter(Element operation, String name) throws NetconfException {
        Element found = null;
        for (Element child : XmlTree.childElements(operation)) {
            if (!MONITORING_NS.equals(child.getNamespaceURI())) {
                throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.UNKNOWN_NAMESPACE,
                        "<get-schema> parameters are in " + MONITORING_NS + ", not "
                                + PeerText.quote(String.valueOf(child.getNamespaceURI())))
                        .withInfo("bad-element", child.getLocalName())
                        .withInfo("bad-namespace", String.valueOf(child.getNamespaceURI())));
            }
            String local = child.getLocalName();
            if (!List.of("identifier", "version", "format").contains(local)) {
                throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.UNKNOWN_ELEMENT,
                        "<get-schema> has no parameter <" + local + ">").withInfo("bad-element", local));
            }
            if (local.equals(name)) {
                if (found != null) {
                    throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.BAD_ELEMENT,
                            "<" + name + "> appears more than once").withInfo("bad-element", name));
                }
                found = child;
            }
        }
        return found;
    }

    /** An identityref naming ietf-netconf-monitoring's {@code yang}, with or without a prefix. */
    private static boolean isYang(Element format) {
        String value = XmlTree.text(format).strip();
        int colon = value.indexOf(':');
        String prefix = colon < 0 ? null : value.substring(0, colon);
        String local = value.substring(colon + 1);
        return "yang".equals(local) && MONITORING_NS.equals(format.lookupNamespaceURI(prefix));
    }

    private static NetconfException invalidValue(String element, String message) {
        return new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE, message)
                .withInfo("bad-element", element));
    }
}
