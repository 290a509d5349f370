package org.callhome.device.datastore;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.callhome.device.datastore.RandomEdits.Trial;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.junit.jupiter.api.Test;

/**
 * The indexed {@link ConfigEditor} gives exactly what the linear editor it replaced gives
 * ({@link ReferenceConfigEditor}): the same serialized datastore, errors and changed flag, or
 * the same thrown errors. Checked on random small datastores and edits ({@link RandomEdits})
 * with every element indexed, with a scan limit of two that lists outgrow in the middle of an
 * edit, and with the production limit.
 *
 * <p>A property test without jqwik, which device-client's test classpath does not have: it
 * tries {@value #TRIES} seeds from a fixed base, so a failure reproduces
 * ({@code -Dequivalence.seed=N} explores other seeds), and shrinks a failing case with
 * {@link TrialShrinker} before reporting it with its seed.
 */
class ConfigEditorEquivalenceTest {

    private static final int TRIES = 5_000;
    private static final int[] SCAN_LIMITS = {0, 2, ConfigEditor.MAX_SCANNED_SIBLINGS};

    /**
     * What an edit-config came to; records compare field by field. A crash (any other
     * exception) is an outcome too, so that it is shrunk and reported like a difference.
     */
    private record Outcome(String data, List<RpcError> errors, boolean changed, List<RpcError> thrown,
                           String crash) {

        String kind() {
            if (crash != null) {
                return "crashed";
            }
            if (thrown != null) {
                return "rejected";
            }
            return !errors.isEmpty() ? "errors" : changed ? "changed" : "unchanged";
        }
    }

    @FunctionalInterface
    private interface Editor {
        EditResult apply(Trial trial) throws NetconfException;
    }

    @Test
    void indexedEditorGivesExactlyTheResultsOfTheLinearOne() {
        long base = Long.getLong("equivalence.seed", 20_261_129L);
        Map<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < TRIES; i++) {
            long seed = base + i;
            Trial trial = RandomEdits.trial(new Random(seed));
            Outcome expected = reference(trial);
            kinds.merge(expected.kind(), 1, Integer::sum);
            for (int limit : SCAN_LIMITS) {
                if (!expected.equals(indexed(trial, limit))) {
                    Trial smallest = TrialShrinker.shrink(trial, t -> !reference(t).equals(indexed(t, limit)));
                    fail("seed " + seed + ", scan limit " + limit + ": the indexed editor differs on\n" + smallest
                            + "\nlinear:  " + reference(smallest) + "\nindexed: " + indexed(smallest, limit));
                }
            }
        }
        for (String kind : List.of("rejected", "errors", "changed", "unchanged")) {
            assertTrue(kinds.getOrDefault(kind, 0) >= TRIES / 50, "the generator makes too few " + kind
                    + " outcomes to be trusted: " + kinds);
        }
    }

    private static Outcome reference(Trial trial) {
        return outcome(trial, t -> ReferenceConfigEditor.apply(Xml.data(t.data()), Xml.config(t.config()),
                t.defaultOperation(), t.errorOption()));
    }

    private static Outcome indexed(Trial trial, int maxScannedSiblings) {
        return outcome(trial, t -> ConfigEditor.apply(Xml.data(t.data()), Xml.config(t.config()),
                t.defaultOperation(), t.errorOption(), maxScannedSiblings));
    }

    private static Outcome outcome(Trial trial, Editor editor) {
        try {
            EditResult result = editor.apply(trial);
            return new Outcome(NetconfXml.toString(result.data()), result.errors(), result.changed(), null, null);
        } catch (NetconfException e) {
            return new Outcome(null, List.of(), false, e.errors(), null);
        } catch (RuntimeException e) {
            return new Outcome(null, List.of(), false, null, e.toString());
        }
    }
}
