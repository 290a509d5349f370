package org.callhome.device.datastore;

import static org.callhome.device.datastore.Xml.RUNNING;
import static org.callhome.device.datastore.Xml.assertSameData;
import static org.callhome.device.datastore.Xml.config;
import static org.callhome.device.datastore.Xml.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.junit.jupiter.api.Test;

/** The {@code <default-operation>} parameter: merge, replace and none (RFC 6241 §7.2). */
class ConfigEditorDefaultOperationTest {

    private static EditResult apply(EditOperation defaultOperation, String edit) throws NetconfException {
        return ConfigEditor.apply(data(RUNNING), config(edit), defaultOperation, ErrorOption.STOP_ON_ERROR);
    }

    private static RpcError error(EditOperation defaultOperation, String edit) {
        NetconfException e = assertThrows(NetconfException.class, () -> apply(defaultOperation, edit));
        return e.error();
    }

    @Test
    void defaultMergeMergesEveryLevelAndCreatesWhatIsMissing() throws Exception {
        EditResult result = apply(EditOperation.MERGE, """
                <top xmlns="urn:x"><interface><name>eth0</name><mtu>1400</mtu></interface></top>
                <ntp xmlns="urn:z"><server><address>10.0.0.1</address></server></ntp>""");

        assertSameData(RUNNING.replace("1500", "1400")
                + "<ntp xmlns='urn:z'><server><address>10.0.0.1</address></server></ntp>", result.data());
    }

    @Test
    void defaultReplaceMakesConfigTheWholeDatastore() throws Exception {
        EditResult result = apply(EditOperation.REPLACE,
                "<top xmlns='urn:x'><interface><name>eth1</name><mtu>1280</mtu></interface></top>");

        assertSameData("<top xmlns='urn:x'><interface><name>eth1</name><mtu>1280</mtu></interface></top>",
                result.data());
        assertTrue(result.changed());
    }

    @Test
    void defaultReplaceWithEmptyConfigEmptiesTheDatastore() throws Exception {
        EditResult result = apply(EditOperation.REPLACE, "");

        assertSameData("", result.data());
    }

    @Test
    void defaultReplaceYieldsToMergeAttributeInside() throws Exception {
        EditResult result = apply(EditOperation.REPLACE, """
                <top xmlns="urn:x" xc:operation="merge">
                  <interface><name>eth1</name><mtu>1280</mtu></interface>
                </top>""");

        assertSameData("""
                <top xmlns="urn:x">
                  <interface><name>eth0</name><mtu>1500</mtu><enabled>true</enabled></interface>
                  <interface><name>eth1</name><mtu>1280</mtu></interface>
                </top>""", result.data());
    }

    @Test
    void defaultReplaceOfIdenticalConfigReportsNoChange() throws Exception {
        EditResult result = apply(EditOperation.REPLACE, RUNNING);

        assertSameData(RUNNING, result.data());
        assertFalse(result.changed());
    }

    @Test
    void defaultNoneIgnoresValuesWithoutOperationAttributes() throws Exception {
        EditResult result = apply(EditOperation.NONE,
                "<top xmlns='urn:x'><interface><name>eth0</name><mtu>1</mtu></interface></top>");

        assertSameData(RUNNING, result.data());
        assertFalse(result.changed());
    }

    @Test
    void defaultNoneDeletesWithoutCreatingParents() throws Exception {
        EditResult result = apply(EditOperation.NONE,
                "<top xmlns='urn:x'><interface xc:operation='delete'><name>eth0</name></interface></top>");

        assertSameData("""
                <top xmlns="urn:x"><interface><name>eth1</name><mtu>9000</mtu></interface></top>
                <system xmlns="urn:y"><hostname>dev1</hostname><location>lab</location></system>""", result.data());
    }

    @Test
    void defaultNoneAppliesOperationOnTheElementThatCarriesIt() throws Exception {
        EditResult result = apply(EditOperation.NONE,
                "<top xmlns='urn:x'><interface xc:operation='create'><name>eth2</name><mtu>1</mtu></interface></top>");

        assertSameData(RUNNING.replace("<mtu>9000</mtu></interface>",
                "<mtu>9000</mtu></interface><interface><name>eth2</name><mtu>1</mtu></interface>"), result.data());
    }

    @Test
    void defaultNoneReportsDataMissingForMissingIntermediateLevel() {
        RpcError error = error(EditOperation.NONE,
                "<ntp xmlns='urn:z'><server xc:operation='create'><address>10.0.0.1</address></server></ntp>");

        assertEquals(ErrorTag.DATA_MISSING, error.tag());
        assertEquals(ErrorType.APPLICATION, error.type());
        assertEquals("/n1:ntp", error.path());
        assertEquals("urn:z", error.pathNamespaces().get("n1"));
    }

    @Test
    void defaultNoneReportsDataMissingForMissingLeafWithoutOperation() {
        RpcError error = error(EditOperation.NONE,
                "<top xmlns='urn:x'><interface><name>eth1</name><enabled>true</enabled></interface></top>");

        assertEquals(ErrorTag.DATA_MISSING, error.tag());
        assertEquals("/n1:top/n1:interface[n1:name='eth1']/n1:enabled", error.path());
    }

    @Test
    void defaultOperationOtherThanMergeReplaceOrNoneIsInvalidValue() {
        for (EditOperation operation : new EditOperation[] {
                EditOperation.CREATE, EditOperation.DELETE, EditOperation.REMOVE}) {
            RpcError error = error(operation, "");

            assertEquals(ErrorTag.INVALID_VALUE, error.tag());
            assertEquals(ErrorType.PROTOCOL, error.type());
            assertEquals("default-operation", error.infoValue("bad-element"));
        }
    }
}
