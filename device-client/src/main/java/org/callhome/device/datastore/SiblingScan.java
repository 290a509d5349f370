package org.callhome.device.datastore;

import java.util.Objects;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The children of a small element, read straight from the DOM on every call: for a handful of
 * children (the leaves of one list entry, say) a scan costs less than building an index.
 * {@link ConfigEditor} only uses it while the element has at most its scan limit of children.
 *
 * @param parent the element whose children these are
 */
record SiblingScan(Element parent) implements Siblings {

    @Override
    public Element find(Element edit) {
        EntryKey key = EntryKey.of(edit);
        Element unkeyedMatch = null;
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
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

    @Override
    public void insert(Element element) {
        Element last = null;
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element sibling && EntryKey.sameName(sibling, element)) {
                last = sibling;
            }
        }
        parent.insertBefore(element, last == null ? null : last.getNextSibling());
    }

    @Override
    public void remove(Element child) {
        parent.removeChild(child);
    }

    @Override
    public void replace(Element replacement, Element child) {
        parent.replaceChild(replacement, child);
    }

    @Override
    public void rekey(Element child) {
        // nothing is remembered, so nothing is stale
    }

    private static boolean sameLeaf(EntryKey a, EntryKey b) {
        return Objects.equals(a.namespace(), b.namespace()) && Objects.equals(a.localName(), b.localName());
    }
}
