package org.callhome.device.datastore;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * Subtree filtering (RFC 6241 §6) as a pure function over a {@code <data>} tree. A filter
 * element matches a data element with the same local name and, if the filter element has a
 * namespace, the same namespace (§6.2.1); a filter element in no namespace, or in the base
 * namespace it inherits from an unqualified {@code <rpc>}, matches any namespace. Its
 * attributes other than namespace declarations are attribute match expressions: each must be
 * present on the data element with the same value (§6.2.2). The filter's nodes are:
 * <ul>
 *   <li>selection node, an empty element: selects the whole matching subtree (§6.2.4);</li>
 *   <li>content match node, a leaf with non-whitespace text: matches a data leaf with the
 *       same text after trimming; every content match node of a sibling set must match, or
 *       the parent is not selected (§6.2.5);</li>
 *   <li>containment node, an element with child elements: selects the matching element if
 *       its children select something (§6.2.3).</li>
 * </ul>
 * When a sibling set has only content match nodes and all match, the whole parent subtree is
 * selected. Otherwise the parent holds the content-matched leaves plus what its selection and
 * containment nodes select; a parent selected through content match nodes is kept, with those
 * leaves, even when its other nodes select nothing. Selected nodes are marked first and copied
 * afterwards in the data's document order, so overlapping filter nodes never copy a node twice.
 * The input is only read, so any thread may call it.
 */
public final class SubtreeFilter {

    /** True: the whole subtree is selected; false: the element is kept for selected descendants. */
    private final Map<Element, Boolean> marks = new IdentityHashMap<>();

    private SubtreeFilter() {
    }

    /**
     * A new {@code <data>} element (base namespace, in a new Document) holding what the subtree
     * filter selects from {@code data}; a null filter selects everything; an empty
     * {@code <filter/>} selects nothing. The children of {@code filter} are the filter's
     * top-level nodes.
     *
     * @throws NetconfException {@code invalid-value} (protocol) for a filter element holding
     *                          both text and child elements, which is neither a content match
     *                          node nor a containment node
     */
    public static Element apply(Element data, Element filter) throws NetconfException {
        Document document = NetconfXml.newDocument();
        Element result = document.createElementNS(Netconf.BASE_NS, "data");
        document.appendChild(result);
        SubtreeFilter selection = new SubtreeFilter();
        if (filter == null) {
            for (Element child : XmlTree.childElements(data)) {
                selection.marks.put(child, true);
            }
        } else {
            rejectMixedContent(filter);
            if (XmlTree.hasChildElements(filter)) {
                selection.selectChildren(filter, data);
            }
            if (Boolean.TRUE.equals(selection.marks.get(data))) {
                // only top-level content match nodes, and all matched: the whole <data>
                for (Element child : XmlTree.childElements(data)) {
                    selection.marks.put(child, true);
                }
            }
        }
        selection.copySelected(data, result);
        NamespaceDeclarations.makeConsistent(result);
        return result;
    }

    /**
     * Evaluates the children of the containment node {@code filter} against the children of
     * {@code data}, which {@code filter} matched, and marks what they select. Returns whether
     * {@code data} is selected; nothing is marked when it is not.
     */
    private boolean selectChildren(Element filter, Element data) {
        List<Element> contentMatches = new ArrayList<>();
        List<Element> others = new ArrayList<>();
        for (Element node : XmlTree.childElements(filter)) {
            (isContentMatch(node) ? contentMatches : others).add(node);
        }
        List<Element> children = XmlTree.childElements(data);
        List<Element> matchedLeaves = new ArrayList<>();
        for (Element contentMatch : contentMatches) {
            boolean found = false;
            for (Element child : children) {
                if (matchesContent(contentMatch, child)) {
                    matchedLeaves.add(child);
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        if (others.isEmpty()) {
            mark(data, true);
            return true;
        }
        boolean selectedAny = false;
        for (Element child : children) {
            for (Element node : others) {
                if (!matches(node, child)) {
                    continue;
                }
                if (!XmlTree.hasChildElements(node)) {
                    mark(child, true);
                    selectedAny = true;
                } else if (selectChildren(node, child)) {
                    selectedAny = true;
                }
            }
        }
        if (!selectedAny && contentMatches.isEmpty()) {
            return false;
        }
        for (Element leaf : matchedLeaves) {
            mark(leaf, true);
        }
        mark(data, false);
        return true;
    }

    private void mark(Element element, boolean wholeSubtree) {
        marks.merge(element, wholeSubtree, Boolean::logicalOr);
    }

    private void copySelected(Element data, Element copy) {
        Document document = copy.getOwnerDocument();
        for (Element child : XmlTree.childElements(data)) {
            Boolean whole = marks.get(child);
            if (whole == null) {
                continue;
            }
            if (whole) {
                copy.appendChild(XmlTree.importWithScope(document, child));
            } else {
                Element shell = (Element) document.importNode(child, false);
                copy.appendChild(shell);
                copySelected(child, shell);
            }
        }
    }

    private static boolean isContentMatch(Element node) {
        return !XmlTree.hasChildElements(node) && !XmlTree.text(node).isBlank();
    }

    private static boolean matchesContent(Element contentMatch, Element data) {
        return matches(contentMatch, data)
                && !XmlTree.hasChildElements(data)
                && XmlTree.text(data).strip().equals(XmlTree.text(contentMatch).strip());
    }

    /** Name, namespace selection and attribute match expressions (RFC 6241 §6.2.1, §6.2.2). */
    private static boolean matches(Element filter, Element data) {
        if (!filter.getLocalName().equals(data.getLocalName())) {
            return false;
        }
        String namespace = filter.getNamespaceURI();
        boolean wildcard = namespace == null || namespace.isEmpty() || Netconf.BASE_NS.equals(namespace);
        if (!wildcard && !namespace.equals(data.getNamespaceURI())) {
            return false;
        }
        NamedNodeMap attributes = filter.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr expected = (Attr) attributes.item(i);
            if (NamespaceDeclarations.isDeclaration(expected)) {
                continue;
            }
            String localName = expected.getLocalName() == null ? expected.getName() : expected.getLocalName();
            Attr actual = data.getAttributeNodeNS(expected.getNamespaceURI(), localName);
            if (actual == null || !actual.getValue().equals(expected.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static void rejectMixedContent(Element filter) throws NetconfException {
        for (Element node : XmlTree.childElements(filter)) {
            if (XmlTree.hasChildElements(node) && !XmlTree.text(node).isBlank()) {
                throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE,
                                "filter element " + node.getLocalName() + " holds both text and child elements")
                        .withInfo("bad-element", node.getLocalName()));
            }
            rejectMixedContent(node);
        }
    }
}
