package org.callhome.device.datastore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
import org.w3c.dom.Node;

/**
 * The {@code <edit-config>} engine (RFC 6241 §7.2): a pure function from the current content
 * and a {@code <config>} element to the new content. The content is a {@code <data>} element
 * in the base namespace whose children are the top-level configuration elements, in any
 * namespaces. Given a {@link SchemaTree}, top-level elements in a namespace it knows, and all
 * below them, are edited by the schema ({@link SchemaEdit}); what follows describes the
 * others, and every element when no schema is given.
 *
 * <p><b>Element identity.</b> Without a schema, an element of the edit finds its counterpart
 * among the children of the matching datastore element like this:
 * <ol>
 *   <li>An element with child elements is identified by namespace and local name, plus its
 *       first child element if that child is a leaf: the leaf's namespace, local name and
 *       text are its <em>key</em> (YANG encodes list keys first, RFC 7950 §7.8.5). So
 *       {@code <interface><name>eth0</name>…</interface>} and
 *       {@code <interface><name>eth1</name>…</interface>} are different entries. A container
 *       whose first child is a leaf is keyed the same way.</li>
 *   <li>A leaf (no child elements) is identified by namespace and local name only; merging
 *       it replaces its value. Leaf-list entries are therefore not told apart.</li>
 *   <li>An element without children or text ({@code <foo/>}) is identified by namespace and
 *       local name.</li>
 * </ol>
 * A key only tells entries apart when both sides are keyed by the same leaf: an edit element
 * matches the sibling with its name whose key leaf has the same name and value; failing that,
 * the first sibling with its name whose key is another leaf or that has none (so a container
 * edited with different leaves stays one container); an edit element without a key matches the
 * first sibling with its name. Key text is compared exactly. A new element goes after the last sibling with its name,
 * or last. Attributes other than the operation attribute and namespace declarations are data:
 * merge adds them, replace replaces them.
 *
 * <p><b>Operations.</b> The {@code operation} attribute in the base namespace (any prefix)
 * applies to its element and is inherited until overridden; above the first one,
 * {@code defaultOperation} applies. It is never stored.
 * <ul>
 *   <li>merge: missing → created; leaf → value replaced; otherwise → children merged.</li>
 *   <li>replace: missing → created; present → its attributes and value replaced, its children
 *       edited with replace and the children the edit does not mention removed, so
 *       operations nested inside still apply to the existing content.</li>
 *   <li>create: present → {@code data-exists}; missing → created.</li>
 *   <li>delete: missing → {@code data-missing}; present → removed.</li>
 *   <li>remove: removed if present.</li>
 *   <li>none (default-operation only): present → unchanged, its children visited; missing →
 *       {@code data-missing}, even when an operation below would create something.</li>
 * </ul>
 * Creating an element edits its children into the new, empty element, so operations nested
 * in created content apply as well (a delete below it fails with {@code data-missing}).
 * Default-operation replace treats {@code <data>} as the element being replaced: top-level
 * elements the edit does not mention are removed.
 *
 * <p><b>Errors.</b> Every operation attribute is checked before anything is applied: an
 * unknown value, or {@code none}, is {@code bad-attribute} (protocol). Stop-on-error and
 * rollback-on-error throw the first error and apply nothing (the edit works on a copy).
 * Continue-on-error skips the element in error with its subtree, applies the rest and returns
 * all errors. Each error carries the {@link ErrorPath} of the element it concerns.
 *
 * <p><b>Cost.</b> Once the edit looks at the children of an element that has more than
 * {@value #MAX_SCANNED_SIBLINGS} of them, it indexes them ({@link SiblingIndex}) and keeps the
 * index current through every insert, remove and replace until the call returns; smaller
 * elements are scanned. Matching or inserting one edit element therefore costs O(log n) in
 * its n siblings, and an edit of a list of n entries O(n log n), where scanning made it O(n²).
 * Recursion follows the XML depth, which the parser bounds. Each call works on its own copy,
 * so any thread may call it.
 */
public final class ConfigEditor {

    private static final String OPERATION = "operation";
    /**
     * Up to this many child elements a scan is cheaper than an index (the leaves of one list
     * entry, for example); any bound gives the same results, it only moves cost around.
     */
    static final int MAX_SCANNED_SIBLINGS = 8;

