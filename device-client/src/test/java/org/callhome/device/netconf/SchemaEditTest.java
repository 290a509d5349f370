package org.callhome.device.netconf;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.testing.NetconfTestClient;
import org.callhome.shared.testing.RepositoryFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * Schema-aware edit-config and copy-config (RFC 6241 §7.2 with RFC 7950 identity, types,
 * choices, insert and constraints), driven with example-system over a real NETCONF session on
 * loopback TCP.
 */
class SchemaEditTest {

    private static final String SYS = "urn:example:system";
    private static final String NC = "xmlns:nc=\"" + BASE_NS + "\"";
    private static final String YANG = "xmlns:yang=\"urn:ietf:params:xml:ns:yang:1\"";

    @TempDir
    Path dir;

    private TestDevice device;
    private NetconfTestClient client;

    @BeforeEach
    void start() throws Exception {
        device = new TestDevice(dir.resolve("data"),
                DeviceSchema.load(List.of(RepositoryFiles.root().resolve("examples/yang"))));
        client = device.connect();
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
    }

    private RpcReply edit(String options, String config) throws Exception {
        return client.rpc("<edit-config xmlns=\"" + BASE_NS + "\"><target><running/></target>" + options
                + "<config>" + config + "</config></edit-config>");
    }

    private void ok(String config) throws Exception {
        RpcReply reply = edit("", config);
        assertTrue(reply.isOk(), reply.toXml());
    }

    private RpcError error(String config) throws Exception {
        RpcReply reply = edit("", config);
        assertEquals(1, reply.errors().size(), reply.toXml());
        return reply.errors().get(0);
    }

    private static String system(String body) {
        return "<system xmlns=\"" + SYS + "\" " + NC + " " + YANG + ">" + body + "</system>";
    }

    private static String interfaces(String body) {
        return "<interfaces xmlns=\"" + SYS + "\" " + NC + ">" + body + "</interfaces>";
    }

    private Element running() throws Exception {
        return client.rpc("<get-config xmlns=\"" + BASE_NS + "\"><source><running/></source></get-config>").data();
    }

    private List<Element> all(String namespace, String... path) throws Exception {
        List<Element> level = List.of(running());
        for (String name : path) {
            level = level.stream().flatMap(e -> XmlTree.children(e, namespace, name).stream()).toList();
        }
        return level;
    }

    private List<String> texts(String... path) throws Exception {
        return all(SYS, path).stream().map(XmlTree::text).toList();
    }

    @Test
    void createOfAnExistingHostnameIsDataExists() throws Exception {
        ok(system("<hostname>a</hostname>"));
        RpcError e = error(system("<hostname nc:operation=\"create\">x</hostname>"));
        assertEquals(ErrorTag.DATA_EXISTS, e.tag());
        assertEquals("/sys:system/sys:hostname", e.path());
        assertEquals(SYS, e.pathNamespaces().get("sys"));
        assertEquals(List.of("a"), texts("system", "hostname"));
    }

    @Test
    void mergeOfANewHostnameKeepsOneSystem() throws Exception {
        ok(system("<hostname>a</hostname><location>lab</location>"));
        ok(system("<hostname>b</hostname>"));
        assertEquals(1, all(SYS, "system").size());
        assertEquals(List.of("b"), texts("system", "hostname"));
        assertEquals(List.of("lab"), texts("system", "location"));
    }

    @Test
    void listEntriesAreToldApartByAllTheirKeys() throws Exception {
        ok(interfaces("<interface><name>eth0</name><vlan><id>10</id><tagging>tagged</tagging></vlan>"
                + "<vlan><id>10</id><tagging>untagged</tagging></vlan></interface>"));
        ok(interfaces("<interface><name>eth0</name><vlan><id>10</id><tagging>tagged</tagging>"
                + "<description>uplink</description></vlan></interface>"));
        assertEquals(List.of("tagged", "untagged"), texts("interfaces", "interface", "vlan", "tagging"));
        assertEquals(List.of("uplink"), texts("interfaces", "interface", "vlan", "description"));
        ok(interfaces("<interface><name>eth0</name><vlan nc:operation=\"delete\"><id>10</id>"
                + "<tagging>untagged</tagging></vlan></interface>"));
        assertEquals(List.of("tagged"), texts("interfaces", "interface", "vlan", "tagging"));
    }

    @Test
    void aListEntryWithoutAllItsKeysIsMissingElement() throws Exception {
        RpcError e = error(interfaces("<interface><name>eth0</name><vlan><id>10</id></vlan></interface>"));
        assertEquals(ErrorTag.MISSING_ELEMENT, e.tag());
        assertEquals("tagging", e.infoValue("bad-element"));
        assertTrue(all(SYS, "interfaces").isEmpty());
    }

    @Test
    void newListEntriesAreWrittenKeysFirst() throws Exception {
        ok(interfaces("<interface><mtu>1500</mtu><name>eth0</name></interface>"));
        Element entry = all(SYS, "interfaces", "interface").get(0);
        assertEquals("name", XmlTree.childElements(entry).get(0).getLocalName());
    }

