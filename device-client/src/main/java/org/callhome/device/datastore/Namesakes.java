package org.callhome.device.datastore;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.w3c.dom.Element;

/**
 * The children of one datastore element that share a namespace and local name, which are the
 * candidates an edit element with that name is matched against (see {@link ConfigEditor}).
 * Part of a {@link SiblingIndex}; it answers {@link #find} and {@link #last} in O(log n) where
 * a scan of the siblings costs O(n), which made editing a list of n entries O(n²).
 *
 * <p>Children are filed by sequence number, which the index hands out in document order when
 * it is built and in increasing order to each insert. Within one name that order stays
 * document order, because a new namesake always goes after the last one and a replacement
 * keeps the number of the element it replaces. Besides all namesakes in order, it keeps them
 * grouped by whole key and by key leaf (the key's namespace and local name, or no key), and the
 * key-leaf groups ordered by their first member: "the first namesake whose key is not a
 * comparable leaf" is then the first or second of those groups.
 */
final class Namesakes {

    /** What decides whether two keys can tell entries apart; a null KeyLeaf stands for no key. */
    private record KeyLeaf(String namespace, String localName) {

        static KeyLeaf of(EntryKey key) {
            return key == null ? null : new KeyLeaf(key.namespace(), key.localName());
        }
    }

    private final TreeMap<Long, Element> all = new TreeMap<>();
    private final Map<EntryKey, TreeSet<Long>> byKey = new HashMap<>();
    private final Map<KeyLeaf, TreeSet<Long>> byKeyLeaf = new HashMap<>();
    /** The first sequence number of each group in {@link #byKeyLeaf}, and the group's leaf. */
    private final TreeMap<Long, KeyLeaf> keyLeafHeads = new TreeMap<>();

    /**
     * The namesake an edit element with this key identifies, by the rules of
     * {@link Siblings#find}: the first with the same key; failing that, the first whose key has
     * another leaf or that has none; the very first when the edit has no key. Null if none.
     */
    Element find(EntryKey editKey) {
        if (editKey == null) {
            return all.isEmpty() ? null : all.firstEntry().getValue();
        }
        TreeSet<Long> sameKey = byKey.get(editKey);
        if (sameKey != null) {
            return all.get(sameKey.first());
        }
        KeyLeaf editLeaf = KeyLeaf.of(editKey);
        for (Map.Entry<Long, KeyLeaf> head : keyLeafHeads.entrySet()) {
            if (!Objects.equals(head.getValue(), editLeaf)) {
                return all.get(head.getKey()); // reached on the first or second head: leaves are distinct
            }
        }
        return null;
    }

    /** The namesake last in document order, or null when there is none. */
    Element last() {
        return all.isEmpty() ? null : all.lastEntry().getValue();
    }

    void add(long seq, Element element, EntryKey key) {
        all.put(seq, element);
        if (key != null) {
            byKey.computeIfAbsent(key, k -> new TreeSet<>()).add(seq);
        }
        KeyLeaf leaf = KeyLeaf.of(key);
        TreeSet<Long> group = byKeyLeaf.computeIfAbsent(leaf, k -> new TreeSet<>());
        if (!group.isEmpty()) {
            keyLeafHeads.remove(group.first());
        }
        group.add(seq);
        keyLeafHeads.put(group.first(), leaf);
    }

    void remove(long seq, EntryKey key) {
        all.remove(seq);
        if (key != null) {
            TreeSet<Long> sameKey = byKey.get(key);
            sameKey.remove(seq);
            if (sameKey.isEmpty()) {
                byKey.remove(key);
            }
        }
        KeyLeaf leaf = KeyLeaf.of(key);
        TreeSet<Long> group = byKeyLeaf.get(leaf);
        keyLeafHeads.remove(group.first());
        group.remove(seq);
        if (group.isEmpty()) {
            byKeyLeaf.remove(leaf);
        } else {
            keyLeafHeads.put(group.first(), leaf);
        }
    }
}
