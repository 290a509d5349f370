package org.callhome.device.datastore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.xml.XmlTree;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Copies request elements into the datastore and keeps the {@code xmlns} attributes of a
 * datastore tree truthful. Copies are unprefixed: element names need no declaration in the
 * DOM, the writer declares each namespace as the default where it changes. Two things do
 * need declarations: a prefix used inside a leaf's value (an
 * identityref such as {@code ianaift:ethernetCsmacd}) must stay bound, and an explicit
 * {@code xmlns} attribute must never contradict its element's namespace, or a later
 * {@link XmlTree#importWithScope} copy would carry the wrong default namespace.
 */
final class NamespaceDeclarations {

    private static final String XMLNS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;

    private NamespaceDeclarations() {
    }

    /**
     * A copy of the leaf {@code edit} for the datastore: unprefixed, without the operation
     * attribute, and keeping of the declarations in scope only those whose prefix its value or
     * attribute values use.
     */
    static Element copyLeaf(Document target, Element edit) {
        Element copy = XmlTree.importWithScope(target, edit);
        copy.setPrefix(null);
        copy.removeAttributeNS(Netconf.BASE_NS, "operation");
        String values = valuesOf(copy);
        for (Attr declaration : declarations(copy)) {
            boolean isDefault = "xmlns".equals(declaration.getName());
            if (isDefault || !usesPrefix(values, declaration.getLocalName())) {
                copy.removeAttributeNode(declaration);
            }
        }
        return copy;
    }

    /** An unprefixed copy of {@code edit} without children, operation attribute or namespace declarations. */
    static Element copyShell(Document target, Element edit) {
        Element shell = (Element) target.importNode(edit, false);
        shell.setPrefix(null);
        shell.removeAttributeNS(Netconf.BASE_NS, "operation");
        for (Attr declaration : declarations(shell)) {
            shell.removeAttributeNode(declaration);
        }
        return shell;
    }

    /**
     * Adds, corrects or drops {@code xmlns} attributes below and on {@code root} (a document
     * element) so that an unprefixed element declares the default namespace exactly where it
     * changes, and an explicit binding of a prefixed element's own prefix is its namespace.
     */
    static void makeConsistent(Element root) {
        makeConsistent(root, "");
    }

    private static void makeConsistent(Element element, String inheritedDefault) {
        String namespace = Objects.requireNonNullElse(element.getNamespaceURI(), "");
        String prefix = element.getPrefix();
        String scopeDefault = inheritedDefault;
        if (prefix == null || prefix.isEmpty()) {
            Attr declared = element.getAttributeNodeNS(XMLNS, "xmlns");
            if (inheritedDefault.equals(namespace)) {
                if (declared != null) {
                    element.removeAttributeNode(declared); // redundant
                }
            } else if (declared == null || !declared.getValue().equals(namespace)) {
                element.setAttributeNS(XMLNS, "xmlns", namespace);
            }
            scopeDefault = namespace;
        } else {
            Attr own = element.getAttributeNodeNS(XMLNS, prefix);
            if (own != null && !own.getValue().equals(namespace)) {
                own.setValue(namespace);
            }
            Attr declared = element.getAttributeNodeNS(XMLNS, "xmlns");
            if (declared != null) {
                scopeDefault = declared.getValue();
            }
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element childElement) {
                makeConsistent(childElement, scopeDefault);
            }
        }
    }

    /** Whether an attribute is a namespace declaration ({@code xmlns} or {@code xmlns:p}). */
    static boolean isDeclaration(Attr attribute) {
        return XMLNS.equals(attribute.getNamespaceURI());
    }

    private static List<Attr> declarations(Element element) {
        List<Attr> result = new ArrayList<>();
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (isDeclaration(attribute)) {
                result.add(attribute);
            }
        }
        return result;
    }

    private static String valuesOf(Element leaf) {
        StringBuilder values = new StringBuilder(XmlTree.text(leaf));
        NamedNodeMap attributes = leaf.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (!isDeclaration(attribute)) {
                values.append(' ').append(attribute.getValue());
            }
        }
        return values.toString();
    }

    private static boolean usesPrefix(String values, String prefix) {
        return Pattern.compile("(?<![\\w.\\-])" + Pattern.quote(prefix) + ":").matcher(values).find();
    }
}
