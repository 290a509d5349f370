package org.callhome.device.datastore;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callhome.shared.text.PeerText;

/**
 * The {@code insert}, {@code key} and {@code value} attributes of an edit element (RFC 7950
 * §7.8.6 for lists, §7.7.9 for leaf-lists, namespace {@value #YANG_NS}): where a new or moved
 * entry of an ordered-by-user list or leaf-list goes.
 *
 * @param where     first, last, before or after
 * @param reference for before and after: the key values of the reference list entry, by key
 *                  local name ({@code key="[name='eth0']"}), or the reference leaf-list value
 *                  under the name {@code "."}; empty otherwise
 */
record InsertPosition(Where where, Map<String, String> reference) {

    /** The namespace of the insert, key and value attributes. */
    static final String YANG_NS = "urn:ietf:params:xml:ns:yang:1";

    enum Where { FIRST, LAST, BEFORE, AFTER }

    /** One predicate of a key attribute: {@code [prefix:name='value']}, double quotes allowed. */
    private static final Pattern PREDICATE = Pattern.compile(
            "\\s*\\[\\s*(?:[A-Za-z_][\\w.-]*:)?([A-Za-z_][\\w.-]*)\\s*=\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*\\]\\s*");

    /**
     * The predicates of a {@code key} attribute by key local name.
     *
     * @throws IllegalArgumentException it is not a sequence of {@code [name='value']} predicates
     */
    static Map<String, String> parseKey(String text) {
        Map<String, String> keys = new HashMap<>();
        Matcher matcher = PREDICATE.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!matcher.find(at) || matcher.start() != at) {
                throw new IllegalArgumentException("key attribute " + PeerText.quote(text)
                        + " is not of the form [name='value'][name='value']…");
            }
            String value = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            if (keys.put(matcher.group(1), value) != null) {
                throw new IllegalArgumentException("key attribute " + PeerText.quote(text) + " names " + matcher.group(1)
                        + " twice");
            }
            at = matcher.end();
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("key attribute is empty");
        }
        return Map.copyOf(keys);
    }
}
