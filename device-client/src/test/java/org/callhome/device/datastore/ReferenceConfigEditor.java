package org.callhome.device.datastore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
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
import org.w3c.dom.Node;

/**
 * The edit-config engine as it was before {@link ConfigEditor} indexed siblings: a frozen copy
 * of the linear algorithm, kept only so that tests can check the indexed editor against it.
 * {@link #find} scans every sibling and {@link #insert} scans for the last namesake, so it is
 * O(siblings) per edit element and O(N²) for a list of N entries; the test inputs are small.
 * Do not "improve" it: its value is that it is the old behaviour, word for word, apart from
 * {@code EntryKey.find} having moved in here.
 */
final class ReferenceConfigEditor {

    private static final String OPERATION = "operation";

    private final Element config;
    private final Document target;
    private final ErrorOption errorOption;
    private final List<RpcError> errors = new ArrayList<>();
    private final Set<Element> rejected = Collections.newSetFromMap(new IdentityHashMap<>());

    private ReferenceConfigEditor(Element config, Document target, ErrorOption errorOption) {
        this.config = config;
        this.target = target;
        this.errorOption = errorOption;
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
    static EditResult apply(Element data, Element config, EditOperation defaultOperation,
                            ErrorOption errorOption) throws NetconfException {
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

        ReferenceConfigEditor editor = new ReferenceConfigEditor(config, document, errorOption);
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
        if (rejected.contains(edit)) {
            return;
        }
        Attr attribute = edit.getAttributeNodeNS(Netconf.BASE_NS, OPERATION);
        EditOperation operation = attribute == null ? inherited : EditOperation.lookup(attribute.getValue());
        Element match = find(dataParent, edit);
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
                    dataParent.removeChild(match);
                }
            }
            case REMOVE -> {
                if (match != null) {
                    dataParent.removeChild(match);
                }
            }
            case NONE -> {
                if (match == null) {
                    fail(edit, RpcError.of(ErrorType.APPLICATION, ErrorTag.DATA_MISSING,
                            describe(edit) + " does not exist, and operation none does not create it"));
                } else {
                    editChildren(edit, match, EditOperation.NONE);
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
        } else if (XmlTree.text(edit).isEmpty() && XmlTree.hasChildElements(match)) {
            copyAttributes(edit, match); // <foo/> merged into a container adds nothing else
        } else {
            dataParent.replaceChild(NamespaceDeclarations.copyLeaf(target, edit), match);
        }
    }

    private void replace(Element edit, Element dataParent, Element match) throws NetconfException {
        if (match == null) {
            create(edit, dataParent, EditOperation.REPLACE);
        } else if (XmlTree.hasChildElements(edit)) {
            for (Attr attribute : ConfigEditor.dataAttributes(match)) {
                match.removeAttributeNode(attribute);
            }
            copyAttributes(edit, match);
            removeText(match);
            replaceChildren(edit, match);
        } else {
            dataParent.replaceChild(NamespaceDeclarations.copyLeaf(target, edit), match);
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
            Element match = find(data, child);
            if (match != null) {
                mentioned.add(match);
            }
            edit(child, data, EditOperation.REPLACE);
        }
        for (Element old : before) {
            if (!mentioned.contains(old) && old.getParentNode() == data) {
                data.removeChild(old);
            }
        }
    }

    private void create(Element edit, Element dataParent, EditOperation inherited) throws NetconfException {
        if (!XmlTree.hasChildElements(edit)) {
            insert(dataParent, NamespaceDeclarations.copyLeaf(target, edit));
            return;
        }
        Element shell = NamespaceDeclarations.copyShell(target, edit);
        insert(dataParent, shell);
        editChildren(edit, shell, inherited);
    }

    /** The linear {@code EntryKey.find} of before the index, unchanged. */
    private static Element find(Element dataParent, Element edit) {
        EntryKey key = EntryKey.of(edit);
        Element unkeyedMatch = null;
        for (Node child = dataParent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element candidate) || !EntryKey.sameName(candidate, edit)) {
                continue;
            }
            EntryKey candidateKey = EntryKey.of(candidate);
            if (key != null && candidateKey != null && sameLeaf(key, candidateKey)) {
                if (key.value().equals(candidateKey.value())) {
                    return candidate;
                }
            } else if (unkeyedMatch == null) {
                unkeyedMatch = candidate;
            }
        }
        return unkeyedMatch;
    }

    private static boolean sameLeaf(EntryKey a, EntryKey b) {
        return Objects.equals(a.namespace(), b.namespace()) && a.localName().equals(b.localName());
    }

    /** Inserts after the last sibling with the same name, so list entries stay together. */
    private static void insert(Element parent, Element element) {
        Element last = null;
        for (Element sibling : XmlTree.childElements(parent)) {
            if (EntryKey.sameName(sibling, element)) {
                last = sibling;
            }
        }
        parent.insertBefore(element, last == null ? null : last.getNextSibling());
    }

    private static void copyAttributes(Element edit, Element data) {
        for (Attr attribute : ConfigEditor.dataAttributes(edit)) {
            data.setAttributeNS(attribute.getNamespaceURI(), attribute.getName(), attribute.getValue());
        }
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
        RpcError located = error.withPath(path.xpath(), path.namespaces());
        if (errorOption != ErrorOption.CONTINUE_ON_ERROR) {
            throw new NetconfException(located);
        }
        errors.add(located);
    }
}
