package org.callhome.device.datastore;

import static org.callhome.device.datastore.Xml.RUNNING;
import static org.callhome.device.datastore.Xml.assertSameData;
import static org.callhome.device.datastore.Xml.canonical;
import static org.callhome.device.datastore.Xml.config;
import static org.callhome.device.datastore.Xml.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Each edit-config operation of RFC 6241 §7.2 on the schema-less datastore, with its error. */
class ConfigEditorOperationsTest {

    private static EditResult merge(String running, String edit) throws NetconfException {
        return ConfigEditor.apply(data(running), config(edit), EditOperation.MERGE, ErrorOption.STOP_ON_ERROR);
    }

    private static RpcError stopError(String edit) {
        NetconfException e = assertThrows(NetconfException.class, () -> merge(RUNNING, edit));
        assertEquals(1, e.errors().size());
        return e.error();
    }

    @Test
    void mergeCreatesMissingContainerWithItsChildren() throws Exception {
        EditResult result = merge("", "<top xmlns='urn:x'><interface><name>eth0</name><mtu>1500</mtu></interface></top>");

        assertSameData("<top xmlns='urn:x'><interface><name>eth0</name><mtu>1500</mtu></interface></top>",
                result.data());
        assertTrue(result.changed());
        assertTrue(result.errors().isEmpty());
    }

    @Test
    void mergeReplacesLeafValueInEntryKeyedByFirstLeaf() throws Exception {
        EditResult result = merge(RUNNING, "<top xmlns='urn:x'><interface><name>eth1</name><mtu>1400</mtu></interface></top>");

        assertSameData(RUNNING.replace("<mtu>9000</mtu>", "<mtu>1400</mtu>"), result.data());
        assertTrue(result.changed());
    }

    @Test
    void mergeAddsLeafToExistingEntryAndKeepsItsOtherChildren() throws Exception {
        EditResult result = merge(RUNNING,
                "<top xmlns='urn:x'><interface><name>eth0</name><description>uplink</description></interface></top>");

        assertSameData(RUNNING.replace("<enabled>true</enabled>", "<enabled>true</enabled><description>uplink</description>"),
                result.data());
    }

    @Test
    void mergeOfNewKeyAddsEntryAfterLastEntryOfSameName() throws Exception {
        String running = """
                <top xmlns="urn:x">
                  <interface><name>eth0</name></interface>
                  <interface><name>eth1</name></interface>
                  <route><prefix>0.0.0.0/0</prefix></route>
                </top>""";
        EditResult result = merge(running, "<top xmlns='urn:x'><interface><name>eth2</name><mtu>1</mtu></interface></top>");

        assertSameData("""
                <top xmlns="urn:x">
                  <interface><name>eth0</name></interface>
                  <interface><name>eth1</name></interface>
                  <interface><name>eth2</name><mtu>1</mtu></interface>
                  <route><prefix>0.0.0.0/0</prefix></route>
                </top>""", result.data());
    }

    @Test
    void mergeOfSameValuesReportsNoChange() throws Exception {
        EditResult result = merge(RUNNING, "<top xmlns='urn:x'><interface><name>eth0</name><mtu>1500</mtu></interface></top>");

        assertSameData(RUNNING, result.data());
        assertFalse(result.changed());
    }

    @Test
    void mergeAppliesOperationsNestedInsideIt() throws Exception {
        EditResult result = merge(RUNNING, """
                <top xmlns="urn:x">
                  <interface><name>eth0</name><enabled xc:operation="delete"/></interface>
                </top>""");

        assertSameData(RUNNING.replace("<enabled>true</enabled>", ""), result.data());
    }

    @Test
    void mergeOfEmptyElementIntoContainerChangesNothing() throws Exception {
        EditResult result = merge(RUNNING, "<top xmlns='urn:x'/>");

        assertSameData(RUNNING, result.data());
        assertFalse(result.changed());
    }

    @Test
    void replaceSwapsEntryInPlaceAndDropsChildrenItDoesNotMention() throws Exception {
        EditResult result = merge(RUNNING, """
                <top xmlns="urn:x">
                  <interface xc:operation="replace"><name>eth0</name><mtu>1280</mtu></interface>
                </top>""");

        assertSameData("""
                <top xmlns="urn:x">
                  <interface><name>eth0</name><mtu>1280</mtu></interface>
                  <interface><name>eth1</name><mtu>9000</mtu></interface>
                </top>
                <system xmlns="urn:y"><hostname>dev1</hostname><location>lab</location></system>""", result.data());
    }