    private final Element config;
    private final Document target;
    private final ErrorOption errorOption;
    private final int maxScannedSiblings;
    private final List<RpcError> errors = new ArrayList<>();
    private final Set<Element> rejected = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The index of each large data element whose children this edit has looked at. */
    private final Map<Element, SiblingIndex> indexes = new IdentityHashMap<>();

    /** Edits the top-level elements the schema knows, and everything below them; null without schema. */
    private final SchemaEdit schemaEdit;
    private final SchemaTree schema;

    private ConfigEditor(Element config, Document target, ErrorOption errorOption, int maxScannedSiblings,
                         SchemaTree schema) {
        this.config = config;
        this.target = target;
        this.errorOption = errorOption;
        this.maxScannedSiblings = maxScannedSiblings;
        this.schema = schema;
        this.schemaEdit = schema == null ? null : new SchemaEdit(this, schema, config, target.getDocumentElement());
    }

    /**
     * Applies the children of {@code config} (the {@code <config>} element of an edit-config)
     * to a deep copy of {@code data}; {@code data} itself is never modified.
     *
     * @param defaultOperation merge, replace or none
     * @throws NetconfException the first error, unless {@code errorOption} is continue-on-error;
     *                          {@code invalid-value} if {@code defaultOperation} is not one of
     *                          the three default operations
     */
    public static EditResult apply(Element data, Element config, EditOperation defaultOperation,
                                   ErrorOption errorOption) throws NetconfException {
        return apply(data, config, defaultOperation, errorOption, MAX_SCANNED_SIBLINGS, null);
    }

    /**
     * As {@link #apply(Element, Element, EditOperation, ErrorOption)}, top-level elements in a
     * namespace {@code schema} knows edited by their schema ({@link SchemaEdit}); the others,
     * and everything when {@code schema} is null, without.
     */
    public static EditResult apply(Element data, Element config, EditOperation defaultOperation,
                                   ErrorOption errorOption, SchemaTree schema) throws NetconfException {
        return apply(data, config, defaultOperation, errorOption, MAX_SCANNED_SIBLINGS, schema);
    }

    /**
     * The content of a {@code <copy-config>} source {@code <config>}, as a new {@code <data>}
     * element: elements the schema knows are checked as an edit that creates them (types,
     * keys, unknown elements), the others copied as they are.
     *
     * @throws NetconfException the first error in the elements the schema knows
     */
    public static Element copy(Element config, SchemaTree schema) throws NetconfException {
        Objects.requireNonNull(config, "config");
        Document document = NetconfXml.newDocument();
        Element result = document.createElementNS(Netconf.BASE_NS, "data");
        document.appendChild(result);
        ConfigEditor editor = new ConfigEditor(config, document, ErrorOption.STOP_ON_ERROR, MAX_SCANNED_SIBLINGS,
                schema);
        editor.checkOperationAttributes(config);
        for (Element child : XmlTree.childElements(config)) {
            if (editor.schemaEdit != null && editor.schemaEdit.handles(child)) {
                editor.schemaEdit.edit(child, result, schema.root(), EditOperation.MERGE);
            } else {
                result.appendChild(XmlTree.importWithScope(document, child));
            }
        }
        NamespaceDeclarations.makeConsistent(result);
        return result;
    }

    /**
     * As {@link #apply(Element, Element, EditOperation, ErrorOption)}, indexing the children of
     * elements with more than {@code maxScannedSiblings} of them; tests pass 0 to index every
     * element, so that small inputs exercise the index.
     */
    static EditResult apply(Element data, Element config, EditOperation defaultOperation,
                            ErrorOption errorOption, int maxScannedSiblings) throws NetconfException {
        return apply(data, config, defaultOperation, errorOption, maxScannedSiblings, null);
    }

