package org.callhome.device.datastore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.callhome.device.datastore.InsertPosition.Where;
import org.callhome.device.datastore.SchemaSiblings.Identity;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.text.PeerText;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.model.api.CaseSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ChoiceSchemaNode;
import org.opendaylight.yangtools.yang.model.api.DataNodeContainer;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.LeafListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.LeafSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.TypedDataSchemaNode;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The part of one {@link ConfigEditor#apply} that edits elements the schema knows: every
 * top-level element in a namespace of the device's YANG modules, and all below it. RFC 6241
 * §7.2 operations with RFC 7950 identity ({@link SchemaSiblings}), plus what the schema
 * adds:
 * <ul>
 *   <li>an element the schema does not define there: {@code unknown-element}
 *       ({@code unknown-namespace} when no module defines its namespace); a config false node:
 *       {@code invalid-value};</li>
 *   <li>a list entry without all its keys: {@code missing-element}, bad-element the key
 *       (RFC 7950 §8.3.1); a key leaf deleted or removed on its own: {@code bad-attribute};</li>
 *   <li>every leaf and leaf-list value checked against its type by yangtools' codecs:
 *       {@code invalid-value} naming the value and the broken constraint;</li>
 *   <li>a leaf-list entry is its value: create of a present value is {@code data-exists},
 *       delete of a value deletes that value only;</li>
 *   <li>creating a node of one case of a choice removes the nodes of the choice's other cases,
 *       nested choices included (RFC 7950 §7.9); nodes of two cases of one choice in one edit:
 *       {@code bad-element} (§8.3.1);</li>
 *   <li>{@code yang:insert} first, last, before or after ({@code yang:key} / {@code yang:value})
 *       places new and moved entries of ordered-by-user lists and leaf-lists (§7.8.6, §7.7.9);
 *       a reference that does not exist is {@code bad-attribute} with error-app-tag
 *       {@code missing-instance} (§15.7); insert on anything else is {@code unknown-attribute}
 *       (§8.3.1). New entries otherwise go after the last entry of their list;</li>
 *   <li>new list entries get their keys first (§7.8.5).</li>
 * </ul>
 * Errors carry error-paths with the modules' prefixes and every key:
 * {@code /sys:interfaces/sys:interface[sys:name='eth0']/sys:mtu}. Default values are never
 * written: the datastore holds what clients set (RFC 6243 explicit mode). A leaf or leaf-list
 * entry tagged {@code wd:default="true"} (RFC 6243 §4.5.2) must hold its schema default
 * ({@code invalid-value} otherwise); its merge, replace or create then removes the stored value,
 * so that the default is in use; the attribute itself is never stored.
 */
final class SchemaEdit implements ErrorPath.Steps {

    private static final String OPERATION = "operation";

    /** Where an entry goes: in front of {@code before}, or last when it is null. */
    private record Place(Node before) {
    }

    private final ConfigEditor editor;
    private final SchemaTree schema;
    private final Element config;
    private final Element dataRoot;
    private final SchemaSiblings siblings;
    /** The schema node of each edit element met, for error-path predicates. */
    private final Map<Element, DataSchemaNode> nodes = new IdentityHashMap<>();

    SchemaEdit(ConfigEditor editor, SchemaTree schema, Element config, Element dataRoot) {
        this.editor = editor;
        this.schema = schema;
        this.config = config;
        this.dataRoot = dataRoot;
        this.siblings = new SchemaSiblings(schema, dataRoot);
    }

    /** Whether {@code element}, a top-level element of an edit, is edited here. */
    boolean handles(Element element) {
        return schema.knowsNamespace(element.getNamespaceURI());
    }

    /**
     * Edits {@code edit} into {@code dataParent}, whose schema node is {@code parentSchema}.
     *
     * @return the data element that {@code edit} addresses once edited: the new or changed one,
     *         the unchanged one when the edit failed; null when there is none (deleted, or missing)
     */
    Element edit(Element edit, Element dataParent, DataNodeContainer parentSchema, EditOperation inherited)
            throws NetconfException {
        SchemaTree.Child child = schema.child(parentSchema, edit);
        if (child == null) {
            unknown(edit);
            return null;
        }
        DataSchemaNode node = child.node();
        nodes.put(edit, node);
        Identity identity = identityOfEdit(edit, node);
        if (identity == null) {
            return null;
        }
        Element match = siblings.find(dataParent, parentSchema, identity);
        if (editor.isRejected(edit)) {
            return match;
        }
        if (!node.effectiveConfig().orElse(Boolean.TRUE)) {
            fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE, describe(edit)
                    + " is state data (config false): it cannot be configured"));
            return match;
        }
        EditOperation operation = operation(edit, inherited);
        if (!validShape(edit, node, operation) || !keyOperationAllowed(edit, node, parentSchema, operation)) {
            return match;
        }
        Boolean setsDefault = setsDefault(edit, node, operation);
        if (setsDefault == null) {
            return match;
        }
        if (setsDefault) {
            // RFC 6243 §4.5.2: the value is the default, so the explicit value goes (basic mode explicit)
            if (operation == EditOperation.CREATE && match != null) {
                fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.DATA_EXISTS,
                        "cannot create " + describe(edit) + ": it already exists"));
                return match;
            }
            if (match != null) {
                remove(dataParent, node, match);
            }
            return null;
        }
        boolean places = operation == EditOperation.MERGE || operation == EditOperation.REPLACE
                || operation == EditOperation.CREATE;
        InsertPosition insert = insertPosition(edit, node);
        if (insert == INVALID) {
            return match;
        }
        Place place = null;
        if (places && (insert != null || match == null)) {
            place = place(edit, dataParent, parentSchema, node, identity, insert, match);
            if (place == null) {
                return match;
            }
        }
        switch (operation) {
            case CREATE -> {
                if (match != null) {
                    fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.DATA_EXISTS,
                            "cannot create " + describe(edit) + ": it already exists"));
                    return match;
                }
                return create(edit, dataParent, parentSchema, child, EditOperation.CREATE, place);
            }
            case DELETE -> {
                if (match == null) {
                    fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.DATA_MISSING,
                            "cannot delete " + describe(edit) + ": it does not exist"));
                } else {
                    remove(dataParent, node, match);
                }
                return null;
            }
            case REMOVE -> {
                if (match != null) {
                    remove(dataParent, node, match);
                }
                return null;
            }
            case NONE -> {
                if (match == null) {
                    fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.DATA_MISSING,
                            describe(edit) + " does not exist, and operation none does not create it"));
                } else if (node instanceof DataNodeContainer container) {
                    editChildren(edit, match, container, EditOperation.NONE);
                }
                return match;
            }
            case MERGE, REPLACE -> {
                if (match == null) {
                    return create(edit, dataParent, parentSchema, child, operation, place);
                }
                Element result = operation == EditOperation.MERGE ? merge(edit, dataParent, node, match)
                        : replace(edit, dataParent, node, match);
                if (place != null) {
                    siblings.move(dataParent, result, place.before());
                    touched(dataParent);
                }
                return result;
            }
            default -> throw new IllegalStateException("unknown operation " + operation);
        }
    }

    private Element create(Element edit, Element dataParent, DataNodeContainer parentSchema, SchemaTree.Child child,
                           EditOperation inherited, Place place) throws NetconfException {
        removeOtherCases(dataParent, parentSchema, child);
        DataSchemaNode node = child.node();
        Element made;
        if (node instanceof DataNodeContainer container) {
            made = withoutYangAttributes(NamespaceDeclarations.copyShell(editor.target(), edit));
            editChildren(edit, made, container, inherited);
        } else {
            made = withoutYangAttributes(NamespaceDeclarations.copyLeaf(editor.target(), edit));
        }
        Node before = place.before();
        siblings.insert(dataParent, node, made, before != null && before.getParentNode() != dataParent ? null : before);
        touched(dataParent);
        return made;
    }

    private Element merge(Element edit, Element dataParent, DataSchemaNode node, Element match)
            throws NetconfException {
        if (node instanceof DataNodeContainer container) {
            copyAttributes(edit, match);
            editChildren(edit, match, container, EditOperation.MERGE);
            return match;
        }
        if (node instanceof LeafListSchemaNode) {
            return match; // the value is the identity: nothing else to merge
        }
        Element copy = withoutYangAttributes(NamespaceDeclarations.copyLeaf(editor.target(), edit));
        siblings.replace(dataParent, node, copy, match);
        touched(dataParent);
        return copy;
    }

    private Element replace(Element edit, Element dataParent, DataSchemaNode node, Element match)
            throws NetconfException {
        if (node instanceof DataNodeContainer container) {
            for (Attr attribute : dataAttributes(match)) {
                match.removeAttributeNode(attribute);
            }
            copyAttributes(edit, match);
            replaceChildren(edit, match, container);
            return match;
        }
        return merge(edit, dataParent, node, match);
    }

    /** Edits the children of {@code edit} into {@code data} with {@code inherited} as their default. */
    void editChildren(Element edit, Element data, DataNodeContainer container, EditOperation inherited)
            throws NetconfException {
        Map<ChoiceSchemaNode, CaseSchemaNode> cases = new HashMap<>();
        for (Element child : keysFirst(edit, container)) {
            if (oneCase(child, container, cases)) {
                edit(child, data, container, inherited);
            }
        }
    }

    /**
     * Edits the children of {@code edit} into {@code data} with replace, then removes the
     * children of {@code data} no child of the edit addressed (kept when their edit failed).
     */
    void replaceChildren(Element edit, Element data, DataNodeContainer container) throws NetconfException {
        List<Element> before = XmlTree.childElements(data);
        Set<Element> mentioned = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<ChoiceSchemaNode, CaseSchemaNode> cases = new HashMap<>();
        for (Element child : keysFirst(edit, container)) {
            if (oneCase(child, container, cases)) {
                Element kept = edit(child, data, container, EditOperation.REPLACE);
                if (kept != null) {
                    mentioned.add(kept);
                }
            }
        }
        for (Element old : before) {
            if (!mentioned.contains(old) && old.getParentNode() == data) {
                SchemaTree.Child known = schema.child(container, old);
                if (known == null) {
                    data.removeChild(old);
                } else {
                    remove(data, known.node(), old);
                }
            }
        }
    }

    /** The list entry's keys first, in key order, so that a new entry is written keys first. */
    private static List<Element> keysFirst(Element edit, DataNodeContainer container) {
        List<Element> children = XmlTree.childElements(edit);
        if (!(container instanceof ListSchemaNode list)) {
            return children;
        }
        List<Element> ordered = new ArrayList<>();
        for (QName key : list.getKeyDefinition()) {
            for (Element child : children) {
                if (isNamed(child, key)) {
                    ordered.add(child);
                }
            }
        }
        for (Element child : children) {
            if (!ordered.contains(child)) {
                ordered.add(child);
            }
        }
        return ordered;
    }

    /**
     * False, after reporting {@code bad-element}, when {@code child} belongs to another case of a
     * choice than an earlier sibling of the edit (deleted and removed nodes do not count).
     */
    private boolean oneCase(Element child, DataNodeContainer container, Map<ChoiceSchemaNode, CaseSchemaNode> cases)
            throws NetconfException {
        SchemaTree.Child known = schema.child(container, child);
        if (known == null || known.cases().isEmpty()) {
            return true;
        }
        Attr attribute = child.getAttributeNodeNS(Netconf.BASE_NS, OPERATION);
        EditOperation explicit = attribute == null ? null : EditOperation.lookup(attribute.getValue());
        if (explicit == EditOperation.DELETE || explicit == EditOperation.REMOVE) {
            return true;
        }
        for (SchemaTree.CaseStep step : known.cases()) {
            CaseSchemaNode earlier = cases.putIfAbsent(step.choice(), step.caseNode());
            if (earlier != null && !earlier.equals(step.caseNode())) {
                nodes.put(child, known.node());
                fail(child, RpcError.of(ErrorType.APPLICATION, ErrorTag.BAD_ELEMENT, describe(child)
                        + " is in case " + step.caseNode().getQName().getLocalName() + " of choice "
                        + step.choice().getQName().getLocalName() + ", but the edit also has nodes of case "
                        + earlier.getQName().getLocalName()).withInfo("bad-element", child.getLocalName()));
                return false;
            }
        }
        return true;
    }

    /** Creating a node of a case deletes the nodes of every other case of its choices (RFC 7950 §7.9). */
    private void removeOtherCases(Element dataParent, DataNodeContainer parentSchema, SchemaTree.Child child) {
        if (child.cases().isEmpty()) {
            return;
        }
        for (Element existing : XmlTree.childElements(dataParent)) {
            SchemaTree.Child known = schema.child(parentSchema, existing);
            if (known != null && otherCase(known.cases(), child.cases())) {
                remove(dataParent, known.node(), existing);
            }
        }
    }

    private static boolean otherCase(List<SchemaTree.CaseStep> a, List<SchemaTree.CaseStep> b) {
        for (SchemaTree.CaseStep x : a) {
            for (SchemaTree.CaseStep y : b) {
                if (x.choice().equals(y.choice()) && !x.caseNode().equals(y.caseNode())) {
                    return true;
                }
            }
        }
        return false;
    }

    private void remove(Element dataParent, DataSchemaNode node, Element child) {
        siblings.remove(dataParent, node, child);
        touched(dataParent);
    }

    /** The schema-less editor indexes {@code <data>} too: it must read it afresh after a change here. */
    private void touched(Element dataParent) {
        if (dataParent == dataRoot) {
            editor.forget(dataRoot);
        }
    }

    // --- identity and values ---

    /** The identity of an edit element; null, after reporting why, when a key is missing or a value invalid. */
    private Identity identityOfEdit(Element edit, DataSchemaNode node) throws NetconfException {
        List<Object> values = new ArrayList<>();
        if (node instanceof ListSchemaNode list) {
            for (QName key : list.getKeyDefinition()) {
                Element leaf = XmlTree.child(edit, key.getNamespace().toString(), key.getLocalName());
                if (leaf == null) {
                    fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.MISSING_ELEMENT, describe(edit)
                            + " has no key " + key.getLocalName() + ": a list entry needs all its keys "
                            + list.getKeyDefinition().stream().map(QName::getLocalName).toList())
                            .withInfo("bad-element", key.getLocalName()));
                    return null;
                }
                DataSchemaNode keyNode = list.dataChildByName(key);
                nodes.put(leaf, keyNode);
                Object value = value(leaf, (TypedDataSchemaNode) keyNode);
                if (value == null) {
                    return null;
                }
                values.add(value);
            }
        } else if (node instanceof LeafListSchemaNode leafList) {
            Object value = value(edit, leafList);
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return new SchemaSiblings.Identity(edit.getNamespaceURI(), edit.getLocalName(), values);
    }

    /** The typed value of a leaf or leaf-list element; null, after reporting {@code invalid-value}, if none. */
    private Object value(Element leaf, TypedDataSchemaNode node) throws NetconfException {
        if (XmlTree.hasChildElements(leaf)) {
            fail(leaf, RpcError.of(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE, describe(leaf)
                    + " is a " + (node instanceof LeafSchemaNode ? "leaf" : "leaf-list")
                    + ": it holds a value, not elements"));
            return null;
        }
        String text = XmlTree.text(leaf);
        try {
            return schema.parse(node, text, leaf);
        } catch (IllegalArgumentException e) {
            fail(leaf, RpcError.of(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE, "invalid value "
                    + PeerText.quote(text) + " for " + leaf.getLocalName() + ": " + firstLine(e.getMessage())));
            return null;
        }
    }

    /** A leaf's value must fit its type, except where it is deleted or removed (its value is then unused). */
    private boolean validShape(Element edit, DataSchemaNode node, EditOperation operation) throws NetconfException {
        if (node instanceof LeafSchemaNode leaf && operation != EditOperation.DELETE
                && operation != EditOperation.REMOVE) {
            return value(edit, leaf) != null;
        }
        return true;
    }

    private boolean keyOperationAllowed(Element edit, DataSchemaNode node, DataNodeContainer parentSchema,
                                        EditOperation operation) throws NetconfException {
        if (parentSchema instanceof ListSchemaNode list && SchemaTree.isKey(list, node)
                && (operation == EditOperation.DELETE || operation == EditOperation.REMOVE)) {
            fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.BAD_ATTRIBUTE, "operation "
                    + operation.wireName() + " on key " + edit.getLocalName() + ": a key cannot be "
                    + operation.wireName() + "d alone; " + operation.wireName() + " its list entry instead")
                    .withInfo("bad-attribute", OPERATION).withInfo("bad-element", edit.getLocalName()));
            return false;
        }
        return true;
    }

    // --- the default attribute ---

    /**
     * Whether {@code edit} carries {@code wd:default="true"} (or {@code "1"}) on a merge, replace
     * or create of a leaf or leaf-list entry whose value is a default of its node: it then asks
     * for the default, which is no stored value. Null, after reporting why, when the attribute is
     * there but cannot apply: on another node ({@code bad-attribute}), with a value that is not a
     * boolean ({@code bad-attribute}) or with a value that is not the default ({@code invalid-value}).
     */
    private Boolean setsDefault(Element edit, DataSchemaNode node, EditOperation operation) throws NetconfException {
        Attr attribute = edit.getAttributeNodeNS(WithDefaultsMode.ATTRIBUTE_NS, WithDefaultsMode.ATTRIBUTE);
        if (attribute == null || operation == EditOperation.DELETE || operation == EditOperation.REMOVE) {
            return false;
        }
        String value = attribute.getValue().strip();
        if ("false".equals(value) || "0".equals(value)) {
            return false;
        }
        if (!"true".equals(value) && !"1".equals(value)) {
            fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.BAD_ATTRIBUTE, "the default attribute of "
                    + describe(edit) + " must be true or false, not " + PeerText.quote(value))
                    .withInfo("bad-attribute", WithDefaultsMode.ATTRIBUTE).withInfo("bad-element", edit.getLocalName()));
            return null;
        }
        if (!(node instanceof LeafSchemaNode) && !(node instanceof LeafListSchemaNode)) {
            fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.BAD_ATTRIBUTE, "the default attribute applies"
                    + " to leaves and leaf-list entries, not to " + describe(edit))
                    .withInfo("bad-attribute", WithDefaultsMode.ATTRIBUTE).withInfo("bad-element", edit.getLocalName()));
            return null;
        }
        if (!SchemaDefaults.holdsDefault(schema, (TypedDataSchemaNode) node, edit)) {
            fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE, describe(edit) + " is tagged"
                    + " default, but " + PeerText.quote(XmlTree.text(edit)) + " is not its schema default")
                    .withInfo("bad-attribute", WithDefaultsMode.ATTRIBUTE).withInfo("bad-element", edit.getLocalName()));
            return null;
        }
        return true;
    }

    // --- insert ---

    private static final InsertPosition INVALID = new InsertPosition(Where.LAST, Map.of());

    /** The edit's insert attributes; null when it has none, {@link #INVALID} after reporting an error. */
    private InsertPosition insertPosition(Element edit, DataSchemaNode node) throws NetconfException {
        Attr insert = edit.getAttributeNodeNS(InsertPosition.YANG_NS, "insert");
        Attr key = edit.getAttributeNodeNS(InsertPosition.YANG_NS, "key");
        Attr value = edit.getAttributeNodeNS(InsertPosition.YANG_NS, "value");
        if (insert == null && key == null && value == null) {
            return null;
        }
        boolean userOrdered = node instanceof ListSchemaNode list && list.isUserOrdered()
                || node instanceof LeafListSchemaNode leafList && leafList.isUserOrdered();
        Attr given = insert != null ? insert : key != null ? key : value;
        if (!userOrdered) {
            return insertError(edit, ErrorTag.UNKNOWN_ATTRIBUTE, given.getLocalName(), describe(edit)
                    + " is not an entry of an ordered-by-user list or leaf-list: its position is the system's");
        }
        Attr wrong = node instanceof ListSchemaNode ? value : key;
        if (wrong != null) {
            return insertError(edit, ErrorTag.UNKNOWN_ATTRIBUTE, wrong.getLocalName(), "attribute "
                    + wrong.getLocalName() + " does not apply to " + describe(edit) + "; a "
                    + (node instanceof ListSchemaNode ? "list entry names its reference with key"
                    : "leaf-list entry names its reference with value"));
        }
        String where = insert == null ? "last" : insert.getValue().strip();
        Where position = switch (where) {
            case "first" -> Where.FIRST;
            case "last" -> Where.LAST;
            case "before" -> Where.BEFORE;
            case "after" -> Where.AFTER;
            default -> null;
        };
        if (position == null) {
            return insertError(edit, ErrorTag.BAD_ATTRIBUTE, "insert", "insert " + PeerText.quote(where)
                    + " is not one of first, last, before, after");
        }
        Attr reference = node instanceof ListSchemaNode ? key : value;
        String referenceName = node instanceof ListSchemaNode ? "key" : "value";
        if (position == Where.BEFORE || position == Where.AFTER) {
            if (reference == null) {
                return insertError(edit, ErrorTag.MISSING_ATTRIBUTE, referenceName, "insert " + where + " on "
                        + describe(edit) + " needs the " + referenceName + " attribute naming the reference entry");
            }
            if (node instanceof ListSchemaNode) {
                try {
                    return new InsertPosition(position, InsertPosition.parseKey(reference.getValue()));
                } catch (IllegalArgumentException e) {
                    return insertError(edit, ErrorTag.BAD_ATTRIBUTE, "key", e.getMessage());
                }
            }
            return new InsertPosition(position, Map.of(".", reference.getValue()));
        }
        return new InsertPosition(position, Map.of());
    }

    private InsertPosition insertError(Element edit, ErrorTag tag, String attribute, String message)
            throws NetconfException {
        fail(edit, RpcError.of(ErrorType.APPLICATION, tag, message).withInfo("bad-attribute", attribute)
                .withInfo("bad-element", edit.getLocalName()));
        return INVALID;
    }

    /** Where a new or moved entry goes; null, after reporting why, when its reference entry is missing. */
    private Place place(Element edit, Element dataParent, DataNodeContainer parentSchema, DataSchemaNode node,
                        Identity identity, InsertPosition insert, Element match) throws NetconfException {
        Where where = insert == null ? Where.LAST : insert.where();
        switch (where) {
            case FIRST -> {
                Element first = SchemaSiblings.first(dataParent, identity);
                if (first != null) {
                    return new Place(first);
                }
            }
            case BEFORE, AFTER -> {
                Element reference = reference(edit, dataParent, parentSchema, node, insert);
                if (reference == null) {
                    return null;
                }
                return new Place(where == Where.BEFORE ? reference : nextAfter(reference, match));
            }
            case LAST -> {
                // the end of the list, below
            }
            default -> throw new IllegalStateException("unknown position " + where);
        }
        Element last = SchemaSiblings.last(dataParent, identity);
        return new Place(last == null ? null : nextAfter(last, match));
    }

    /** The node after {@code reference}, skipping the entry being moved, which is taken out first. */
    private static Node nextAfter(Element reference, Element moving) {
        Node next = reference.getNextSibling();
        return next == moving && moving != null ? moving.getNextSibling() : next;
    }

    private Element reference(Element edit, Element dataParent, DataNodeContainer parentSchema, DataSchemaNode node,
                              InsertPosition insert) throws NetconfException {
        List<Object> values = new ArrayList<>();
        String attribute = node instanceof ListSchemaNode ? "key" : "value";
        String shown = attribute + "=" + PeerText.quote(String.join(",", insert.reference().values()));
        if (node instanceof ListSchemaNode list) {
            if (insert.reference().size() != list.getKeyDefinition().size()) {
                insertError(edit, ErrorTag.BAD_ATTRIBUTE, attribute, shown + " must give every key of "
                        + edit.getLocalName() + ": " + list.getKeyDefinition().stream().map(QName::getLocalName)
                        .toList());
                return null;
            }
            for (QName key : list.getKeyDefinition()) {
                String text = insert.reference().get(key.getLocalName());
                Object value = text == null ? null : parseOrNull((TypedDataSchemaNode) list.dataChildByName(key),
                        text, edit);
                if (value == null) {
                    insertError(edit, ErrorTag.BAD_ATTRIBUTE, attribute, shown + " has no valid value for key "
                            + key.getLocalName());
                    return null;
                }
                values.add(value);
            }
        } else {
            Object value = parseOrNull((TypedDataSchemaNode) node, insert.reference().get("."), edit);
            if (value == null) {
                insertError(edit, ErrorTag.BAD_ATTRIBUTE, attribute, shown + " is not a valid value of "
                        + edit.getLocalName());
                return null;
            }
            values.add(value);
        }
        Element reference = siblings.find(dataParent, parentSchema,
                new Identity(edit.getNamespaceURI(), edit.getLocalName(), values));
        if (reference == null) {
            fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.BAD_ATTRIBUTE, "insert "
                    + insert.where().name().toLowerCase() + " " + shown + ": no such " + edit.getLocalName()
                    + " entry exists").withAppTag("missing-instance").withInfo("bad-attribute", attribute)
                    .withInfo("bad-element", edit.getLocalName()));
        }
        return reference;
    }

    private Object parseOrNull(TypedDataSchemaNode node, String text, Element context) {
        try {
            return schema.parse(node, text, context);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // --- errors and paths ---

    private void unknown(Element edit) throws NetconfException {
        String namespace = edit.getNamespaceURI();
        if (!schema.knowsNamespace(namespace)) {
            fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.UNKNOWN_NAMESPACE, describe(edit)
                    + ": no YANG module of this device defines namespace " + PeerText.quote(String.valueOf(namespace)))
                    .withInfo("bad-element", edit.getLocalName())
                    .withInfo("bad-namespace", String.valueOf(namespace)));
        } else {
            fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.UNKNOWN_ELEMENT, describe(edit)
                    + " is not defined by the device's YANG modules here").withInfo("bad-element", edit.getLocalName()));
        }
    }

    private void fail(Element edit, RpcError error) throws NetconfException {
        ErrorPath path = ErrorPath.of(edit, config, this);
        editor.report(error.withPath(path.xpath(), path.namespaces()));
    }

    private String describe(Element edit) {
        return ErrorPath.of(edit, config, this).xpath();
    }

    @Override
    public List<EntryKey> predicates(Element step) {
        DataSchemaNode node = nodes.get(step);
        List<EntryKey> predicates = new ArrayList<>();
        if (node instanceof ListSchemaNode list) {
            for (QName key : list.getKeyDefinition()) {
                Element leaf = XmlTree.child(step, key.getNamespace().toString(), key.getLocalName());
                if (leaf != null) {
                    predicates.add(new EntryKey(leaf.getNamespaceURI(), leaf.getLocalName(), XmlTree.text(leaf)));
                }
            }
        } else if (node instanceof LeafListSchemaNode) {
            predicates.add(new EntryKey(null, ".", XmlTree.text(step)));
        }
        return predicates;
    }

    @Override
    public String preferredPrefix(String namespace) {
        return schema.prefix(namespace);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not a value of its type";
        }
        int newline = message.indexOf('\n');
        return PeerText.shown((newline < 0 ? message : message.substring(0, newline)).strip(), PeerText.MESSAGE_CHARS);
    }

    private static boolean isNamed(Element element, QName name) {
        return name.getLocalName().equals(element.getLocalName())
                && name.getNamespace().toString().equals(element.getNamespaceURI());
    }

    private static EditOperation operation(Element edit, EditOperation inherited) {
        Attr attribute = edit.getAttributeNodeNS(Netconf.BASE_NS, OPERATION);
        return attribute == null ? inherited : EditOperation.lookup(attribute.getValue());
    }

    // --- attributes ---

    private static Element withoutYangAttributes(Element element) {
        for (String name : List.of("insert", "key", "value")) {
            element.removeAttributeNS(InsertPosition.YANG_NS, name);
        }
        element.removeAttributeNS(WithDefaultsMode.ATTRIBUTE_NS, WithDefaultsMode.ATTRIBUTE);
        return element;
    }

    private static void copyAttributes(Element edit, Element data) {
        for (Attr attribute : dataAttributes(edit)) {
            data.setAttributeNS(attribute.getNamespaceURI(), attribute.getName(), attribute.getValue());
        }
    }

    /** The attributes that are data: all but namespace declarations, the operation and insert attributes. */
    private static List<Attr> dataAttributes(Element element) {
        List<Attr> result = new ArrayList<>();
        for (Attr attribute : ConfigEditor.dataAttributes(element)) {
            if (!InsertPosition.YANG_NS.equals(attribute.getNamespaceURI())
                    && !WithDefaultsMode.ATTRIBUTE_NS.equals(attribute.getNamespaceURI())) {
                result.add(attribute);
            }
        }
        return result;
    }
}