    @Test
    void aLeafListDeleteDeletesThatValueOnly() throws Exception {
        ok(system("<dns-server>1.1.1.1</dns-server><dns-server>8.8.8.8</dns-server>"));
        ok(system("<dns-server nc:operation=\"delete\">1.1.1.1</dns-server>"));
        assertEquals(List.of("8.8.8.8"), texts("system", "dns-server"));
        RpcError e = error(system("<dns-server nc:operation=\"create\">8.8.8.8</dns-server>"));
        assertEquals(ErrorTag.DATA_EXISTS, e.tag());
        assertEquals("/sys:system/sys:dns-server[.='8.8.8.8']", e.path());
        assertEquals(ErrorTag.DATA_MISSING,
                error(system("<dns-server nc:operation=\"delete\">9.9.9.9</dns-server>")).tag());
    }

    @Test
    void insertPlacesLeafListValuesOfAnOrderedByUserLeafList() throws Exception {
        ok(system("<dns-server>b</dns-server><dns-server>d</dns-server>"));
        ok(system("<dns-server yang:insert=\"first\">a</dns-server>"));
        ok(system("<dns-server yang:insert=\"after\" yang:value=\"b\">c</dns-server>"));
        ok(system("<dns-server yang:insert=\"before\" yang:value=\"a\">z</dns-server>"));
        assertEquals(List.of("z", "a", "b", "c", "d"), texts("system", "dns-server"));
        ok(system("<dns-server yang:insert=\"last\">z</dns-server>"));
        assertEquals(List.of("a", "b", "c", "d", "z"), texts("system", "dns-server"));
    }

    @Test
    void insertPlacesEntriesOfAnOrderedByUserList() throws Exception {
        ok(system("<ntp><server><address>n2</address></server><server><address>n4</address></server></ntp>"));
        ok(system("<ntp><server yang:insert=\"first\"><address>n1</address></server></ntp>"));
        ok(system("<ntp><server yang:insert=\"after\" yang:key=\"[sys:address='n2']\" xmlns:sys=\"" + SYS
                + "\"><address>n3</address></server></ntp>"));
        ok(system("<ntp><server yang:insert=\"before\" yang:key=\"[address='n1']\"><address>n0</address>"
                + "</server></ntp>"));
        assertEquals(List.of("n0", "n1", "n2", "n3", "n4"), texts("system", "ntp", "server", "address"));
        ok(system("<ntp><server yang:insert=\"last\"><address>n0</address><prefer>true</prefer></server></ntp>"));
        assertEquals(List.of("n1", "n2", "n3", "n4", "n0"), texts("system", "ntp", "server", "address"));
    }

    @Test
    void insertNamingAMissingEntryIsBadAttributeMissingInstance() throws Exception {
        ok(system("<dns-server>a</dns-server>"));
        RpcError e = error(system("<dns-server yang:insert=\"after\" yang:value=\"nope\">b</dns-server>"));
        assertEquals(ErrorTag.BAD_ATTRIBUTE, e.tag());
        assertEquals("missing-instance", e.appTag());
        e = error(system("<ntp><server yang:insert=\"before\" yang:key=\"[address='nope']\"><address>x</address>"
                + "</server></ntp>"));
        assertEquals(ErrorTag.BAD_ATTRIBUTE, e.tag());
        assertEquals("missing-instance", e.appTag());
        assertEquals(List.of("a"), texts("system", "dns-server"));
    }

    @Test
    void insertOnAnOrderedBySystemLeafListIsUnknownAttribute() throws Exception {
        RpcError e = error(system("<domain-search yang:insert=\"first\">example.com</domain-search>"));
        assertEquals(ErrorTag.UNKNOWN_ATTRIBUTE, e.tag());
        assertEquals("insert", e.infoValue("bad-attribute"));
    }

    @Test
    void creatingANodeOfOneCaseRemovesTheOtherCases() throws Exception {
        ok(system("<hostname>a</hostname><timezone-name>Europe/Paris</timezone-name>"));
        ok(system("<utc-offset>60</utc-offset>"));
        assertTrue(all(SYS, "system", "timezone-name").isEmpty());
        assertEquals(List.of("60"), texts("system", "utc-offset"));
        assertEquals(List.of("a"), texts("system", "hostname"));
    }

    @Test
    void twoCasesOfOneChoiceInOneEditIsBadElement() throws Exception {
        RpcError e = error(system("<timezone-name>UTC</timezone-name><utc-offset>0</utc-offset>"));
        assertEquals(ErrorTag.BAD_ELEMENT, e.tag());
        assertEquals("utc-offset", e.infoValue("bad-element"));
    }

