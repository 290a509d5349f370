package org.callhome.shared.netconf.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Serializes DOM trees. Namespace declarations already present are written as they are; any
 * element or attribute whose namespace is not bound where it appears gets the declaration it
 * needs, so subtrees moved between documents stay correct. Text escapes {@code &}, {@code <}
 * and {@code >} (so {@code ]]>]]>} can never appear in output) and carriage returns.
 */
final class XmlWriter {

    private final StringBuilder out = new StringBuilder(256);
    private final Deque<Map<String, String>> scopes = new ArrayDeque<>();
    private int generatedPrefixes;

    private XmlWriter() {
        Map<String, String> root = new HashMap<>();
        root.put("", "");
        root.put("xml", XMLConstants.XML_NS_URI);
        scopes.push(root);
    }

    static byte[] toBytes(Node node, boolean declaration) {
        XmlWriter writer = new XmlWriter();
        if (declaration) {
            writer.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        }
        writer.write(node);
        return writer.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String toString(Node node) {
        XmlWriter writer = new XmlWriter();
        writer.write(node);
        return writer.out.toString();
    }

    private void write(Node node) {
        switch (node.getNodeType()) {
            case Node.DOCUMENT_NODE -> write(((Document) node).getDocumentElement());
            case Node.ELEMENT_NODE -> writeElement((Element) node);
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> escape(out, node.getNodeValue(), false);
            default -> {
                // comments and processing instructions are not part of NETCONF content
            }
        }
    }

    private void writeElement(Element element) {
        Map<String, String> scope = new HashMap<>(scopes.peek());
        StringBuilder attributes = new StringBuilder();
        NamedNodeMap attrs = element.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr attr = (Attr) attrs.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attr.getNamespaceURI())) {
                String prefix = "xmlns".equals(attr.getName()) ? "" : attr.getLocalName();
                if (!attr.getValue().equals(scope.put(prefix, attr.getValue()))) {
                    appendAttribute(attributes, attr.getName(), attr.getValue()); // not already bound so
                }
            }
        }
        String prefix = Objects.requireNonNullElse(element.getPrefix(), "");
        String namespace = Objects.requireNonNullElse(element.getNamespaceURI(), "");
        if (!namespace.equals(scope.get(prefix))) {
            scope.put(prefix, namespace);
            appendAttribute(attributes, prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix, namespace);
        }
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr attr = (Attr) attrs.item(i);
            String attrNs = attr.getNamespaceURI();
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attrNs)) {
                continue;
            }
            String name = attr.getLocalName() == null ? attr.getName() : attr.getLocalName();
            if (attrNs != null && !attrNs.isEmpty()) {
                String attrPrefix = attr.getPrefix();
                if (attrPrefix == null || !attrNs.equals(scope.get(attrPrefix))) {
                    attrPrefix = prefixFor(scope, attrNs);
                    if (attrPrefix == null) {
                        attrPrefix = attr.getPrefix() != null && !scope.containsKey(attr.getPrefix())
                                ? attr.getPrefix() : "ns" + (++generatedPrefixes);
                        scope.put(attrPrefix, attrNs);
                        appendAttribute(attributes, "xmlns:" + attrPrefix, attrNs);
                    }
                }
                name = attrPrefix + ":" + name;
            }
            appendAttribute(attributes, name, attr.getValue());
        }
        String tag = prefix.isEmpty() ? element.getLocalName() != null ? element.getLocalName() : element.getTagName()
                : prefix + ":" + element.getLocalName();
        out.append('<').append(tag).append(attributes);
        if (element.getFirstChild() == null) {
            out.append("/>");
            return;
        }
        out.append('>');
        scopes.push(scope);
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            write(child);
        }
        scopes.pop();
        out.append("</").append(tag).append('>');
    }

    private static String prefixFor(Map<String, String> scope, String namespace) {
        for (Map.Entry<String, String> binding : scope.entrySet()) {
            if (!binding.getKey().isEmpty() && binding.getValue().equals(namespace)) {
                return binding.getKey();
            }
        }
        return null;
    }

    private static void appendAttribute(StringBuilder attributes, String name, String value) {
        attributes.append(' ').append(name).append("=\"");
        escape(attributes, value, true);
        attributes.append('"');
    }

    private static void escape(StringBuilder out, String text, boolean attribute) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> out.append(c);
            }
        }
    }
}
