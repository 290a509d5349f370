package org.callhome.device.datastore;

import java.util.Objects;
import org.callhome.shared.netconf.xml.XmlTree;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The key that tells apart sibling elements of the same name when no schema is known: the
 * first child element of an element, if that child is a leaf. YANG encodes list keys first
 * (RFC 7950 §7.8.5), so {@code <interface><name>eth0</name>…</interface>} is keyed by
 * {@code name = eth0}. See {@link ConfigEditor} for the full identity rules and
 * {@link Siblings#find} for the lookup that applies them.
 *
 * @param namespace the key leaf's namespace, null for none
 * @param localName the key leaf's local name
 * @param value     the key leaf's text, exactly as written
 */
record EntryKey(String namespace, String localName, String value) {

    /** The key of this element, or null when it has no child elements or its first child is not a leaf. */
    static EntryKey of(Element element) {
        Element first = firstChildElement(element);
        if (first == null || XmlTree.hasChildElements(first)) {
            return null;
        }
        return new EntryKey(first.getNamespaceURI(), first.getLocalName(), XmlTree.text(first));
    }

    static boolean sameName(Element a, Element b) {
        return Objects.equals(a.getNamespaceURI(), b.getNamespaceURI())
                && Objects.equals(a.getLocalName(), b.getLocalName());
    }

    private static Element firstChildElement(Element element) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element first) {
                return first;
            }
        }
        return null;
    }
}
