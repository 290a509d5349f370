package org.callhome.device.datastore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.namespace.NamespaceContext;
import org.callhome.device.yang.DeviceSchema;
import org.opendaylight.yangtools.yang.common.XMLNamespace;
import org.opendaylight.yangtools.yang.data.codec.xml.XmlCodec;
import org.opendaylight.yangtools.yang.data.codec.xml.XmlCodecFactory;
import org.opendaylight.yangtools.yang.model.api.CaseSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ChoiceSchemaNode;
import org.opendaylight.yangtools.yang.model.api.DataNodeContainer;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;
import org.opendaylight.yangtools.yang.model.api.ListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.TypedDataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.type.LeafrefTypeDefinition;
import org.w3c.dom.Element;

/**
 * The device's YANG schema as the datastore uses it: which schema node an XML element is,
 * through choices and cases; each namespace's module prefix for error-paths; and the typed
 * value of a leaf's text, parsed by yangtools' XML codecs, which check ranges, lengths,
 * patterns, enumerations, identityrefs, unions and the rest.
 *
 * <p>One per {@link DeviceSchema}, shared by every device of the JVM ({@link #of}); its lookup
 * caches fill as elements are met and are safe for any thread.
 */
public final class SchemaTree {

    private static final Map<DeviceSchema, SchemaTree> TREES = new ConcurrentHashMap<>();

    /**
     * A schema node as a child of a data node, and the choices and cases between them,
     * outermost first: {@code hostname} has none, {@code timezone-name} has (timezone, named).
     */
    record Child(DataSchemaNode node, List<CaseStep> cases) {
    }

    /** One choice and the case of it that a node belongs to. */
    record CaseStep(ChoiceSchemaNode choice, CaseSchemaNode caseNode) {
    }

    private record Name(String namespace, String localName) {
    }

    /** Thrown by the leafref resolver: a leafref's value is not checked (the target type is not looked up). */
    private static final class LeafrefNotChecked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeafrefNotChecked() {
            super(null, null, false, false);
        }
    }

    private final DeviceSchema schema;
    private final EffectiveModelContext context;
    private final XmlCodecFactory codecs;
    private final Map<Object, Map<Name, Child>> children = new ConcurrentHashMap<>();
    private final Map<String, String> prefixes = new ConcurrentHashMap<>();
    private final Map<TypedDataSchemaNode, Object> codecByNode = new ConcurrentHashMap<>();

    private SchemaTree(DeviceSchema schema) {
        this.schema = schema;
        this.context = schema.context();
        this.codecs = XmlCodecFactory.create(context);
    }

    /** The tree of {@code schema}, made once per schema. */
    public static SchemaTree of(DeviceSchema schema) {
        Objects.requireNonNull(schema, "schema");
        return TREES.computeIfAbsent(schema, SchemaTree::new);
    }

    /** The top of the data tree: the modules' top-level data nodes are its children. */
    DataNodeContainer root() {
        return context;
    }

    boolean knowsNamespace(String namespace) {
        return schema.knowsNamespace(namespace);
    }

    /** The prefix of the module that defines {@code namespace}, or null when no module does. */
    String prefix(String namespace) {
        if (namespace == null || !knowsNamespace(namespace)) {
            return null;
        }
        return prefixes.computeIfAbsent(namespace, ns -> context.findModuleStatements(XMLNamespace.of(ns))
                .stream().findFirst().map(module -> module.prefix().argument()).orElse(null));
    }

    /** The child of {@code parent} (a data node container, or the root) that {@code element} is, or null. */
    Child child(DataNodeContainer parent, Element element) {
        String namespace = Objects.requireNonNullElse(element.getNamespaceURI(), "");
        return children.computeIfAbsent(parent, SchemaTree::index).get(new Name(namespace, element.getLocalName()));
    }

    private static Map<Name, Child> index(Object parent) {
        Map<Name, Child> result = new HashMap<>();
        collect((DataNodeContainer) parent, List.of(), result);
        return Map.copyOf(result);
    }

    private static void collect(DataNodeContainer container, List<CaseStep> cases, Map<Name, Child> into) {
        for (DataSchemaNode node : container.getChildNodes()) {
            collectNode(node, cases, into);
        }
    }

    private static void collectNode(DataSchemaNode node, List<CaseStep> cases, Map<Name, Child> into) {
        if (node instanceof ChoiceSchemaNode choice) {
            for (CaseSchemaNode caseNode : choice.getCases()) {
                List<CaseStep> deeper = new ArrayList<>(cases);
                deeper.add(new CaseStep(choice, caseNode));
                collect(caseNode, List.copyOf(deeper), into);
            }
        } else {
            into.put(new Name(node.getQName().getNamespace().toString(), node.getQName().getLocalName()),
                    new Child(node, cases));
        }
    }

    /**
     * The value of {@code text} as {@code node}'s type, prefixes resolved in {@code context}'s
     * scope: a {@code Uint16} for a uint16, a {@code QName} for an identityref, and so on; the
     * text itself for a leafref, whose target type is not looked up.
     *
     * @throws IllegalArgumentException the text is not a value of the type; the message says which
     *                                  constraint it breaks
     */
    Object parse(TypedDataSchemaNode node, String text, Element context) {
        Object codec = codecByNode.computeIfAbsent(node, this::codec);
        if (!(codec instanceof XmlCodec<?> xml)) {
            return text;
        }
        try {
            return xml.parseValue(new ElementNamespaces(context), text);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private Object codec(TypedDataSchemaNode node) {
        if (node.getType() instanceof LeafrefTypeDefinition) {
            return Boolean.FALSE;
        }
        try {
            return codecs.codecFor(node, leafref -> {
                throw new LeafrefNotChecked();
            });
        } catch (LeafrefNotChecked e) {
            return Boolean.FALSE; // a union with a leafref member: not checked either
        }
    }

    /** Whether {@code name} is a key leaf of {@code list}. */
    static boolean isKey(ListSchemaNode list, DataSchemaNode leaf) {
        return list.getKeyDefinition().contains(leaf.getQName());
    }

    /** Prefixes in a leaf's text (identityrefs, instance-identifiers) resolve in its element's scope. */
    private record ElementNamespaces(Element element) implements NamespaceContext {

        @Override
        public String getNamespaceURI(String prefix) {
            String namespace = element.lookupNamespaceURI(prefix == null || prefix.isEmpty() ? null : prefix);
            return namespace == null ? "" : namespace;
        }

        @Override
        public String getPrefix(String namespaceUri) {
            return element.lookupPrefix(namespaceUri);
        }

        @Override
        public Iterator<String> getPrefixes(String namespaceUri) {
            String prefix = getPrefix(namespaceUri);
            return prefix == null ? Collections.emptyIterator() : List.of(prefix).iterator();
        }
    }
}
