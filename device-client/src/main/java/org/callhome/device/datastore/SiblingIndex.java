package org.callhome.device.datastore;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The children of one large element of the datastore copy, indexed by name and
 * {@link EntryKey} for the rest of one {@link ConfigEditor#apply}: finding, inserting,
 * removing and replacing a child cost O(log n) in its n namesakes instead of a scan of all
 * siblings, so editing a list of n entries costs O(n log n) rather than O(n²).
 *
 * <p>It reads the DOM once, when built, and from then on trusts its own bookkeeping. That holds
 * because the editor owns its copy of the datastore: every change to this element's children
 * goes through the index, and the editor calls {@link #rekey} after editing inside a child,
 * the only way a child's key can change. Removed children leave no trace, so deleting entries
 * keeps every later lookup as cheap. Not thread-safe; one edit runs on one thread.
 */
final class SiblingIndex implements Siblings {

    private record Name(String namespace, String localName) {

        static Name of(Element element) {
            return new Name(element.getNamespaceURI(), element.getLocalName());
        }
    }

    /** Where a child is filed: its namesakes, its sequence number and the key it was filed under. */
    private record Slot(Namesakes namesakes, long seq, EntryKey key) {
    }

    private final Element parent;
    private final Map<Name, Namesakes> byName = new HashMap<>();
    private final Map<Element, Slot> slots = new IdentityHashMap<>();
    private long nextSeq;

    private SiblingIndex(Element parent) {
        this.parent = parent;
    }

    /** Indexes the current children of {@code parent}, in document order. */
    static SiblingIndex of(Element parent) {
        SiblingIndex index = new SiblingIndex(parent);
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                index.file(element);
            }
        }
        return index;
    }

    @Override
    public Element find(Element edit) {
        Namesakes namesakes = byName.get(Name.of(edit));
        return namesakes == null ? null : namesakes.find(EntryKey.of(edit));
    }

    @Override
    public void insert(Element element) {
        Namesakes namesakes = byName.get(Name.of(element));
        Element last = namesakes == null ? null : namesakes.last();
        parent.insertBefore(element, last == null ? null : last.getNextSibling());
        file(element);
    }

    @Override
    public void remove(Element child) {
        Slot slot = slotOf(child);
        parent.removeChild(child);
        slots.remove(child);
        slot.namesakes().remove(slot.seq(), slot.key());
    }

    @Override
    public void replace(Element replacement, Element child) {
        if (!EntryKey.sameName(replacement, child)) {
            throw new IllegalArgumentException("a replacement must have the name of the element it replaces");
        }
        Slot slot = slotOf(child);
        parent.replaceChild(replacement, child);
        slots.remove(child);
        refile(replacement, slot);
    }

    /** Files {@code child} under its current key, after the editor changed what is inside it. */
    @Override
    public void rekey(Element child) {
        Slot slot = slotOf(child);
        if (!Objects.equals(slot.key(), EntryKey.of(child))) {
            refile(child, slot);
        }
    }

    private void refile(Element element, Slot old) {
        EntryKey key = EntryKey.of(element);
        old.namesakes().remove(old.seq(), old.key());
        old.namesakes().add(old.seq(), element, key);
        slots.put(element, new Slot(old.namesakes(), old.seq(), key));
    }

    private void file(Element element) {
        long seq = nextSeq++;
        EntryKey key = EntryKey.of(element);
        Namesakes namesakes = byName.computeIfAbsent(Name.of(element), name -> new Namesakes());
        namesakes.add(seq, element, key);
        slots.put(element, new Slot(namesakes, seq, key));
    }

    private Slot slotOf(Element child) {
        Slot slot = slots.get(child);
        if (slot == null) {
            throw new IllegalStateException("not a child this index knows: " + child.getLocalName());
        }
        return slot;
    }
}
