package org.callhome.device.datastore;

import java.util.List;
import java.util.Random;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Random small datastores and edit-configs for comparing editors. Names come from a tiny
 * alphabet (three local names, mostly one namespace) and values from three strings, so that
 * edits collide with data all the time: keyed and unkeyed entries with the same name, keys on
 * different leaves, duplicate keys, leaves merged into containers and back. Most containers
 * start with a leaf, so they are keyed. Half the edits are drawn like the data; half are the
 * data itself with elements dropped, changed, repeated (so one entry is edited twice, after
 * the first edit may have changed its key) and slipped in, which reaches deep into existing
 * entries. Edit elements carry random operations, now and then an invalid one, and the edit
 * comes with a random default-operation and error-option.
 *
 * <p>How often an element gets an operation and how often one is repeated are drawn per trial
 * ("swarm testing"), so that some trials are dense with operations and others nearly free of
 * them. A pure function of the {@link Random}, so a seed reproduces a case.
 */
final class RandomEdits {

    /** An edit-config to apply: XML content of {@code <data>} and of {@code <config>}. */
    record Trial(String data, String config, EditOperation defaultOperation, ErrorOption errorOption) {

        @Override
        public String toString() {
            return "default-operation " + defaultOperation.wireName() + ", error-option " + errorOption.wireName()
                    + "\n  data:   " + data + "\n  config: " + config;
        }
    }

    private static final List<String> NAMES = List.of("x", "y", "k");
    private static final List<String> VALUES = List.of("1", "2", "");
    private static final List<String> OPERATIONS = List.of("merge", "replace", "create", "delete", "remove");
    private static final List<String> INVALID_OPERATIONS = List.of("none", "bogus");
    private static final List<EditOperation> DEFAULT_OPERATIONS =
            List.of(EditOperation.MERGE, EditOperation.REPLACE, EditOperation.NONE);
    private static final int MAX_DEPTH = 3;
    private static final int MAX_ELEMENTS = 40;

    private final Random random;
    /** One in this many edit elements gets an operation attribute; 0 for data. */
    private final int operationOdds;
    /** One in this many reworked edit elements is repeated; 0 for never. */
    private final int repeatOdds;
    private int budget = MAX_ELEMENTS;

    private RandomEdits(Random random, int operationOdds, int repeatOdds) {
        this.random = random;
        this.operationOdds = operationOdds;
        this.repeatOdds = repeatOdds;
    }

    static Trial trial(Random random) {
        String data = new RandomEdits(random, 0, 0).children(0);
        RandomEdits edits = new RandomEdits(random, pick(random, List.of(2, 4, 8)), pick(random, List.of(0, 3, 6)));
        String config = random.nextBoolean() ? edits.children(0) : edits.rework(data);
        EditOperation defaultOperation = pick(random, DEFAULT_OPERATIONS);
        ErrorOption errorOption = pick(random, List.of(ErrorOption.values()));
        return new Trial(data, config, defaultOperation, errorOption);
    }

    /** An edit made from the data content. */
    private String rework(String data) {
        Element edit = Xml.config(data);
        rework(edit);
        return content(edit);
    }

    /** Drops, repeats, marks with operations, changes and adds children of {@code parent}, recursively. */
    private void rework(Element parent) {
        for (Element child : XmlTree.childElements(parent)) {
            if (random.nextInt(5) == 0) {
                parent.removeChild(child);
                continue;
            }
            if (repeatOdds > 0 && random.nextInt(repeatOdds) == 0) {
                Element again = (Element) child.cloneNode(true);
                parent.insertBefore(again, child.getNextSibling());
                rework(again);
            }
            String operation = operation();
            if (operation != null) {
                child.setAttributeNS(Netconf.BASE_NS, "xc:operation", operation);
            }
            if (XmlTree.hasChildElements(child)) {
                rework(child);
            } else if (random.nextInt(3) == 0) {
                child.setTextContent(pick(random, VALUES));
            }
        }
        if (random.nextInt(4) == 0) {
            StringBuilder extra = new StringBuilder();
            element(extra, MAX_DEPTH - 1, false);
            Element fresh = XmlTree.childElements(Xml.config(extra.toString())).get(0);
            List<Element> children = XmlTree.childElements(parent);
            Element before = children.isEmpty() ? null : children.get(random.nextInt(children.size()));
            parent.insertBefore(parent.getOwnerDocument().importNode(fresh, true), before);
        }
    }

    /**
     * Usually up to four children, sometimes a list long enough to outgrow a scan limit; the
     * first is a leaf most of the time, which makes its parent a keyed entry.
     */
    private String children(int depth) {
        int count = random.nextInt(6) == 0 ? 5 + random.nextInt(8) : random.nextInt(5);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count && budget > 0; i++) {
            element(out, depth, i == 0 && random.nextInt(10) < 7);
        }
        return out.toString();
    }

    private void element(StringBuilder out, int depth, boolean leaf) {
        budget--;
        String name = pick(random, NAMES);
        out.append('<').append(name).append(" xmlns='").append(random.nextInt(10) == 0 ? "urn:b" : "urn:a")
                .append('\'');
        String operation = operation();
        if (operation != null) {
            out.append(" xc:operation='").append(operation).append('\'');
        }
        if (random.nextInt(12) == 0) {
            out.append(" tag='").append(pick(random, VALUES)).append('\'');
        }
        out.append('>');
        if (leaf || depth >= MAX_DEPTH || random.nextInt(5) < 2) {
            out.append(pick(random, VALUES));
        } else {
            if (random.nextInt(20) == 0) {
                out.append("mixed"); // text beside child elements: merge and replace drop it
            }
            out.append(children(depth + 1));
        }
        out.append("</").append(name).append('>');
    }

    /** The children of {@code root} serialized one after the other: what {@link Xml#config} wraps. */
    static String content(Element root) {
        StringBuilder out = new StringBuilder();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            out.append(NetconfXml.toString(child));
        }
        return out.toString();
    }

    /** An operation for an edit element, or null for none. */
    private String operation() {
        if (operationOdds == 0 || random.nextInt(operationOdds) != 0) {
            return null;
        }
        return pick(random, random.nextInt(30) == 0 ? INVALID_OPERATIONS : OPERATIONS);
    }

    private static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
