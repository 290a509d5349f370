package org.callhome.device.datastore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.XmlTree;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.model.api.CaseSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ChoiceSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ContainerSchemaNode;
import org.opendaylight.yangtools.yang.model.api.DataNodeContainer;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ElementCountConstraint;
import org.opendaylight.yangtools.yang.model.api.ElementCountConstraintAware;
import org.opendaylight.yangtools.yang.model.api.LeafListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.MandatoryAware;
import org.opendaylight.yangtools.yang.model.api.stmt.SchemaNodeIdentifier.Descendant;
import org.opendaylight.yangtools.yang.model.api.stmt.UniqueEffectiveStatement;
import org.w3c.dom.Element;

/**
 * The constraints of the device's YANG schema that a whole configuration must meet (RFC 7950
 * §8.3.3), for every top-level element in a namespace the schema knows:
 * <ul>
 *   <li>a mandatory leaf that is missing: {@code data-missing} with the error-path of the leaf;
 *       a mandatory choice with no case: {@code data-missing}, error-app-tag
 *       {@code missing-choice} (§15.6);</li>
 *   <li>fewer list or leaf-list entries than min-elements: {@code operation-failed},
 *       {@code too-few-elements}; more than max-elements: {@code too-many-elements} (§15.2,
 *       §15.3);</li>
 *   <li>two list entries with the same values of a {@code unique} statement:
 *       {@code operation-failed}, {@code data-not-unique} (§15.1).</li>
 * </ul>
 * A non-presence container that is absent is checked as if it were there and empty, so its
 * mandatory nodes apply once its parent exists (§7.5.7); an absent presence container or list
 * entry has nothing to check. {@code must}, {@code when} and {@code leafref} are not evaluated.
 * Reports up to {@value #MAX_ERRORS} errors at once. Safe for any thread: each check has its
 * own state.
 */
public final class SchemaCheck implements ConfigCheck {

    /** The most errors one check reports. */
    public static final int MAX_ERRORS = 20;

    private final SchemaTree schema;

