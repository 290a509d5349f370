package org.callhome.device.datastore;

import java.util.Objects;
import org.callhome.shared.netconf.xml.XmlTree;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The key that tells apart sibling elements of the same name when no schema is known: the
 * first child element of an element, if that child is a leaf. YANG encodes list keys first
 * (RFC 7950 §7.8.5), so {@code <interface><name>eth0</name>…</interface>} is keyed by
 * {@code name = eth0}. See {@link ConfigEditor} for the full identity rules.
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

    /**
     * The child of {@code dataParent} that {@code edit} identifies. Among the children with the
     * same namespace and local name: the one whose key has the same leaf name and value as the
     * edit's key; failing that, the first whose key is a different leaf, or that has no key, or
     * any, when the edit has no key. Keys only tell entries apart when both sides are keyed by
     * the same leaf, so {@code <top><a>1</a></top>} and {@code <top><b>2</b></top>} are one
     * container while {@code <if><name>eth0</name></if>} and {@code <if><name>eth1</name></if>}
     * are two entries. Null if nothing matches.
     */
    static Element find(Element dataParent, Element edit) {
        EntryKey key = of(edit);
        Element unkeyedMatch = null;
        for (Node child = dataParent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element candidate) || !sameName(candidate, edit)) {
                continue;
            }
            EntryKey candidateKey = of(candidate);
            if (key != null && candidateKey != null && key.sameLeaf(candidateKey)) {
                if (key.value.equals(candidateKey.value)) {
                    return candidate;
                }
            } else if (unkeyedMatch == null) {
                unkeyedMatch = candidate;
            }
        }
        return unkeyedMatch;
    }

    private boolean sameLeaf(EntryKey other) {
        return Objects.equals(namespace, other.namespace) && localName.equals(other.localName);
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