    @Test
    void replaceCreatesMissingEntry() throws Exception {
        EditResult result = merge(RUNNING,
                "<top xmlns='urn:x'><interface xc:operation='replace'><name>eth2</name></interface></top>");

        assertSameData(RUNNING.replace("<mtu>9000</mtu></interface>",
                "<mtu>9000</mtu></interface><interface><name>eth2</name></interface>"), result.data());
    }

    @Test
    void replaceOfLeafReplacesItsValue() throws Exception {
        EditResult result = merge(RUNNING,
                "<system xmlns='urn:y'><hostname>dev1</hostname><location xc:operation='replace'>roof</location></system>");

        assertSameData(RUNNING.replace("lab", "roof"), result.data());
    }

    @Test
    void replaceReplacesAttributesOfTheElement() throws Exception {
        EditResult result = merge("<top xmlns='urn:x' a='1' b='2'><leaf>v</leaf></top>",
                "<top xmlns='urn:x' xc:operation='replace' b='3'><leaf>v</leaf></top>");

        assertSameData("<top xmlns='urn:x' b='3'><leaf>v</leaf></top>", result.data());
    }

    @Test
    void createAddsMissingEntry() throws Exception {
        EditResult result = merge(RUNNING,
                "<top xmlns='urn:x'><interface xc:operation='create'><name>eth2</name><mtu>68</mtu></interface></top>");

        assertSameData(RUNNING.replace("<mtu>9000</mtu></interface>",
                "<mtu>9000</mtu></interface><interface><name>eth2</name><mtu>68</mtu></interface>"), result.data());
    }

    @Test
    void createFailsWithDataExistsWhenEntryPresent() {
        RpcError error = stopError(
                "<top xmlns='urn:x'><interface xc:operation='create'><name>eth1</name><mtu>68</mtu></interface></top>");

        assertEquals(ErrorTag.DATA_EXISTS, error.tag());
        assertEquals(ErrorType.APPLICATION, error.type());
    }

    @Test
    void createFailsWithDataExistsWhenLeafPresent() {
        RpcError error = stopError(
                "<top xmlns='urn:x'><interface><name>eth1</name><mtu xc:operation='create'>68</mtu></interface></top>");

        assertEquals(ErrorTag.DATA_EXISTS, error.tag());
    }

    @Test
    void deleteRemovesPresentEntry() throws Exception {
        EditResult result = merge(RUNNING,
                "<top xmlns='urn:x'><interface xc:operation='delete'><name>eth0</name></interface></top>");

        assertSameData("""
                <top xmlns="urn:x"><interface><name>eth1</name><mtu>9000</mtu></interface></top>
                <system xmlns="urn:y"><hostname>dev1</hostname><location>lab</location></system>""", result.data());
        assertTrue(result.changed());
    }

    @Test
    void deleteFailsWithDataMissingWhenEntryAbsent() {
        RpcError error = stopError("<top xmlns='urn:x'><interface xc:operation='delete'><name>eth7</name></interface></top>");

        assertEquals(ErrorTag.DATA_MISSING, error.tag());
        assertEquals(ErrorType.APPLICATION, error.type());
    }

    @Test
    void deleteOfLeafIgnoresTheValueItCarries() throws Exception {
        EditResult result = merge(RUNNING,
                "<system xmlns='urn:y'><hostname>dev1</hostname><location xc:operation='delete'>elsewhere</location></system>");

        assertSameData(RUNNING.replace("<location>lab</location>", ""), result.data());
    }

    @Test
    void removeRemovesPresentEntry() throws Exception {
        EditResult result = merge(RUNNING,
                "<top xmlns='urn:x'><interface xc:operation='remove'><name>eth1</name></interface></top>");

        assertSameData("""
                <top xmlns="urn:x">
                  <interface><name>eth0</name><mtu>1500</mtu><enabled>true</enabled></interface>
                </top>
                <system xmlns="urn:y"><hostname>dev1</hostname><location>lab</location></system>""", result.data());
        assertTrue(result.changed());
    }

