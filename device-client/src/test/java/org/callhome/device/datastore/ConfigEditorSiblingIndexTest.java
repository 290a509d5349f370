package org.callhome.device.datastore;

import static org.callhome.device.datastore.Xml.assertSameData;
import static org.callhome.device.datastore.Xml.config;
import static org.callhome.device.datastore.Xml.data;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.junit.jupiter.api.Test;

/**
 * Edits in which the {@link SiblingIndex} must notice what earlier parts of the same edit did:
 * keys that change, entries that go away, elements that outgrow the scan limit. Each runs with
 * every element indexed, with a scan limit of two and with the production limit, and must give
 * the expected content and exactly what {@link ReferenceConfigEditor} gives.
 */
class ConfigEditorSiblingIndexTest {

    private static final int[] SCAN_LIMITS = {0, 2, ConfigEditor.MAX_SCANNED_SIBLINGS};
    private static final int LIST_LENGTH = 400;

    private static void assertMerge(String running, String edit, String expected) throws NetconfException {
        String linear = NetconfXml.toString(ReferenceConfigEditor.apply(data(running), config(edit),
                EditOperation.MERGE, ErrorOption.STOP_ON_ERROR).data());
        for (int limit : SCAN_LIMITS) {
            EditResult result = ConfigEditor.apply(data(running), config(edit), EditOperation.MERGE,
                    ErrorOption.STOP_ON_ERROR, limit);
            assertSameData(expected, result.data());
            assertEquals(linear, NetconfXml.toString(result.data()), "scan limit " + limit);
        }
    }

    @Test
    void entryIsFoundUnderTheKeyAnEarlierPartOfTheEditGaveIt() throws Exception {
        assertMerge("<top xmlns='urn:x'><e><name>a</name></e><e><name>b</name></e></top>", """
                <top xmlns='urn:x'>
                  <e><name>a</name><name>c</name></e>
                  <e><name>c</name><v>1</v></e>
                </top>""",
                "<top xmlns='urn:x'><e><name>c</name><v>1</v></e><e><name>b</name></e></top>");
    }

    @Test
    void deletedEntryIsNotFoundAndItsSuccessorGoesAfterTheLastRemainingNamesake() throws Exception {
        assertMerge("<top xmlns='urn:x'><e><name>a</name></e><e><name>b</name></e><r>1</r></top>", """
                <top xmlns='urn:x'>
                  <e xc:operation='delete'><name>b</name></e>
                  <e><name>b</name><v>2</v></e>
                  <e><name>c</name></e>
                </top>""",
                "<top xmlns='urn:x'><e><name>a</name></e><e><name>b</name><v>2</v></e><e><name>c</name></e>"
                        + "<r>1</r></top>");
    }

    @Test
    void duplicateKeysMatchTheFirstUntilItIsDeleted() throws Exception {
        assertMerge("<top xmlns='urn:x'><e><name>a</name><v>1</v></e><e><name>a</name><v>2</v></e></top>", """
                <top xmlns='urn:x'>
                  <e xc:operation='delete'><name>a</name></e>
                  <e><name>a</name><v>3</v></e>
                </top>""",
                "<top xmlns='urn:x'><e><name>a</name><v>3</v></e></top>");
    }

    @Test
    void editKeyedByAnotherLeafMergesIntoFirstEntryNotKeyedByItsLeaf() throws Exception {
        assertMerge("<top xmlns='urn:x'><e><name>a</name></e><e><id>1</id></e><e><name>b</name></e></top>",
                "<top xmlns='urn:x'><e><name>z</name><v>1</v></e></top>",
                "<top xmlns='urn:x'><e><name>a</name></e><e><id>1</id><name>z</name><v>1</v></e>"
                        + "<e><name>b</name></e></top>");
    }

    @Test
    void elementThatOutgrowsTheScanLimitWhileReplacedIsEditedAgainCorrectly() throws Exception {
        assertMerge("<top xmlns='urn:x'><a>1</a><b>1</b></top>", """
                <top xmlns='urn:x' xc:operation='replace'><c>1</c><d>1</d><e>1</e></top>
                <top xmlns='urn:x'><a>5</a></top>""",
                "<top xmlns='urn:x'><c>1</c><d>1</d><e>1</e><a>5</a></top>");
    }

    @Test
    void longListIsMergedDeletedAndReplacedAsTheLinearEditorDoes() throws Exception {
        String empty = "";
        String full = list(0, LIST_LENGTH, 1, "");
        assertMerge(empty, full, full);
        String everyOtherChanged = list(0, LIST_LENGTH, 2, "<mtu>9</mtu>");
        assertMerge(full, everyOtherChanged, mergedEveryOther());
        String deleteEveryThird = list(0, LIST_LENGTH, 3, "").replace("<e>", "<e xc:operation='delete'>");
        assertMerge(full, deleteEveryThird, remainingAfterEveryThird());
        String replaceFromTheEnd = "<top xmlns='urn:x' xc:operation='replace'>"
                + list(LIST_LENGTH / 2, LIST_LENGTH, 1, "").replace("<top xmlns='urn:x'>", "");
        assertMerge(full, replaceFromTheEnd, list(LIST_LENGTH / 2, LIST_LENGTH, 1, ""));
    }

    /** {@code <top>} with entries e{from}, e{from+step}, … below {@code to}, each with {@code extra} inside. */
    private static String list(int from, int to, int step, String extra) {
        StringBuilder xml = new StringBuilder("<top xmlns='urn:x'>");
        for (int i = from; i < to; i += step) {
            xml.append("<e><name>e").append(i).append("</name>").append(extra).append("</e>");
        }
        return xml.append("</top>").toString();
    }

    private static String mergedEveryOther() {
        StringBuilder xml = new StringBuilder("<top xmlns='urn:x'>");
        for (int i = 0; i < LIST_LENGTH; i++) {
            xml.append("<e><name>e").append(i).append("</name>").append(i % 2 == 0 ? "<mtu>9</mtu>" : "").append("</e>");
        }
        return xml.append("</top>").toString();
    }

    private static String remainingAfterEveryThird() {
        StringBuilder xml = new StringBuilder("<top xmlns='urn:x'>");
        for (int i = 0; i < LIST_LENGTH; i++) {
            if (i % 3 != 0) {
                xml.append("<e><name>e").append(i).append("</name></e>");
            }
        }
        return xml.append("</top>").toString();
    }
}
