package org.callhome.device.datastore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.model.api.CaseSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ChoiceSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ContainerSchemaNode;
import org.opendaylight.yangtools.yang.model.api.DataNodeContainer;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;
import org.opendaylight.yangtools.yang.model.api.IdentitySchemaNode;
import org.opendaylight.yangtools.yang.model.api.LeafListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.LeafSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.Module;
import org.opendaylight.yangtools.yang.model.api.TypedDataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.type.IdentityrefTypeDefinition;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The schema defaults of configuration (RFC 7950 §7.6.1, §7.7.2, §7.9.3) as the retrieval
 * modes of RFC 6243 show them, a pure function over a {@code <data>} tree. Only the schema
 * says what a default is: a leaf's {@code default} (its own or its typedef's; never for a key
 * or a mandatory leaf), a leaf-list's defaults (YANG 1.1), and which case of a choice is
 * active: the case one of whose nodes exists, else the choice's default case. A default
 * inside a non-presence container is in use whenever its parent exists, so report-all shows
 * such containers, top-level ones included, when a default lives in them; a presence
 * container, a list entry or another case brings its defaults only when it exists. State data
 * (config false) is not touched, nor are elements no module of the schema defines. A
 * {@code when} condition on a defaulted node is not evaluated: its default is reported as if
 * the condition held.
 *
 * <p>A leaf holds its default when its value, parsed by its type's codec, equals the default
 * parsed the same way ({@code 1} and {@code true} are not the same boolean text, but
 * {@code 007} and {@code 7} are the same uint8). A leaf-list holds its defaults when its
 * entries are exactly the default values, in order.
 */
public final class SchemaDefaults {

    private final SchemaTree schema;
    private final WithDefaultsMode mode;

    private SchemaDefaults(SchemaTree schema, WithDefaultsMode mode) {
        this.schema = schema;
        this.mode = mode;
    }