    public SchemaCheck(SchemaTree schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    @Override
    public void check(Element data) throws NetconfException {
        Run run = new Run(data);
        run.children(schema.root(), data, new Where(data, List.of()));
        if (!run.errors.isEmpty()) {
            throw new NetconfException(run.errors);
        }
    }

    /** A data element, or a node below it that is not there: absent non-presence containers, a missing leaf. */
    private record Where(Element element, List<QName> below) {

        Where deeper(QName name) {
            List<QName> more = new ArrayList<>(below);
            more.add(name);
            return new Where(element, List.copyOf(more));
        }
    }

    private record Name(String namespace, String localName) {

        static Name of(QName name) {
            return new Name(name.getNamespace().toString(), name.getLocalName());
        }
    }

    /** One check of one configuration. */
    private final class Run implements ErrorPath.Steps {

        private final Element data;
        private final List<RpcError> errors = new ArrayList<>();
        private final Map<Element, DataSchemaNode> nodes = new IdentityHashMap<>();

        Run(Element data) {
            this.data = data;
        }

        /** Checks the children {@code container} defines against those of {@code element} (null: absent). */
        void children(DataNodeContainer container, Element element, Where where) {
            Map<Name, List<Element>> present = new HashMap<>();
            if (element != null) {
                for (Element child : XmlTree.childElements(element)) {
                    present.computeIfAbsent(new Name(child.getNamespaceURI(), child.getLocalName()),
                            name -> new ArrayList<>()).add(child);
                }
            }
            boolean root = container == schema.root();
            for (DataSchemaNode node : container.getChildNodes()) {
                if (root && !present.containsKey(Name.of(node.getQName()))) {
                    continue; // a module's top-level node: the configuration may have none of it
                }
                node(node, present, where);
            }
        }

        private void node(DataSchemaNode node, Map<Name, List<Element>> present, Where where) {
            if (!node.effectiveConfig().orElse(Boolean.TRUE) || errors.size() >= MAX_ERRORS) {
                return;
            }
            if (node instanceof ChoiceSchemaNode choice) {
                choice(choice, present, where);
                return;
            }
            List<Element> instances = present.getOrDefault(Name.of(node.getQName()), List.of());
            for (Element instance : instances) {
                nodes.put(instance, node);
            }
            // a node under a when condition may be absent when the condition is false; the condition
            // is not evaluated, so its existence constraints are not enforced
            boolean conditional = node.getWhenCondition().isPresent();
            if (!conditional && node instanceof MandatoryAware mandatory && mandatory.isMandatory()
                    && instances.isEmpty()) {
                error(where.deeper(node.getQName()), RpcError.of(ErrorType.APPLICATION, ErrorTag.DATA_MISSING,
                        "mandatory " + node.getQName().getLocalName() + " is missing"));
            }
            if (!conditional && node instanceof ElementCountConstraintAware counted) {
                count(counted, node.getQName(), instances.size(), where);
            }
            if (node instanceof ContainerSchemaNode container) {
                if (!instances.isEmpty()) {
                    children(container, instances.get(0), new Where(instances.get(0), List.of()));
                } else if (!container.isPresenceContainer()) {
                    children(container, null, where.deeper(node.getQName()));
                }
            } else if (node instanceof ListSchemaNode list) {
                for (Element entry : instances) {
                    children(list, entry, new Where(entry, List.of()));
                }
                unique(list, instances, where);
            }
        }

        private void choice(ChoiceSchemaNode choice, Map<Name, List<Element>> present, Where where) {
            for (CaseSchemaNode caseNode : choice.getCases()) {
                if (hasData(caseNode, present)) {
                    for (DataSchemaNode node : caseNode.getChildNodes()) {
                        node(node, present, where);
                    }
                    return;
                }
            }
            if (choice.isMandatory() && choice.getWhenCondition().isEmpty()) {
                error(where, RpcError.of(ErrorType.APPLICATION, ErrorTag.DATA_MISSING, "mandatory choice "
                        + choice.getQName().getLocalName() + " has no case").withAppTag("missing-choice")
                        .withInfo("missing-choice", choice.getQName().getLocalName()));
            }
        }

        private boolean hasData(DataNodeContainer caseNode, Map<Name, List<Element>> present) {
            for (DataSchemaNode node : caseNode.getChildNodes()) {
                if (node instanceof ChoiceSchemaNode nested) {
                    for (CaseSchemaNode nestedCase : nested.getCases()) {
                        if (hasData(nestedCase, present)) {
                            return true;
                        }
                    }
                } else if (present.containsKey(Name.of(node.getQName()))) {
                    return true;
                }
            }
            return false;
        }

        private void count(ElementCountConstraintAware counted, QName name, int count, Where where) {
            ElementCountConstraint constraint = counted.getElementCountConstraint().orElse(null);
            if (constraint == null) {
                return;
            }
            Integer min = constraint.getMinElements();
            Integer max = constraint.getMaxElements();
            if (min != null && count < min) {
                error(where.deeper(name), RpcError.of(ErrorType.APPLICATION, ErrorTag.OPERATION_FAILED,
                        name.getLocalName() + " has " + count + " entries, fewer than its min-elements " + min)
                        .withAppTag("too-few-elements"));
            } else if (max != null && count > max) {
                error(where.deeper(name), RpcError.of(ErrorType.APPLICATION, ErrorTag.OPERATION_FAILED,
                        name.getLocalName() + " has " + count + " entries, more than its max-elements " + max)
                        .withAppTag("too-many-elements"));
            }
        }

        private void unique(ListSchemaNode list, List<Element> entries, Where where) {
            for (UniqueEffectiveStatement unique : list.getUniqueConstraints()) {
                Map<List<String>, Element> seen = new HashMap<>();
                for (Element entry : entries) {
                    List<String> values = new ArrayList<>();
                    for (Descendant descendant : unique.argument()) {
                        String value = valueAt(entry, descendant.getNodeIdentifiers());
                        if (value == null) {
                            values = null; // an entry without all of the leaves takes no part (§7.8.3)
                            break;
                        }
                        values.add(value);
                    }
                    if (values == null) {
                        continue;
                    }
                    Element earlier = seen.putIfAbsent(values, entry);
                    if (earlier != null) {
                        error(new Where(entry, List.of()), RpcError.of(ErrorType.APPLICATION,
                                ErrorTag.OPERATION_FAILED, list.getQName().getLocalName() + " entries "
                                        + ErrorPath.of(earlier, data, this).xpath() + " and this one have the same "
                                        + unique.argument().stream().map(d -> d.lastNodeIdentifier().getLocalName())
                                        .toList() + ", which must be unique")
                                .withAppTag("data-not-unique")
                                .withInfo("non-unique", ErrorPath.of(earlier, data, this).xpath()));
                        break;
                    }
                }
            }
        }

        private String valueAt(Element entry, List<QName> path) {
            Element at = entry;
            for (QName step : path) {
                at = XmlTree.child(at, step.getNamespace().toString(), step.getLocalName());
                if (at == null) {
                    return null;
                }
            }
            return XmlTree.text(at).strip();
        }

        private void error(Where where, RpcError error) {
            if (errors.size() >= MAX_ERRORS) {
                return;
            }
            ErrorPath path = ErrorPath.of(where.element(), data, this);
            for (QName step : where.below()) {
                path = path.child(step.getNamespace().toString(), step.getLocalName(), data, this);
            }
            errors.add(error.withPath(path.xpath(), path.namespaces()));
        }

        @Override
        public List<EntryKey> predicates(Element step) {
            List<EntryKey> predicates = new ArrayList<>();
            if (nodes.get(step) instanceof ListSchemaNode list) {
                for (QName key : list.getKeyDefinition()) {
                    Element leaf = XmlTree.child(step, key.getNamespace().toString(), key.getLocalName());
                    if (leaf != null) {
                        predicates.add(new EntryKey(leaf.getNamespaceURI(), leaf.getLocalName(), XmlTree.text(leaf)));
                    }
                }
            } else if (nodes.get(step) instanceof LeafListSchemaNode) {
                predicates.add(new EntryKey(null, ".", XmlTree.text(step)));
            }
            return predicates;
        }

        @Override
        public String preferredPrefix(String namespace) {
            return schema.prefix(namespace);
        }
    }
}
