package org.callhome.device.datastore;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The {@code <error-path>} of an edit error (RFC 6241 §4.3): an absolute XPath to the node in
 * the datastore that an element of the edit addresses, such as
 * {@code /t:top/t:interface[t:name='eth0']/t:mtu}. A step carries a predicate when its element
 * has an {@link EntryKey} (without schema) or is a list or leaf-list entry (with schema:
 * {@code [sys:id='10'][sys:tagging='tagged']}, {@code [.='1.1.1.1']}). Each namespace gets
 * one prefix: its module's prefix when the schema knows it, else the one the edit used for it,
 * when free; otherwise a generated {@code n1}, {@code n2}, …; elements in no namespace are
 * written without prefix.
 *
 * @param xpath      the path
 * @param namespaces the prefix bindings the path uses
 */
record ErrorPath(String xpath, Map<String, String> namespaces) {

    /** How a step of a path is written: its predicates, and the prefix its namespaces prefer. */
    interface Steps {

        /** The predicates of {@code step}: its list keys, or {@code .} and the value of a leaf-list entry. */
        List<EntryKey> predicates(Element step);

        /** The prefix to use for {@code namespace} when it is free, or null for the one in scope. */
        String preferredPrefix(String namespace);
    }

    /** Without a schema: a step's predicate is its {@link EntryKey}; prefixes are the edit's. */
    static final Steps SCHEMALESS = new Steps() {
        @Override
        public List<EntryKey> predicates(Element step) {
            EntryKey key = EntryKey.of(step);
            return key == null ? List.of() : List.of(key);
        }

        @Override
        public String preferredPrefix(String namespace) {
            return null;
        }
    };

    /** The path of {@code edit}, an element below {@code config} (the {@code <config>} element). */
    static ErrorPath of(Element edit, Element config) {
        return of(edit, config, SCHEMALESS);
    }

    /**
     * The path of {@code element}, below {@code top} ({@code <config>} for an edit, {@code <data>}
     * for a datastore), its steps written as {@code steps} says.
     */
    static ErrorPath of(Element element, Element top, Steps steps) {
        Deque<Element> path = new ArrayDeque<>();
        for (Node node = element; node instanceof Element step && node != top; node = node.getParentNode()) {
            path.push(step);
        }
        Map<String, String> prefixes = new HashMap<>();
        StringBuilder xpath = new StringBuilder();
        for (Element step : path) {
            xpath.append('/').append(name(step.getNamespaceURI(), step.getLocalName(), step, prefixes, steps));
            for (EntryKey key : steps.predicates(step)) {
                xpath.append('[').append(name(key.namespace(), key.localName(), step, prefixes, steps))
                        .append('=').append(literal(key.value())).append(']');
            }
        }
        return new ErrorPath(xpath.toString(), bindings(prefixes));
    }

    /** This path, one step further down to a node that is not there: a missing mandatory leaf, say. */
    ErrorPath child(String namespace, String localName, Element context, Steps steps) {
        Map<String, String> prefixes = new HashMap<>();
        namespaces.forEach((prefix, ns) -> prefixes.put(ns, prefix));
        String step = name(namespace, localName, context, prefixes, steps);
        return new ErrorPath(xpath + "/" + step, bindings(prefixes));
    }

    private static Map<String, String> bindings(Map<String, String> prefixes) {
        Map<String, String> namespaces = new HashMap<>();
        prefixes.forEach((namespace, prefix) -> namespaces.put(prefix, namespace));
        return namespaces;
    }

    private static String name(String namespace, String localName, Element context, Map<String, String> prefixes,
                               Steps steps) {
        if (namespace == null || namespace.isEmpty()) {
            return localName;
        }
        String prefix = prefixes.get(namespace);
        if (prefix == null) {
            prefix = steps.preferredPrefix(namespace);
            if (prefix == null || prefixes.containsValue(prefix)) {
                prefix = context.lookupPrefix(namespace);
            }
            if (prefix == null || prefixes.containsValue(prefix)) {
                int n = prefixes.size() + 1;
                while (prefixes.containsValue("n" + n)) {
                    n++;
                }
                prefix = "n" + n;
            }
            prefixes.put(namespace, prefix);
        }
        return prefix + ":" + localName;
    }

    /** An XPath 1.0 string literal; XPath 1.0 has no escapes, so a value with both quotes needs concat(). */
    static String literal(String value) {
        if (value.indexOf('\'') < 0) {
            return "'" + value + "'";
        }
        if (value.indexOf('"') < 0) {
            return "\"" + value + "\"";
        }
        StringBuilder concat = new StringBuilder("concat(");
        String[] parts = value.split("'", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                concat.append(", \"'\", ");
            }
            concat.append('\'').append(parts[i]).append('\'');
        }
        return concat.append(')').toString();
    }
}
