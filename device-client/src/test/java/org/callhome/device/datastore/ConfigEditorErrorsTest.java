package org.callhome.device.datastore;

import static org.callhome.device.datastore.Xml.RUNNING;
import static org.callhome.device.datastore.Xml.assertSameData;
import static org.callhome.device.datastore.Xml.canonical;
import static org.callhome.device.datastore.Xml.config;
import static org.callhome.device.datastore.Xml.data;
import static org.callhome.device.datastore.Xml.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Error options, error-path and bad operation attributes of edit-config. */
class ConfigEditorErrorsTest {

    /** One edit that succeeds, between two that fail. */
    private static final String TWO_FAILURES = """
            <top xmlns="urn:x">
              <interface xc:operation="create"><name>eth0</name></interface>
              <interface><name>eth1</name><mtu>1280</mtu></interface>
              <interface xc:operation="delete"><name>eth9</name></interface>
            </top>""";

    private static RpcError stopError(String edit) {
        NetconfException e = assertThrows(NetconfException.class, () -> ConfigEditor.apply(
                data(RUNNING), config(edit), EditOperation.MERGE, ErrorOption.STOP_ON_ERROR));
        assertEquals(1, e.errors().size());
        return e.error();
    }

    @Test
    void stopOnErrorThrowsFirstErrorAndLeavesInputUntouched() {
        Element running = data(RUNNING);
        String before = canonical(running);

        NetconfException e = assertThrows(NetconfException.class, () -> ConfigEditor.apply(
                running, config(TWO_FAILURES), EditOperation.MERGE, ErrorOption.STOP_ON_ERROR));

        assertEquals(List.of(ErrorTag.DATA_EXISTS), e.errors().stream().map(RpcError::tag).toList());
        assertEquals(before, canonical(running));
    }

    @Test
    void rollbackOnErrorThrowsFirstErrorLikeStop() {
        NetconfException e = assertThrows(NetconfException.class, () -> ConfigEditor.apply(
                data(RUNNING), config(TWO_FAILURES), EditOperation.MERGE, ErrorOption.ROLLBACK_ON_ERROR));

        assertEquals(1, e.errors().size());
        assertEquals(ErrorTag.DATA_EXISTS, e.error().tag());
    }

    @Test
    void continueOnErrorAppliesWhatSucceedsAndReturnsEveryError() throws Exception {
        EditResult result = ConfigEditor.apply(data(RUNNING), config(TWO_FAILURES), EditOperation.MERGE,
                ErrorOption.CONTINUE_ON_ERROR);

        assertSameData(RUNNING.replace("9000", "1280"), result.data());
        assertTrue(result.changed());
        assertEquals(List.of(ErrorTag.DATA_EXISTS, ErrorTag.DATA_MISSING),
                result.errors().stream().map(RpcError::tag).toList());
        assertEquals("/n1:top/n1:interface[n1:name='eth0']", result.errors().get(0).path());
        assertEquals("/n1:top/n1:interface[n1:name='eth9']", result.errors().get(1).path());
    }

    @Test
    void continueOnErrorWithOnlyFailuresReportsNoChange() throws Exception {
        EditResult result = ConfigEditor.apply(data(RUNNING),
                config("<system xmlns='urn:y' xc:operation='create'><hostname>dev1</hostname></system>"),
                EditOperation.MERGE, ErrorOption.CONTINUE_ON_ERROR);

        assertSameData(RUNNING, result.data());
        assertEquals(1, result.errors().size());
        assertFalse(result.changed());
    }

    @Test
    void continueOnErrorUnderDefaultReplaceKeepsElementWhoseEditFailed() throws Exception {
        EditResult result = ConfigEditor.apply(data(RUNNING),
                config("<system xmlns='urn:y' xc:operation='create'><hostname>dev1</hostname></system>"),
                EditOperation.REPLACE, ErrorOption.CONTINUE_ON_ERROR);

        assertSameData("<system xmlns='urn:y'><hostname>dev1</hostname><location>lab</location></system>",
                result.data());
        assertEquals(ErrorTag.DATA_EXISTS, result.errors().get(0).tag());
    }

    @Test
    void errorPathUsesKeyPredicateAndBindsTheEditsPrefix() {
        RpcError error = stopError("""
                <t:top xmlns:t="urn:x">
                  <t:interface><t:name>eth0</t:name><t:mtu xc:operation="create">9000</t:mtu></t:interface>
                </t:top>""");

        assertEquals("/t:top/t:interface[t:name='eth0']/t:mtu", error.path());
        assertEquals(Map.of("t", "urn:x"), error.pathNamespaces());
        assertTrue(error.message().contains("/t:top/t:interface[t:name='eth0']/t:mtu"), error.message());
    }

    @Test
    void errorPathGeneratesOnePrefixPerNamespace() {
        RpcError error = stopError("""
                <top xmlns="urn:x">
                  <interface><name>eth0</name><ext xmlns="urn:ext" xc:operation="delete"/></interface>
                </top>""");

        assertEquals("/n1:top/n1:interface[n1:name='eth0']/n2:ext", error.path());
        assertEquals(Map.of("n1", "urn:x", "n2", "urn:ext"), error.pathNamespaces());
    }

