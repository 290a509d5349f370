package org.callhome.device.datastore;

import static org.callhome.device.datastore.Xml.BASE;
import static org.callhome.device.datastore.Xml.assertSameData;
import static org.callhome.device.datastore.Xml.canonical;
import static org.callhome.device.datastore.Xml.data;
import static org.callhome.device.datastore.Xml.filter;
import static org.callhome.device.datastore.Xml.parse;
import static org.callhome.device.datastore.Xml.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.XmlTree;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Subtree filtering, RFC 6241 §6: the examples of §6.4 first, then edge cases. */
class SubtreeFilterTest {

    /** The configuration of the RFC 6241 §6.4 examples, in namespace urn:example:users. */
    private static final String USERS = """
            <top xmlns="urn:example:users">
              <users>
                <user>
                  <name>root</name><type>superuser</type><full-name>Charlie Root</full-name>
                  <company-info><dept>1</dept><id>1</id></company-info>
                </user>
                <user>
                  <name>fred</name><type>admin</type><full-name>Fred Flintstone</full-name>
                  <company-info><dept>2</dept><id>2</id></company-info>
                </user>
                <user>
                  <name>barney</name><type>admin</type><full-name>Barney Rubble</full-name>
                  <company-info><dept>2</dept><id>3</id></company-info>
                </user>
              </users>
              <groups><group><name>admin</name></group></groups>
            </top>""";

    private static Element select(String data, String filter) throws NetconfException {
        return SubtreeFilter.apply(data(data), filter(filter));
    }

    @Test
    void noFilterSelectsEverything() throws Exception {
        assertSameData(USERS, SubtreeFilter.apply(data(USERS), null));
    }

    @Test
    void emptyFilterSelectsNothing() throws Exception {
        assertSameData("", select(USERS, ""));
        assertSameData("", select(USERS, "  \n  "));
    }

    @Test
    void selectionNodeSelectsEntireUsersSubtree() throws Exception {
        Element result = select(USERS, "<top xmlns='urn:example:users'><users/></top>");

        String users = USERS.substring(USERS.indexOf("<users>"), USERS.indexOf("<groups>"));
        assertSameData("<top xmlns='urn:example:users'>" + users + "</top>", result);
    }

    @Test
    void selectsAllNameElementsWithinUsers() throws Exception {
        Element result = select(USERS, "<top xmlns='urn:example:users'><users><user><name/></user></users></top>");

        assertSameData("""
                <top xmlns="urn:example:users"><users>
                  <user><name>root</name></user>
                  <user><name>fred</name></user>
                  <user><name>barney</name></user>
                </users></top>""", result);
    }

    @Test
    void contentMatchAloneSelectsOneWholeUserEntry() throws Exception {
        Element result = select(USERS,
                "<top xmlns='urn:example:users'><users><user><name>fred</name></user></users></top>");

        assertSameData("""
                <top xmlns="urn:example:users"><users><user>
                  <name>fred</name><type>admin</type><full-name>Fred Flintstone</full-name>
                  <company-info><dept>2</dept><id>2</id></company-info>
                </user></users></top>""", result);
    }

    @Test
    void contentMatchWithSelectionNodesSelectsSpecificElementsOfOneEntry() throws Exception {
        Element result = select(USERS, """
                <top xmlns="urn:example:users"><users><user>
                  <name>fred</name><type/><full-name/>
                </user></users></top>""");

        assertSameData("""
                <top xmlns="urn:example:users"><users><user>
                  <name>fred</name><type>admin</type><full-name>Fred Flintstone</full-name>
                </user></users></top>""", result);
    }

    @Test
    void multipleSubtreesSelectDifferentPartsOfEachEntry() throws Exception {
        Element result = select(USERS, """
                <top xmlns="urn:example:users"><users>
                  <user><name>root</name><company-info><id/></company-info></user>
                  <user><name>fred</name><company-info><id/></company-info></user>
                  <user><name>barney</name><company-info><dept/></company-info></user>
                </users></top>""");

        assertSameData("""
                <top xmlns="urn:example:users"><users>
                  <user><name>root</name><company-info><id>1</id></company-info></user>
                  <user><name>fred</name><company-info><id>2</id></company-info></user>
                  <user><name>barney</name><company-info><dept>2</dept></company-info></user>
                </users></top>""", result);
    }

    @Test
    void attributeMatchSelectsElementsWithThatAttributeValue() throws Exception {
        String stats = """
                <t:top xmlns:t="urn:example:stats">
                  <t:interfaces>
                    <t:interface t:ifName="eth0"><t:ifInOctets>45621</t:ifInOctets><t:ifOutOctets>774344</t:ifOutOctets></t:interface>
                    <t:interface t:ifName="eth1"><t:ifInOctets>1</t:ifInOctets><t:ifOutOctets>2</t:ifOutOctets></t:interface>
                  </t:interfaces>
                </t:top>""";

        Element result = select(stats, """
                <t:top xmlns:t="urn:example:stats">
                  <t:interfaces><t:interface t:ifName="eth0"/></t:interfaces>
                </t:top>""");

        assertSameData("""
                <t:top xmlns:t="urn:example:stats"><t:interfaces>
                  <t:interface t:ifName="eth0"><t:ifInOctets>45621</t:ifInOctets><t:ifOutOctets>774344</t:ifOutOctets></t:interface>
                </t:interfaces></t:top>""", result);
    }

    @Test
    void attributeMatchFailsWhenDataLacksTheAttribute() throws Exception {
        Element result = select("<top xmlns='urn:x'><item><v>1</v></item></top>",
                "<top xmlns='urn:x'><item kind='a'/></top>");

        assertSameData("", result);
    }