    @Test
    void removeOfMissingEntryIsNoErrorAndNoChange() throws Exception {
        EditResult result = merge(RUNNING,
                "<top xmlns='urn:x'><interface xc:operation='remove'><name>eth7</name></interface></top>");

        assertSameData(RUNNING, result.data());
        assertFalse(result.changed());
        assertTrue(result.errors().isEmpty());
    }

    @Test
    void childrenInheritOperationUntilOverridden() throws Exception {
        // default none: only the merge attribute lets anything be created, and the delete
        // below it overrides the inherited merge
        EditResult result = ConfigEditor.apply(data(RUNNING), config("""
                <top xmlns="urn:x" xc:operation="merge">
                  <interface><name>eth2</name><mtu>1</mtu></interface>
                  <interface xc:operation="delete"><name>eth0</name></interface>
                </top>"""), EditOperation.NONE, ErrorOption.STOP_ON_ERROR);

        assertSameData("""
                <top xmlns="urn:x">
                  <interface><name>eth1</name><mtu>9000</mtu></interface>
                  <interface><name>eth2</name><mtu>1</mtu></interface>
                </top>
                <system xmlns="urn:y"><hostname>dev1</hostname><location>lab</location></system>""", result.data());
    }

    @Test
    void operationsNestedInCreatedContentApply() {
        RpcError error = stopError("""
                <top xmlns="urn:x">
                  <interface xc:operation="create"><name>eth5</name><mtu xc:operation="delete"/></interface>
                </top>""");

        assertEquals(ErrorTag.DATA_MISSING, error.tag());
        assertEquals("/n1:top/n1:interface[n1:name='eth5']/n1:mtu", error.path());
    }

    @Test
    void operationAttributesAreNeverStored() throws Exception {
        EditResult result = merge(RUNNING, """
                <top xmlns="urn:x" xc:operation="merge">
                  <interface xc:operation="create"><name>eth3</name><mtu xc:operation="replace">1</mtu></interface>
                </top>""");

        String xml = NetconfXml.toString(result.data());
        assertFalse(xml.contains("operation"), xml);
    }

    @Test
    void otherAttributesAreCopiedAsData() throws Exception {
        EditResult result = merge("<top xmlns='urn:x' a='1'><leaf>v</leaf></top>",
                "<top xmlns='urn:x' xmlns:m='urn:meta' b='2'><leaf m:origin='cli'>v</leaf></top>");

        assertSameData("<top xmlns='urn:x' xmlns:m='urn:meta' a='1' b='2'><leaf m:origin='cli'>v</leaf></top>",
                result.data());
    }

    @Test
    void containerWhoseFirstChildIsLeafIsKeyedByIt() throws Exception {
        EditResult result = merge(RUNNING, "<system xmlns='urn:y'><hostname>dev2</hostname></system>");

        assertSameData(RUNNING + "<system xmlns='urn:y'><hostname>dev2</hostname></system>", result.data());
    }

    @Test
    void emptyElementIsIdentifiedByNameOnly() throws Exception {
        EditResult result = merge(RUNNING, "<system xmlns='urn:y' xc:operation='delete'/>");

        assertSameData("""
                <top xmlns="urn:x">
                  <interface><name>eth0</name><mtu>1500</mtu><enabled>true</enabled></interface>
                  <interface><name>eth1</name><mtu>9000</mtu></interface>
                </top>""", result.data());
    }

    @Test
    void sameLocalNameInAnotherNamespaceIsAnotherElement() throws Exception {
        EditResult result = merge(RUNNING, "<system xmlns='urn:z'><hostname>dev1</hostname></system>");

        assertSameData(RUNNING + "<system xmlns='urn:z'><hostname>dev1</hostname></system>", result.data());
    }

    @Test
    void inputDataIsNeverModified() throws Exception {
        Element running = data(RUNNING);
        String before = canonical(running);

        EditResult result = ConfigEditor.apply(running, config("<system xmlns='urn:y' xc:operation='delete'/>"),
                EditOperation.MERGE, ErrorOption.STOP_ON_ERROR);

        assertEquals(before, canonical(running));
        assertNotSame(running.getOwnerDocument(), result.data().getOwnerDocument());
        assertEquals(result.data(), result.data().getOwnerDocument().getDocumentElement());
    }
}
