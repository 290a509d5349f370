package org.callhome.device.datastore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.xml.XMLConstants;
import org.callhome.device.datastore.RandomEdits.Trial;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Makes a failing {@link Trial} as small as it will go, so that a property failure reports a
 * case a person can read: greedily drops one element or one attribute of the data or the
 * config at a time, keeping each drop after which the trial still fails, until none does.
 */
final class TrialShrinker {

    private TrialShrinker() {
    }

    static Trial shrink(Trial failing, Predicate<Trial> fails) {
        Trial current = failing;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Trial smaller : smaller(current)) {
                if (fails.test(smaller)) {
                    current = smaller;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }

    private static List<Trial> smaller(Trial trial) {
        List<Trial> result = new ArrayList<>();
        for (String data : dropOne(Xml.data(trial.data()))) {
            result.add(new Trial(data, trial.config(), trial.defaultOperation(), trial.errorOption()));
        }
        for (String config : dropOne(Xml.config(trial.config()))) {
            result.add(new Trial(trial.data(), config, trial.defaultOperation(), trial.errorOption()));
        }
        return result;
    }

    /** The content of {@code root} once for each element and each attribute below it that can go. */
    private static List<String> dropOne(Element root) {
        List<String> variants = new ArrayList<>();
        int count = descendants(root).size();
        for (int i = 0; i < count; i++) {
            Element copy = (Element) root.cloneNode(true);
            Element victim = descendants(copy).get(i);
            victim.getParentNode().removeChild(victim);
            variants.add(RandomEdits.content(copy));

            NamedNodeMap attributes = descendants(root).get(i).getAttributes();
            for (int a = 0; a < attributes.getLength(); a++) {
                Attr attribute = (Attr) attributes.item(a);
                if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())) {
                    Element without = (Element) root.cloneNode(true);
                    descendants(without).get(i).removeAttributeNS(attribute.getNamespaceURI(), attribute.getLocalName());
                    variants.add(RandomEdits.content(without));
                }
            }
        }
        return variants;
    }

    private static List<Element> descendants(Element root) {
        List<Element> result = new ArrayList<>();
        collect(root, result);
        result.remove(0);
        return result;
    }

    private static void collect(Element element, List<Element> into) {
        into.add(element);
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element childElement) {
                collect(childElement, into);
            }
        }
    }
}
