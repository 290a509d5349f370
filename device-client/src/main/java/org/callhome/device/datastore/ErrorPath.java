package org.callhome.device.datastore;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The {@code <error-path>} of an edit error (RFC 6241 §4.3): an absolute XPath to the node in
 * the datastore that an element of the edit addresses, such as
 * {@code /t:top/t:interface[t:name='eth0']/t:mtu}. A step carries a predicate when its element
 * has an {@link EntryKey}. Each namespace gets one prefix: the one the edit used for it when
 * that is free, otherwise a generated {@code n1}, {@code n2}, …; elements in no namespace
 * are written without prefix.
 *
 * @param xpath      the path
 * @param namespaces the prefix bindings the path uses
 */
record ErrorPath(String xpath, Map<String, String> namespaces) {

    /** The path of {@code edit}, an element below {@code config} (the {@code <config>} element). */
    static ErrorPath of(Element edit, Element config) {
        Deque<Element> steps = new ArrayDeque<>();
        for (Node node = edit; node instanceof Element element && node != config; node = node.getParentNode()) {
            steps.push(element);
        }
        Map<String, String> prefixes = new HashMap<>();
        StringBuilder xpath = new StringBuilder();
        for (Element step : steps) {
            xpath.append('/').append(name(step.getNamespaceURI(), step.getLocalName(), step, prefixes));
            EntryKey key = EntryKey.of(step);
            if (key != null) {
                xpath.append('[').append(name(key.namespace(), key.localName(), step, prefixes))
                        .append('=').append(literal(key.value())).append(']');
            }
        }
        Map<String, String> namespaces = new HashMap<>();
        prefixes.forEach((namespace, prefix) -> namespaces.put(prefix, namespace));
        return new ErrorPath(xpath.toString(), namespaces);
    }

    private static String name(String namespace, String localName, Element context, Map<String, String> prefixes) {
        if (namespace == null || namespace.isEmpty()) {
            return localName;
        }
        String prefix = prefixes.get(namespace);
        if (prefix == null) {
            prefix = context.lookupPrefix(namespace);
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
