package org.callhome.device.datastore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.callhome.shared.netconf.xml.XmlTree;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;

/**
 * Whether two datastore trees hold the same configuration: the same element names and data
 * attributes, the same children in the same order, and the same leaf values. Prefixes,
 * namespace declarations and whitespace between elements do not count.
 */
final class DataEquality {

    private DataEquality() {
    }

    static boolean sameContent(Element a, Element b) {
        if (!EntryKey.sameName(a, b) || !attributes(a).equals(attributes(b))) {
            return false;
        }
        List<Element> aChildren = XmlTree.childElements(a);
        List<Element> bChildren = XmlTree.childElements(b);
        if (aChildren.isEmpty() && bChildren.isEmpty()) {
            return XmlTree.text(a).equals(XmlTree.text(b));
        }
        if (aChildren.size() != bChildren.size()) {
            return false;
        }
        for (int i = 0; i < aChildren.size(); i++) {
            if (!sameContent(aChildren.get(i), bChildren.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> attributes(Element element) {
        Map<String, String> result = new HashMap<>();
        for (Attr attribute : ConfigEditor.dataAttributes(element)) {
            String namespace = Objects.requireNonNullElse(attribute.getNamespaceURI(), "");
            String name = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
            result.put("{" + namespace + "}" + name, attribute.getValue());
        }
        return result;
    }
}
