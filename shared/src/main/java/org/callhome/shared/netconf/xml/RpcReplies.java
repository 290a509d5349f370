package org.callhome.shared.netconf.xml;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.RpcError;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Builds and reads {@code <rpc-reply>} elements (RFC 6241 §4.2–4.4). This is the one place that
 * turns {@link RpcError}s into XML and back.
 */
public final class RpcReplies {

    private RpcReplies() {
    }

    /**
     * An empty {@code <rpc-reply>} that answers {@code rpc}: every attribute of the rpc
     * (message-id and any other) is copied unmodified, as RFC 6241 §4.2 requires. With a null
     * rpc (the request could not be parsed) the reply has no attributes.
     */
    public static Document emptyReply(Element rpc) {
        Document document = NetconfXml.newDocument();
        Element reply = document.createElementNS(BASE_NS, "rpc-reply");
        document.appendChild(reply);
        if (rpc != null) {
            NamedNodeMap attributes = rpc.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attr = (Attr) attributes.item(i);
                if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attr.getNamespaceURI())) {
                    continue;
                }
                reply.setAttributeNS(attr.getNamespaceURI(), attr.getName(), attr.getValue());
            }
        }
        return document;
    }

    public static Document ok(Element rpc) {
        Document document = emptyReply(rpc);
        XmlTree.append(document.getDocumentElement(), BASE_NS, "ok", null);
        return document;
    }

    public static Document errors(Element rpc, List<RpcError> errors) {
        Document document = emptyReply(rpc);
        for (RpcError error : errors) {
            document.getDocumentElement().appendChild(toElement(document, error));
        }
        return document;
    }

    public static Element toElement(Document document, RpcError error) {
        Element element = document.createElementNS(BASE_NS, "rpc-error");
        XmlTree.append(element, BASE_NS, "error-type", error.type().wireName());
        XmlTree.append(element, BASE_NS, "error-tag", error.tag().wireName());
        XmlTree.append(element, BASE_NS, "error-severity", "error");
        if (error.appTag() != null) {
            XmlTree.append(element, BASE_NS, "error-app-tag", error.appTag());
        }
        if (error.path() != null) {
            Element path = XmlTree.append(element, BASE_NS, "error-path", error.path());
            error.pathNamespaces().forEach((prefix, uri) ->
                    path.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + prefix, uri));
        }
        if (error.message() != null) {
            Element message = XmlTree.append(element, BASE_NS, "error-message", error.message());
            message.setAttributeNS(XMLConstants.XML_NS_URI, "xml:lang", "en");
        }
        if (!error.info().isEmpty()) {
            Element info = XmlTree.append(element, BASE_NS, "error-info", null);
            for (RpcError.Info item : error.info()) {
                XmlTree.append(info, BASE_NS, item.name(), item.value());
            }
        }
        return element;
    }

    /** The rpc-errors in a reply, in order; unknown error-type or error-tag values are refused. */
    public static List<RpcError> parseErrors(Element reply) {
        List<RpcError> errors = new ArrayList<>();
        for (Element element : XmlTree.children(reply, BASE_NS, "rpc-error")) {
            errors.add(parseError(element));
        }
        return errors;
    }

    static RpcError parseError(Element element) {
        ErrorType type = ErrorType.fromWire(textOf(element, "error-type"));
        ErrorTag tag = ErrorTag.fromWire(textOf(element, "error-tag"));
        String appTag = textOf(element, "error-app-tag");
        String message = textOf(element, "error-message");
        Element pathElement = XmlTree.child(element, BASE_NS, "error-path");
        String path = pathElement == null ? null : XmlTree.text(pathElement).strip();
        Map<String, String> namespaces = new HashMap<>();
        if (pathElement != null) {
            NamedNodeMap attributes = pathElement.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attr = (Attr) attributes.item(i);
                if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attr.getNamespaceURI())
                        && attr.getPrefix() != null) {
                    namespaces.put(attr.getLocalName(), attr.getValue());
                }
            }
        }
        List<RpcError.Info> info = new ArrayList<>();
        Element infoElement = XmlTree.child(element, BASE_NS, "error-info");
        if (infoElement != null) {
            for (Element item : XmlTree.childElements(infoElement)) {
                info.add(new RpcError.Info(item.getLocalName(), XmlTree.text(item).strip()));
            }
        }
        return new RpcError(type, tag, appTag, path, namespaces, message, info);
    }

    private static String textOf(Element parent, String localName) {
        Node child = XmlTree.child(parent, BASE_NS, localName);
        return child == null ? null : XmlTree.text((Element) child).strip();
    }
}
