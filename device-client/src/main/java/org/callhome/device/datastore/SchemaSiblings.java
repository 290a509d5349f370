package org.callhome.device.datastore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.callhome.shared.netconf.xml.XmlTree;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.model.api.DataNodeContainer;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.LeafListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.TypedDataSchemaNode;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The children of the datastore elements a schema-aware edit works on, told apart by their
 * schema nodes (RFC 7950): a container or leaf by name, a list entry by name and the values of
 * all its keys, a leaf-list entry by name and value. Values are compared typed ({@code 0x10}
 * and {@code 16} are one uint8), falling back to the text when stored text does not parse.
 *
 * <p>An element with more than {@value #MAX_SCANNED} children gets an index from identity to
 * child for the rest of the edit, kept current by every insert, remove and replace made here,
 * so that editing a list of n entries costs O(n) lookups rather than O(n²) comparisons. The
 * {@code <data>} element is always scanned: schema-less edits change it too.
 */
final class SchemaSiblings {

    /** Up to this many children a scan is cheaper than an index. */
    static final int MAX_SCANNED = 8;

    /** What tells a child apart from its siblings. */
    record Identity(String namespace, String localName, List<Object> values) {
    }

    private final SchemaTree schema;
    private final Element dataRoot;
    private final Map<Element, Map<Identity, Element>> indexes = new IdentityHashMap<>();

    SchemaSiblings(SchemaTree schema, Element dataRoot) {
        this.schema = schema;
        this.dataRoot = dataRoot;
    }

    /** The identity of an element of the datastore whose schema node is {@code node}. */
    Identity identityOf(Element data, DataSchemaNode node) {
        List<Object> values = new ArrayList<>();
        if (node instanceof ListSchemaNode list) {
            for (QName key : list.getKeyDefinition()) {
                Element leaf = XmlTree.child(data, key.getNamespace().toString(), key.getLocalName());
                values.add(leaf == null ? null : typed(list, key, leaf));
            }
        } else if (node instanceof LeafListSchemaNode leafList) {
            values.add(typed(leafList, data));
        }
        return new Identity(data.getNamespaceURI(), data.getLocalName(), values);
    }

    private Object typed(ListSchemaNode list, QName key, Element leaf) {
        DataSchemaNode keyNode = list.dataChildByName(key);
        return keyNode instanceof TypedDataSchemaNode typedNode ? typed(typedNode, leaf) : XmlTree.text(leaf);
    }

    private Object typed(TypedDataSchemaNode node, Element leaf) {
        String text = XmlTree.text(leaf);
        try {
            return schema.parse(node, text, leaf);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** The child of {@code parent} with this identity, or null. */
    Element find(Element parent, DataNodeContainer parentSchema, Identity identity) {
        Map<Identity, Element> index = indexOf(parent, parentSchema);
        if (index != null) {
            return index.get(identity);
        }
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && Objects.equals(element.getLocalName(), identity.localName())
                    && Objects.equals(element.getNamespaceURI(), identity.namespace())) {
                SchemaTree.Child known = schema.child(parentSchema, element);
                if (known != null && identityOf(element, known.node()).equals(identity)) {
                    return element;
                }
            }
        }
        return null;
    }

    /** Inserts {@code child} (whose content is complete) before {@code before}, or last when null. */
    void insert(Element parent, DataSchemaNode node, Element child, Node before) {
        parent.insertBefore(child, before);
        Map<Identity, Element> index = indexes.get(parent);
        if (index != null) {
            index.putIfAbsent(identityOf(child, node), child);
        }
    }

    /** Moves {@code child} of {@code parent} in front of {@code before} (null: last); its identity stays. */
    void move(Element parent, Element child, Node before) {
        if (before == child) {
            return;
        }
        parent.removeChild(child);
        parent.insertBefore(child, before);
    }

    void remove(Element parent, DataSchemaNode node, Element child) {
        parent.removeChild(child);
        Map<Identity, Element> index = indexes.get(parent);
        if (index != null) {
            index.remove(identityOf(child, node), child);
        }
    }

    /** Puts {@code replacement}, which has the identity of {@code child}, in its place. */
    void replace(Element parent, DataSchemaNode node, Element replacement, Element child) {
        parent.replaceChild(replacement, child);
        Map<Identity, Element> index = indexes.get(parent);
        if (index != null) {
            index.put(identityOf(replacement, node), replacement);
        }
    }

    /** The first child named like {@code identity}, or null. */
    static Element first(Element parent, Identity identity) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && sameName(element, identity)) {
                return element;
            }
        }
        return null;
    }

    /**
     * The last child named like {@code identity}, or null. Walks back from the end: entries of a
     * list stay together, usually at or near the end of their parent.
     */
    static Element last(Element parent, Identity identity) {
        for (Node child = parent.getLastChild(); child != null; child = child.getPreviousSibling()) {
            if (child instanceof Element element && sameName(element, identity)) {
                return element;
            }
        }
        return null;
    }

    private static boolean sameName(Element element, Identity identity) {
        return Objects.equals(element.getLocalName(), identity.localName())
                && Objects.equals(element.getNamespaceURI(), identity.namespace());
    }

    private Map<Identity, Element> indexOf(Element parent, DataNodeContainer parentSchema) {
        Map<Identity, Element> index = indexes.get(parent);
        if (index != null || parent == dataRoot || !hasMoreChildren(parent)) {
            return index;
        }
        index = new HashMap<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                SchemaTree.Child known = schema.child(parentSchema, element);
                if (known != null) {
                    index.putIfAbsent(identityOf(element, known.node()), element);
                }
            }
        }
        indexes.put(parent, index);
        return index;
    }

    private static boolean hasMoreChildren(Element parent) {
        int count = 0;
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element && ++count > MAX_SCANNED) {
                return true;
            }
        }
        return false;
    }
}