    @Test
    void errorPathQuotesKeyHoldingApostrophe() {
        RpcError error = stopError(
                "<top xmlns='urn:x'><interface xc:operation='delete'><name>bob's</name></interface></top>");

        assertEquals("/n1:top/n1:interface[n1:name=\"bob's\"]", error.path());
    }

    @Test
    void errorPathLiteralWithBothQuotesUsesConcat() {
        assertEquals("concat('a', \"'\", 'b\"c')", ErrorPath.literal("a'b\"c"));
    }

    @Test
    void unknownOperationValueIsBadAttribute() {
        RpcError error = stopError(
                "<top xmlns='urn:x'><interface xc:operation='frobnicate'><name>eth0</name></interface></top>");

        assertEquals(ErrorTag.BAD_ATTRIBUTE, error.tag());
        assertEquals(ErrorType.PROTOCOL, error.type());
        assertEquals("operation", error.infoValue("bad-attribute"));
        assertEquals("interface", error.infoValue("bad-element"));
        assertEquals("/n1:top/n1:interface[n1:name='eth0']", error.path());
        assertTrue(error.message().contains("frobnicate"), error.message());
    }

    @Test
    void noneAsOperationAttributeIsBadAttribute() {
        RpcError error = stopError("<system xmlns='urn:y' xc:operation='none'><hostname>dev1</hostname></system>");

        assertEquals(ErrorTag.BAD_ATTRIBUTE, error.tag());
        assertEquals("system", error.infoValue("bad-element"));
    }

    @Test
    void operationAttributeWithAnyPrefixIsRecognised() throws Exception {
        EditResult result = ConfigEditor.apply(data(RUNNING),
                parse("<config xmlns='urn:ietf:params:xml:ns:netconf:base:1.0'>"
                        + "<system xmlns='urn:y' xmlns:nc='urn:ietf:params:xml:ns:netconf:base:1.0'"
                        + " nc:operation='remove'/></config>"),
                EditOperation.MERGE, ErrorOption.STOP_ON_ERROR);

        assertSameData(RUNNING.replaceAll("<system.*</system>", ""), result.data());
    }

    @Test
    void badAttributeIsFoundBeforeAnythingIsApplied() {
        // the bad attribute sits inside a subtree that a delete would otherwise just drop
        RpcError error = stopError("""
                <system xmlns="urn:y" xc:operation="delete"><location xc:operation="zap"/></system>""");

        assertEquals(ErrorTag.BAD_ATTRIBUTE, error.tag());
        assertEquals("location", error.infoValue("bad-element"));
    }

    @Test
    void continueOnErrorSkipsElementWithBadAttributeAndAppliesItsSiblings() throws Exception {
        EditResult result = ConfigEditor.apply(data(RUNNING), config("""
                <top xmlns="urn:x">
                  <interface xc:operation="zap"><name>eth0</name></interface>
                  <interface><name>eth1</name><mtu>1280</mtu></interface>
                </top>"""), EditOperation.MERGE, ErrorOption.CONTINUE_ON_ERROR);

        assertSameData(RUNNING.replace("9000", "1280"), result.data());
        assertEquals(List.of(ErrorTag.BAD_ATTRIBUTE), result.errors().stream().map(RpcError::tag).toList());
    }

    @Test
    void editOperationFromWireReadsLowercaseNames() throws Exception {
        for (EditOperation operation : EditOperation.values()) {
            assertEquals(operation, EditOperation.fromWire(operation.wireName()));
        }
        assertEquals("merge", EditOperation.MERGE.wireName());
    }

    @Test
    void editOperationFromWireRejectsUnknownNameAsBadAttribute() {
        NetconfException e = assertThrows(NetconfException.class, () -> EditOperation.fromWire("MERGE"));

        assertEquals(ErrorTag.BAD_ATTRIBUTE, e.error().tag());
        assertEquals(ErrorType.PROTOCOL, e.error().type());
        assertEquals("operation", e.error().infoValue("bad-attribute"));
    }

    @Test
    void errorOptionFromWireReadsWireNames() throws Exception {
        assertEquals(ErrorOption.STOP_ON_ERROR, ErrorOption.fromWire("stop-on-error"));
        assertEquals(ErrorOption.CONTINUE_ON_ERROR, ErrorOption.fromWire("continue-on-error"));
        assertEquals(ErrorOption.ROLLBACK_ON_ERROR, ErrorOption.fromWire(" rollback-on-error\n"));
        assertEquals("continue-on-error", ErrorOption.CONTINUE_ON_ERROR.wireName());
    }

    @Test
    void errorOptionFromWireRejectsUnknownNameAsInvalidValue() {
        NetconfException e = assertThrows(NetconfException.class, () -> ErrorOption.fromWire("ignore-errors"));

        assertEquals(ErrorTag.INVALID_VALUE, e.error().tag());
        assertEquals("error-option", e.error().infoValue("bad-element"));
    }
}
