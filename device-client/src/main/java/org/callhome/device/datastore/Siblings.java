package org.callhome.device.datastore;

import org.w3c.dom.Element;

/**
 * The children of one element of the datastore copy that {@link ConfigEditor} is editing: how
 * it finds the child an edit element identifies, and how it changes the children. A small
 * element is simply scanned ({@link SiblingScan}); a large one is indexed for the rest of the
 * edit ({@link SiblingIndex}) so that a list of n entries is not edited in O(n²). Both give
 * the same answers; they differ only in cost.
 *
 * <p>The editor asks for an element's {@code Siblings} afresh for every call, never keeping
 * one across an edit of the element's children: a scanned element that grows becomes indexed,
 * and from then on every change to its children must go through the index.
 */
sealed interface Siblings permits SiblingScan, SiblingIndex {

    /**
     * The child {@code edit} identifies, or null. Among the children with the edit's namespace
     * and local name: the first with the same {@link EntryKey}; failing that, the first whose
     * key has another leaf or that has no key; the first of them all when the edit has no key.
     */
    Element find(Element edit);

    /** Inserts after the last child with the same name, so list entries stay together, or last. */
    void insert(Element element);

    void remove(Element child);

    /** Puts {@code replacement}, which has the same name, in the place of {@code child}. */
    void replace(Element replacement, Element child);

    /** Takes note that the content of {@code child} was edited, so its key may have changed. */
    void rekey(Element child);
}
