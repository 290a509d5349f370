package org.callhome.device.datastore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/** Builds test inputs from XML text and compares trees by content, ignoring prefixes. */
final class Xml {

    static final String BASE = Netconf.BASE_NS;

    /** The running configuration most edit tests start from. */
    static final String RUNNING = """
            <top xmlns="urn:x">
              <interface><name>eth0</name><mtu>1500</mtu><enabled>true</enabled></interface>
              <interface><name>eth1</name><mtu>9000</mtu></interface>
            </top>
            <system xmlns="urn:y"><hostname>dev1</hostname><location>lab</location></system>
            """;

    private Xml() {
    }

    static Element parse(String xml) {
        try {
            return NetconfXml.parse(xml, NetconfLimits.DEFAULT).getDocumentElement();
        } catch (NetconfException e) {
            throw new AssertionError("test XML does not parse: " + xml, e);
        }
    }

    /** A {@code <data>} element holding {@code content}. */
    static Element data(String content) {
        return parse("<data xmlns=\"" + BASE + "\">" + content + "</data>");
    }

    /** A {@code <config>} element holding {@code content}, with prefix {@code xc} bound to the base namespace. */
    static Element config(String content) {
        return parse("<config xmlns=\"" + BASE + "\" xmlns:xc=\"" + BASE + "\">" + content + "</config>");
    }

    /** A {@code <filter>} element holding {@code content}. */
    static Element filter(String content) {
        return parse("<filter xmlns=\"" + BASE + "\" type=\"subtree\">" + content + "</filter>");
    }

    static void assertSameData(String expectedContent, Element actual) {
        assertEquals(canonical(data(expectedContent)), canonical(actual));
    }

    /**
     * The tree as {@code {ns}name[@{ns}attr=value](children)} or {@code {ns}name="text"}:
     * prefixes, namespace declarations and whitespace between elements leave no trace.
     */
    static String canonical(Element element) {
        StringBuilder out = new StringBuilder();
        write(element, out, 0);
        return out.toString();
    }

    private static void write(Element element, StringBuilder out, int depth) {
        out.append("  ".repeat(depth)).append(name(element.getNamespaceURI(), element.getLocalName()));
        List<String> attributes = new ArrayList<>();
        NamedNodeMap map = element.getAttributes();
        for (int i = 0; i < map.getLength(); i++) {
            Attr attribute = (Attr) map.item(i);
            if (!"http://www.w3.org/2000/xmlns/".equals(attribute.getNamespaceURI())) {
                attributes.add("@" + name(attribute.getNamespaceURI(), attribute.getLocalName())
                        + "=" + attribute.getValue());
            }
        }
        attributes.sort(null);
        out.append(attributes.isEmpty() ? "" : attributes.toString());
        List<Element> children = XmlTree.childElements(element);
        if (children.isEmpty()) {
            out.append("=\"").append(XmlTree.text(element)).append("\"\n");
            return;
        }
        out.append('\n');
        for (Element child : children) {
            write(child, out, depth + 1);
        }
    }

    private static String name(String namespace, String localName) {
        return "{" + (namespace == null ? "" : namespace) + "}" + localName;
    }

    /** Serializes and parses again, as a reply to the client would. */
    static Element roundTrip(Element element) {
        return parse(NetconfXml.toString(element));
    }
}
