package org.callhome.shared.netconf.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/** Small, namespace-aware reads and copies of DOM trees shared by both NETCONF roles. */
public final class XmlTree {

    private XmlTree() {
    }

    public static List<Element> childElements(Node parent) {
        List<Element> result = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                result.add(element);
            }
        }
        return result;
    }

    public static boolean hasChildElements(Node parent) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                return true;
            }
        }
        return false;
    }

    /** The first child element with this namespace and local name, or null. */
    public static Element child(Node parent, String namespace, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && is(element, namespace, localName)) {
                return element;
            }
        }
        return null;
    }

    public static List<Element> children(Node parent, String namespace, String localName) {
        List<Element> result = new ArrayList<>();
        for (Element element : childElements(parent)) {
            if (is(element, namespace, localName)) {
                result.add(element);
            }
        }
        return result;
    }

    public static boolean is(Node node, String namespace, String localName) {
        return node instanceof Element
                && localName.equals(node.getLocalName())
                && Objects.equals(namespace, node.getNamespaceURI());
    }

    /** The concatenated text directly inside the element (not of its descendants). */
    public static String text(Element element) {
        StringBuilder text = new StringBuilder();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(child.getNodeValue());
            }
        }
        return text.toString();
    }

    /** Removes whitespace-only text children of an element that also has child elements. */
    public static void dropWhitespaceBetweenElements(Element element) {
        if (!hasChildElements(element)) {
            return;
        }
        Node child = element.getFirstChild();
        while (child != null) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.TEXT_NODE && child.getNodeValue().isBlank()) {
                element.removeChild(child);
            }
            child = next;
        }
    }

    /**
     * A deep copy of {@code source} owned by {@code target}, carrying on its root every namespace
     * declaration that was in scope in the source through an ancestor. Prefixes used in text
     * (identityref values, XPath in a filter) thus stay bound when the copy is moved elsewhere.
     */
    public static Element importWithScope(Document target, Element source) {
        Element copy = (Element) target.importNode(source, true);
        for (Node ancestor = source.getParentNode(); ancestor instanceof Element scope;
                ancestor = ancestor.getParentNode()) {
            NamedNodeMap attributes = scope.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attr = (Attr) attributes.item(i);
                if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attr.getNamespaceURI())
                        && !copy.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, attr.getLocalName())) {
                    copy.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, attr.getName(), attr.getValue());
                }
            }
        }
        return copy;
    }

    /** A new element in {@code namespace} (null for none) with optional text content. */
    public static Element element(Document document, String namespace, String localName, String text) {
        Element element = document.createElementNS(namespace, localName);
        if (text != null) {
            element.setTextContent(text);
        }
        return element;
    }

    /** Appends a new child element and returns it. */
    public static Element append(Element parent, String namespace, String localName, String text) {
        Element child = element(parent.getOwnerDocument(), namespace, localName, text);
        parent.appendChild(child);
        return child;
    }
}