    @Test
    void valuesAreCheckedAgainstTheirTypes() throws Exception {
        RpcError e = error(interfaces("<interface><name>eth0</name><mtu>10</mtu></interface>"));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals("/sys:interfaces/sys:interface[sys:name='eth0']/sys:mtu", e.path());
        assertTrue(e.message().contains("'10'") && e.message().contains("68..9216"), e.message());

        e = error(system("<user><name>bob</name><uid>abc</uid></user>"));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals("/sys:system/sys:user[sys:name='bob']/sys:uid", e.path());
        assertTrue(e.message().contains("'abc'"), e.message());

        e = error(interfaces("<interface><name>eth0</name><vlan><id>5</id><tagging>bogus</tagging></vlan>"
                + "</interface>"));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertTrue(e.message().contains("bogus") && e.message().contains("untagged"), e.message());

        e = error(system("<hostname>-bad</hostname>"));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertTrue(e.message().contains("regular expression"), e.message());
        assertTrue(all(SYS, "interfaces").isEmpty());
        assertTrue(all(SYS, "system").isEmpty());
    }

    @Test
    void anElementTheSchemaDoesNotDefineIsUnknownElement() throws Exception {
        RpcError e = error(system("<colour>blue</colour>"));
        assertEquals(ErrorTag.UNKNOWN_ELEMENT, e.tag());
        assertEquals("colour", e.infoValue("bad-element"));
        e = error("<nothing-here xmlns=\"" + SYS + "\"/>");
        assertEquals(ErrorTag.UNKNOWN_ELEMENT, e.tag());
    }

    @Test
    void stateDataCannotBeConfigured() throws Exception {
        RpcError e = error("<statistics xmlns=\"" + SYS + "\"><boot-count>3</boot-count></statistics>");
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals("/sys:statistics", e.path());
    }

    @Test
    void aMissingMandatoryLeafFailsTheCheckAndNothingIsWritten() throws Exception {
        RpcError e = error(system("<user><name>bob</name><role>admin</role></user>"));
        assertEquals(ErrorTag.DATA_MISSING, e.tag());
        assertEquals("/sys:system/sys:user[sys:name='bob']/sys:uid", e.path());
        assertTrue(all(SYS, "system").isEmpty());
        ok(system("<user><name>bob</name><uid>1000</uid></user>"));
        // defaults are not stored: role stays unset
        assertTrue(all(SYS, "system", "user", "role").isEmpty());
    }

    @Test
    void deletingAnUnsetLeafWithADefaultIsDataMissing() throws Exception {
        ok(interfaces("<interface><name>eth0</name></interface>"));
        RpcError e = error(interfaces("<interface><name>eth0</name><enabled nc:operation=\"delete\"/></interface>"));
        assertEquals(ErrorTag.DATA_MISSING, e.tag());
    }

    @Test
    void continueOnErrorAppliesTheValidPartsOfASchemaEdit() throws Exception {
        RpcReply reply = edit("<error-option>continue-on-error</error-option>",
                system("<hostname>good</hostname>") + interfaces("<interface><name>eth0</name><mtu>10</mtu>"
                        + "</interface>"));
        assertEquals(1, reply.errors().size(), reply.toXml());
        assertEquals(ErrorTag.INVALID_VALUE, reply.errors().get(0).tag());
        assertEquals(List.of("good"), texts("system", "hostname"));
        assertTrue(all(SYS, "interfaces", "interface", "mtu").isEmpty());
    }

    @Test
    void defaultOperationReplaceReplacesSchemaAndSchemalessContentAlike() throws Exception {
        ok(system("<hostname>a</hostname><location>lab</location>") + "<x xmlns=\"urn:example:other\">1</x>");
        RpcReply reply = edit("<default-operation>replace</default-operation>", system("<hostname>c</hostname>"));
        assertTrue(reply.isOk(), reply.toXml());
        assertEquals(List.of("c"), texts("system", "hostname"));
        assertTrue(all(SYS, "system", "location").isEmpty());
        assertTrue(all("urn:example:other", "x").isEmpty());
    }

    @Test
    void schemalessNamespacesKeepTheHeuristics() throws Exception {
        String other = "urn:example:other";
        ok("<system xmlns=\"" + other + "\"><hostname>a</hostname></system>");
        // without schema the first leaf counts as a key, so this creates a second <system>
        ok("<system xmlns=\"" + other + "\" " + NC + "><hostname nc:operation=\"create\">x</hostname></system>");
        assertEquals(2, all(other, "system").size());
    }

    @Test
    void copyConfigChecksTheContentTheSchemaKnows() throws Exception {
        String copy = "<copy-config xmlns=\"" + BASE_NS + "\"><target><running/></target><source><config>%s"
                + "</config></source></copy-config>";
        RpcReply reply = client.rpc(copy.formatted(interfaces("<interface><name>e</name><mtu>1</mtu></interface>")));
        assertEquals(ErrorTag.INVALID_VALUE, reply.errors().get(0).tag(), reply.toXml());
        reply = client.rpc(copy.formatted(system("<user><name>bob</name></user>")));
        assertEquals(ErrorTag.DATA_MISSING, reply.errors().get(0).tag(), reply.toXml());
        reply = client.rpc(copy.formatted(system("<hostname>h</hostname>") + "<y xmlns=\"urn:example:other\">2</y>"));
        assertTrue(reply.isOk(), reply.toXml());
        assertEquals(List.of("h"), texts("system", "hostname"));
        assertEquals("2", XmlTree.text(all("urn:example:other", "y").get(0)));
        assertNull(XmlTree.child(running(), SYS, "interfaces"));
    }
}