    @Test
    void filterWithoutMatchSelectsNothing() throws Exception {
        assertSameData("", select(USERS, "<top xmlns='urn:example:users'><users><user><name>wilma</name></user></users></top>"));
        assertSameData("", select(USERS, "<other xmlns='urn:example:users'/>"));
    }

    @Test
    void filterElementWithoutNamespaceMatchesEveryNamespace() throws Exception {
        String data = "<top xmlns='urn:a'><v>1</v></top><top xmlns='urn:b'><v>2</v></top><other xmlns='urn:a'/>";

        assertSameData("<top xmlns='urn:a'><v>1</v></top><top xmlns='urn:b'><v>2</v></top>",
                SubtreeFilter.apply(data(data), parse("<filter><top xmlns=''/></filter>")));
    }

    @Test
    void filterElementInheritingBaseNamespaceMatchesEveryNamespace() throws Exception {
        String data = "<top xmlns='urn:a'><v>1</v></top><top xmlns='urn:b'><v>2</v></top>";

        assertSameData(data, select(data, "<top/>"));
    }

    @Test
    void filterElementWithNamespaceMatchesOnlyThatNamespace() throws Exception {
        String data = "<top xmlns='urn:a'><v>1</v></top><top xmlns='urn:b'><v>2</v></top>";

        assertSameData("<top xmlns='urn:b'><v>2</v></top>", select(data, "<top xmlns='urn:b'/>"));
    }

    @Test
    void containmentNodeSelectingNothingDropsItsParent() throws Exception {
        Element result = select(USERS, "<top xmlns='urn:example:users'><users><user><phone/></user></users></top>");

        assertSameData("", result);
    }

    @Test
    void parentSelectedByContentMatchKeepsItsMatchedLeavesWhenOtherNodesSelectNothing() throws Exception {
        Element result = select(USERS,
                "<top xmlns='urn:example:users'><users><user><name>fred</name><phone/></user></users></top>");

        assertSameData("<top xmlns='urn:example:users'><users><user><name>fred</name></user></users></top>", result);
    }

    @Test
    void contentMatchComparesTextAfterTrimmingWhitespace() throws Exception {
        Element result = select(USERS,
                "<top xmlns='urn:example:users'><users><user><name>\n  fred  </name><type/></user></users></top>");

        assertSameData("<top xmlns='urn:example:users'><users><user><name>fred</name><type>admin</type></user></users></top>",
                result);
    }

    @Test
    void everyContentMatchSiblingMustMatch() throws Exception {
        assertSameData("", select(USERS,
                "<top xmlns='urn:example:users'><users><user><name>fred</name><type>superuser</type></user></users></top>"));
    }

    @Test
    void contentMatchOnLeafListSelectsOnlyMatchingEntries() throws Exception {
        String data = "<dns xmlns='urn:x'><server>1.1.1.1</server><server>8.8.8.8</server><search>lab</search></dns>";

        assertSameData("<dns xmlns='urn:x'><server>8.8.8.8</server><search>lab</search></dns>",
                select(data, "<dns xmlns='urn:x'><server>8.8.8.8</server><search/></dns>"));
    }

    @Test
    void overlappingFilterNodesCopyEachNodeOnceInDocumentOrder() throws Exception {
        Element result = select(USERS, """
                <top xmlns="urn:example:users">
                  <groups/>
                  <users><user><name>fred</name><full-name/><type/></user></users>
                  <users><user><name/></user></users>
                </top>""");

        String groups = USERS.substring(USERS.indexOf("<groups>"), USERS.indexOf("</top>"));
        assertSameData("""
                <top xmlns="urn:example:users"><users>
                  <user><name>root</name></user>
                  <user><name>fred</name><type>admin</type><full-name>Fred Flintstone</full-name></user>
                  <user><name>barney</name></user>
                </users>""" + groups + "</top>", result);
    }

    @Test
    void resultIsNewDataElementAndInputIsUntouched() throws Exception {
        Element data = data(USERS);
        String before = canonical(data);

        Element result = SubtreeFilter.apply(data, filter("<top xmlns='urn:example:users'><groups/></top>"));

        assertEquals(BASE, result.getNamespaceURI());
        assertEquals("data", result.getLocalName());
        assertNotSame(data.getOwnerDocument(), result.getOwnerDocument());
        assertEquals(result, result.getOwnerDocument().getDocumentElement());
        assertEquals(before, canonical(data));
    }

    @Test
    void selectedNamespacesAndValuePrefixesSurviveSerialization() throws Exception {
        String data = """
                <x:top xmlns:x="urn:x" xmlns:ianaift="urn:iana-if-type">
                  <x:interface><x:name>eth0</x:name><x:type>ianaift:ethernetCsmacd</x:type></x:interface>
                </x:top>""";

        Element reparsed = roundTrip(select(data, "<top xmlns='urn:x'><interface/></top>"));

        assertSameData(data, reparsed);
        Element type = XmlTree.childElements(XmlTree.childElements(XmlTree.childElements(reparsed).get(0)).get(0)).get(1);
        assertEquals("urn:iana-if-type", type.lookupNamespaceURI("ianaift"));
    }

    @Test
    void filterElementMixingTextAndChildrenIsInvalidValue() {
        NetconfException e = assertThrows(NetconfException.class,
                () -> select(USERS, "<top xmlns='urn:example:users'>users<users/></top>"));

        assertEquals(ErrorTag.INVALID_VALUE, e.error().tag());
        assertEquals("top", e.error().infoValue("bad-element"));
    }
}