    /**
     * {@code data} as {@code mode} shows it: itself for explicit, else a new {@code <data>}
     * element (base namespace, in a new Document) with the defaults added, tagged or trimmed.
     * {@code data} is only read.
     */
    public static Element apply(Element data, WithDefaultsMode mode, SchemaTree schema) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(schema, "schema");
        if (mode == WithDefaultsMode.EXPLICIT) {
            return data;
        }
        Document document = NetconfXml.newDocument();
        Element copy = XmlTree.importWithScope(document, data);
        if (!Netconf.BASE_NS.equals(copy.getNamespaceURI()) || !"data".equals(copy.getLocalName())) {
            Element wrapper = document.createElementNS(Netconf.BASE_NS, "data");
            for (Element child : XmlTree.childElements(copy)) {
                wrapper.appendChild(child);
            }
            copy = wrapper;
        }
        document.appendChild(copy);
        new SchemaDefaults(schema, mode).fill(copy, schema.root());
        NamespaceDeclarations.makeConsistent(copy);
        return copy;
    }

    private boolean adds() {
        return mode == WithDefaultsMode.REPORT_ALL || mode == WithDefaultsMode.REPORT_ALL_TAGGED;
    }

    private void fill(Element data, DataNodeContainer container) {
        for (DataSchemaNode node : container.getChildNodes()) {
            visit(data, container, node);
        }
    }

    private void visit(Element data, DataNodeContainer parent, DataSchemaNode node) {
        if (!node.effectiveConfig().orElse(Boolean.TRUE)) {
            return;
        }
        if (node instanceof ChoiceSchemaNode choice) {
            CaseSchemaNode active = activeCase(data, choice);
            if (active != null) {
                fill(data, active);
            }
        } else if (node instanceof LeafSchemaNode leaf) {
            if (!(parent instanceof ListSchemaNode list && SchemaTree.isKey(list, leaf))) {
                leaf(data, leaf);
            }
        } else if (node instanceof LeafListSchemaNode leafList) {
            leafList(data, leafList);
        } else if (node instanceof ContainerSchemaNode container) {
            container(data, container);
        } else if (node instanceof ListSchemaNode list) {
            for (Element entry : instances(data, list.getQName())) {
                fill(entry, list);
            }
        }
    }

    private void leaf(Element data, LeafSchemaNode leaf) {
        String text = defaultText(leaf);
        if (text == null) {
            return;
        }
        List<Element> present = instances(data, leaf.getQName());
        if (present.isEmpty()) {
            if (adds()) {
                Element added = defaultElement(data.getOwnerDocument(), leaf, text);
                data.appendChild(added);
                tag(added);
            }
            return;
        }
        for (Element element : present) {
            if (holdsDefault(leaf, element)) {
                if (mode == WithDefaultsMode.TRIM) {
                    data.removeChild(element);
                } else {
                    tag(element);
                }
            }
        }
    }

    private void leafList(Element data, LeafListSchemaNode leafList) {
        Collection<? extends Object> defaults = leafList.getDefaults();
        if (defaults.isEmpty()) {
            return;
        }
        List<Element> present = instances(data, leafList.getQName());
        if (present.isEmpty()) {
            if (adds()) {
                for (Object value : defaults) {
                    Element added = defaultElement(data.getOwnerDocument(), leafList, String.valueOf(value));
                    data.appendChild(added);
                    tag(added);
                }
            }
            return;
        }
        if (!holdsDefaults(leafList, present, defaults)) {
            return;
        }
        for (Element element : present) {
            if (mode == WithDefaultsMode.TRIM) {
                data.removeChild(element);
            } else {
                tag(element);
            }
        }
    }

    private void container(Element data, ContainerSchemaNode container) {
        List<Element> present = instances(data, container.getQName());
        for (Element element : present) {
            boolean hadChildren = XmlTree.hasChildElements(element);
            fill(element, container);
            if (mode == WithDefaultsMode.TRIM && hadChildren && !XmlTree.hasChildElements(element)
                    && !container.isPresenceContainer()) {
                data.removeChild(element); // it held nothing but defaults
            }
        }
        if (present.isEmpty() && adds() && !container.isPresenceContainer()) {
            QName name = container.getQName();
            Element implicit = data.getOwnerDocument().createElementNS(name.getNamespace().toString(),
                    name.getLocalName());
            fill(implicit, container);
            if (XmlTree.hasChildElements(implicit)) {
                data.appendChild(implicit);
            }
        }
    }

    /** The case one of whose nodes exists in {@code data}, else the default case; null for neither. */
    private CaseSchemaNode activeCase(Element data, ChoiceSchemaNode choice) {
        for (CaseSchemaNode caseNode : choice.getCases()) {
            if (anyPresent(data, caseNode)) {
                return caseNode;
            }
        }
        return choice.getDefaultCase().orElse(null);
    }

    private static boolean anyPresent(Element data, DataNodeContainer container) {
        for (DataSchemaNode node : container.getChildNodes()) {
            if (node instanceof ChoiceSchemaNode nested) {
                for (CaseSchemaNode caseNode : nested.getCases()) {
                    if (anyPresent(data, caseNode)) {
                        return true;
                    }
                }
            } else if (!instances(data, node.getQName()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void tag(Element element) {
        if (mode != WithDefaultsMode.REPORT_ALL_TAGGED) {
            return;
        }
        String prefix = "wd".equals(element.getPrefix()) ? "wda" : "wd";
        element.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + prefix, WithDefaultsMode.ATTRIBUTE_NS);
        element.setAttributeNS(WithDefaultsMode.ATTRIBUTE_NS, prefix + ":" + WithDefaultsMode.ATTRIBUTE, "true");
    }

    private boolean holdsDefaults(LeafListSchemaNode leafList, List<Element> present,
                                  Collection<? extends Object> defaults) {
        if (present.size() != defaults.size()) {
            return false;
        }
        int i = 0;
        for (Object value : defaults) {
            Element element = present.get(i++);
            Object expected = parsedDefault(leafList, String.valueOf(value), element.getOwnerDocument());
            Object actual = parsed(leafList, element);
            if (expected == null || !expected.equals(actual)) {
                return false;
            }
        }
        return true;
    }

    // --- what a default is, for the edits too ---

    /** The default text of {@code leaf}, or null when it has none that applies (mandatory, or none at all). */
    static String defaultText(LeafSchemaNode leaf) {
        if (leaf.isMandatory()) {
            return null;
        }
        return leaf.getType().getDefaultValue().map(String::valueOf).orElse(null);
    }

    /**
     * Whether {@code element}, an instance of {@code node} (a leaf, or a leaf-list entry), holds
     * a default value of it; false when its value does not parse.
     */
    boolean holdsDefault(TypedDataSchemaNode node, Element element) {
        return holdsDefault(schema, node, element);
    }

    /** As {@link #holdsDefault(TypedDataSchemaNode, Element)}, for the schema {@code schema}. */
    static boolean holdsDefault(SchemaTree schema, TypedDataSchemaNode node, Element element) {
        List<String> texts = new ArrayList<>();
        if (node instanceof LeafSchemaNode leaf) {
            String text = defaultText(leaf);
            if (text != null) {
                texts.add(text);
            }
        } else if (node instanceof LeafListSchemaNode leafList) {
            for (Object value : leafList.getDefaults()) {
                texts.add(String.valueOf(value));
            }
        }
        SchemaDefaults defaults = new SchemaDefaults(schema, WithDefaultsMode.EXPLICIT);
        Object actual = defaults.parsed(node, element);
        if (actual == null) {
            return false;
        }
        for (String text : texts) {
            if (actual.equals(defaults.parsedDefault(node, text, element.getOwnerDocument()))) {
                return true;
            }
        }
        return false;
    }

    private Object parsed(TypedDataSchemaNode node, Element element) {
        try {
            return schema.parse(node, XmlTree.text(element), element);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Object parsedDefault(TypedDataSchemaNode node, String text, Document document) {
        return parsed(node, defaultElement(document, node, text));
    }

    /**
     * A new element holding the default {@code text} of {@code node}. An identityref default is
     * written with the prefix of the identity's module, declared on the element: the prefix in the
     * YANG text is that of the module's imports, which the schema resolves to the identity.
     */
    private Element defaultElement(Document document, TypedDataSchemaNode node, String text) {
        QName name = node.getQName();
        Element element = document.createElementNS(name.getNamespace().toString(), name.getLocalName());
        String value = text;
        if (node.getType() instanceof IdentityrefTypeDefinition && text.indexOf(':') > 0) {
            IdentitySchemaNode identity = identity(text);
            if (identity != null) {
                Module module = context().findModule(identity.getQName().getModule()).orElse(null);
                if (module != null) {
                    String prefix = module.getPrefix();
                    element.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + prefix,
                            identity.getQName().getNamespace().toString());
                    value = prefix + ":" + identity.getQName().getLocalName();
                }
            }
        }
        element.setTextContent(value);
        return element;
    }

    /**
     * The identity a {@code prefix:name} default names: the one of that name whose module has
     * that prefix, else the only identity of that name; null when neither exists.
     */
    private IdentitySchemaNode identity(String text) {
        String prefix = text.substring(0, text.indexOf(':'));
        String localName = text.substring(text.indexOf(':') + 1);
        IdentitySchemaNode only = null;
        int found = 0;
        for (Module module : context().getModules()) {
            for (IdentitySchemaNode identity : module.getIdentities()) {
                if (identity.getQName().getLocalName().equals(localName)) {
                    if (module.getPrefix().equals(prefix)) {
                        return identity;
                    }
                    only = identity;
                    found++;
                }
            }
        }
        return found == 1 ? only : null;
    }

    private EffectiveModelContext context() {
        return (EffectiveModelContext) schema.root();
    }

    private static List<Element> instances(Element data, QName name) {
        return XmlTree.children(data, name.getNamespace().toString(), name.getLocalName());
    }
}