    private static EditResult apply(Element data, Element config, EditOperation defaultOperation,
                                    ErrorOption errorOption, int maxScannedSiblings, SchemaTree schema)
            throws NetconfException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(defaultOperation, "defaultOperation");
        Objects.requireNonNull(errorOption, "errorOption");
        if (!defaultOperation.isDefaultOperation()) {
            throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE,
                            "default-operation must be merge, replace or none, not " + defaultOperation.wireName())
                    .withInfo("bad-element", "default-operation"));
        }
        Document document = NetconfXml.newDocument();
        Element result = XmlTree.importWithScope(document, data);
        document.appendChild(result);

        ConfigEditor editor = new ConfigEditor(config, document, errorOption, maxScannedSiblings, schema);
        editor.checkOperationAttributes(config);
        if (defaultOperation == EditOperation.REPLACE) {
            editor.replaceChildren(config, result);
        } else {
            editor.editChildren(config, result, defaultOperation);
        }
        NamespaceDeclarations.makeConsistent(result);
        return new EditResult(result, editor.errors, !DataEquality.sameContent(data, result));
    }

    private void checkOperationAttributes(Element parent) throws NetconfException {
        for (Element edit : XmlTree.childElements(parent)) {
            Attr attribute = edit.getAttributeNodeNS(Netconf.BASE_NS, OPERATION);
            if (attribute != null) {
                EditOperation operation = EditOperation.lookup(attribute.getValue());
                if (operation == null || operation == EditOperation.NONE) {
                    rejected.add(edit);
                    String why = operation == null
                            ? "is not one of merge, replace, create, delete, remove"
                            : "is only valid as default-operation";
                    fail(edit, RpcError.of(ErrorType.PROTOCOL, ErrorTag.BAD_ATTRIBUTE,
                                    "operation '" + attribute.getValue() + "' on element " + edit.getLocalName()
                                            + " " + why)
                            .withInfo("bad-attribute", OPERATION)
                            .withInfo("bad-element", edit.getLocalName()));
                }
            }
            checkOperationAttributes(edit);
        }
    }

    private void editChildren(Element editParent, Element dataParent, EditOperation inherited)
            throws NetconfException {
        for (Element edit : XmlTree.childElements(editParent)) {
            edit(edit, dataParent, inherited);
        }
    }

    private void edit(Element edit, Element dataParent, EditOperation inherited) throws NetconfException {
        if (schemaEdit != null && edit.getParentNode() == config && schemaEdit.handles(edit)) {
            schemaEdit.edit(edit, dataParent, schema.root(), inherited);
            return;
        }
        if (rejected.contains(edit)) {
            return;
        }
        Attr attribute = edit.getAttributeNodeNS(Netconf.BASE_NS, OPERATION);
        EditOperation operation = attribute == null ? inherited : EditOperation.lookup(attribute.getValue());
        Element match = children(dataParent).find(edit);
        switch (operation) {
            case MERGE -> merge(edit, dataParent, match);
            case REPLACE -> replace(edit, dataParent, match);
            case CREATE -> {
                if (match != null) {
                    fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.DATA_EXISTS,
                            "cannot create " + describe(edit) + ": it already exists"));
                } else {
                    create(edit, dataParent, EditOperation.CREATE);
                }
            }
            case DELETE -> {
                if (match == null) {
                    fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.DATA_MISSING,
                            "cannot delete " + describe(edit) + ": it does not exist"));
                } else {
                    children(dataParent).remove(match);
                }
            }
            case REMOVE -> {
                if (match != null) {
                    children(dataParent).remove(match);
                }
            }
            case NONE -> {
                if (match == null) {
                    fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.DATA_MISSING,
                            describe(edit) + " does not exist, and operation none does not create it"));
                } else {
                    editChildren(edit, match, EditOperation.NONE);
                    children(dataParent).rekey(match);
                }
            }
        }
    }

    private void merge(Element edit, Element dataParent, Element match) throws NetconfException {
        if (match == null) {
            create(edit, dataParent, EditOperation.MERGE);
        } else if (XmlTree.hasChildElements(edit)) {
            copyAttributes(edit, match);
            removeText(match);
            editChildren(edit, match, EditOperation.MERGE);
            children(dataParent).rekey(match);
        } else if (XmlTree.text(edit).isEmpty() && XmlTree.hasChildElements(match)) {
            copyAttributes(edit, match); // <foo/> merged into a container adds nothing else
        } else {
            children(dataParent).replace(NamespaceDeclarations.copyLeaf(target, edit), match);
        }
    }

    private void replace(Element edit, Element dataParent, Element match) throws NetconfException {
        if (match == null) {
            create(edit, dataParent, EditOperation.REPLACE);
        } else if (XmlTree.hasChildElements(edit)) {
            for (Attr attribute : dataAttributes(match)) {
                match.removeAttributeNode(attribute);
            }
            copyAttributes(edit, match);
            removeText(match);
            replaceChildren(edit, match);
            children(dataParent).rekey(match);
        } else {
            children(dataParent).replace(NamespaceDeclarations.copyLeaf(target, edit), match);
        }
    }

    /**
     * Edits the children of {@code edit} into {@code data} with replace as the inherited
     * operation, then removes the children of {@code data} that no child of the edit
     * identified. Elements the edit names are kept even when their edit failed.
     */
    private void replaceChildren(Element edit, Element data) throws NetconfException {
        List<Element> before = XmlTree.childElements(data);
        Set<Element> mentioned = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Element child : XmlTree.childElements(edit)) {
            if (schemaEdit != null && edit == config && schemaEdit.handles(child)) {
                Element kept = schemaEdit.edit(child, data, schema.root(), EditOperation.REPLACE);
                if (kept != null) {
                    mentioned.add(kept);
                }
                continue;
            }
            Element match = children(data).find(child);
            if (match != null) {
                mentioned.add(match);
            }
            edit(child, data, EditOperation.REPLACE);
        }
        for (Element old : before) {
            if (!mentioned.contains(old) && old.getParentNode() == data) {
                children(data).remove(old);
            }
        }
    }

    private void create(Element edit, Element dataParent, EditOperation inherited) throws NetconfException {
        if (!XmlTree.hasChildElements(edit)) {
            children(dataParent).insert(NamespaceDeclarations.copyLeaf(target, edit));
            return;
        }
        Element shell = NamespaceDeclarations.copyShell(target, edit);
        children(dataParent).insert(shell);
        editChildren(edit, shell, inherited);
        children(dataParent).rekey(shell);
    }

    /**
     * The children of {@code dataParent}: its index once it has one, else a scan while it is
     * small, else a new index kept for the rest of the edit. Asked afresh for every lookup and
     * change, as a scanned element may grow into an indexed one; every change to the children
     * goes through it, and every edit inside a child is followed by {@link Siblings#rekey}.
     */
    private Siblings children(Element dataParent) {
        SiblingIndex index = indexes.get(dataParent);
        if (index == null) {
            if (!hasMoreChildElements(dataParent, maxScannedSiblings)) {
                return new SiblingScan(dataParent);
            }
            index = SiblingIndex.of(dataParent);
            indexes.put(dataParent, index);
        }
        return index;
    }

    private static boolean hasMoreChildElements(Element parent, int limit) {
        int count = 0;
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element && ++count > limit) {
                return true;
            }
        }
        return false;
    }

    private static void copyAttributes(Element edit, Element data) {
        for (Attr attribute : dataAttributes(edit)) {
            data.setAttributeNS(attribute.getNamespaceURI(), attribute.getName(), attribute.getValue());
        }
    }

    /** The attributes that are data: all but namespace declarations and the operation. */
    static List<Attr> dataAttributes(Element element) {
        List<Attr> result = new ArrayList<>();
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            boolean operation = Netconf.BASE_NS.equals(attribute.getNamespaceURI())
                    && OPERATION.equals(attribute.getLocalName());
            if (!operation && !NamespaceDeclarations.isDeclaration(attribute)) {
                result.add(attribute);
            }
        }
        return result;
    }

    private static void removeText(Element element) {
        Node child = element.getFirstChild();
        while (child != null) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                element.removeChild(child);
            }
            child = next;
        }
    }

    private String describe(Element edit) {
        return ErrorPath.of(edit, config).xpath();
    }

    private void fail(Element edit, RpcError error) throws NetconfException {
        ErrorPath path = ErrorPath.of(edit, config);
        report(error.withPath(path.xpath(), path.namespaces()));
    }

    /** Ends the edit with {@code located}, or notes it and goes on under continue-on-error. */
    void report(RpcError located) throws NetconfException {
        if (errorOption != ErrorOption.CONTINUE_ON_ERROR) {
            throw new NetconfException(located);
        }
        errors.add(located);
    }

    Document target() {
        return target;
    }

    /** Whether the operation attribute of {@code edit} was refused: it and its subtree are skipped. */
    boolean isRejected(Element edit) {
        return rejected.contains(edit);
    }

    /** Drops the index of {@code dataParent}, whose children changed behind it. */
    void forget(Element dataParent) {
        indexes.remove(dataParent);
    }
}
