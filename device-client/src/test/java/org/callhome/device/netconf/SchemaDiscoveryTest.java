package org.callhome.device.netconf;

import static org.callhome.device.netconf.SchemaDiscovery.MONITORING_NS;
import static org.callhome.device.netconf.SchemaDiscovery.YANG_LIBRARY_NS;
import static org.callhome.shared.netconf.message.Netconf.BASE_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.device.yang.YangModule;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.testing.NetconfTestClient;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.shared.testing.Yanglint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * Schema discovery over real loopback TCP with our client engine: the hello's module and YANG
 * library capabilities, the state data of ietf-netconf-monitoring and ietf-yang-library in
 * {@code <get>} (checked by yanglint against the modules), and get-schema with its errors.
 */
class SchemaDiscoveryTest {

    private static final String MONITORING_FILE = "ietf-netconf-monitoring@2010-10-04.yang";

    @TempDir
    Path dir;

    private TestDevice device;
    private DeviceNetconfServer server;
    private NetconfTestClient client;

    @BeforeEach
    void start() throws Exception {
        device = new TestDevice(dir.resolve("data"));
        server = device.server;
        client = connect(Role.ADMIN);
    }

    private NetconfTestClient connect(Role role) throws Exception {
        return device.connect(role);
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
    }

    private static String getSchema(String parameters) {
        return "<get-schema xmlns=\"" + MONITORING_NS + "\">" + parameters + "</get-schema>";
    }

    private static String get(String filter) {
        return "<get xmlns=\"" + BASE_NS + "\">" + filter + "</get>";
    }

    private RpcError error(String xml) throws Exception {
        RpcReply reply = client.rpc(xml);
        assertEquals(1, reply.errors().size(), reply.toXml());
        return reply.errors().get(0);
    }

    private static String shippedText(String file) throws Exception {
        return Files.readString(RepositoryFiles.ietfYang().resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void helloNamesEachYang10ModuleAndTheYangLibraryOfTheSchema() throws Exception {
        List<String> hello = client.hello().capabilities();
        String contentId = DeviceSchema.shipped().contentId();

        assertTrue(hello.contains("urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring?module=ietf-netconf-monitoring"
                + "&revision=2010-10-04"), hello.toString());
        assertTrue(hello.contains("urn:ietf:params:xml:ns:yang:ietf-inet-types?module=ietf-inet-types"
                + "&revision=2013-07-15"), hello.toString());
        // ietf-netconf's features are those of the capabilities offered
        assertTrue(hello.contains("urn:ietf:params:xml:ns:netconf:base:1.0?module=ietf-netconf&revision=2013-09-29"
                + "&features=candidate,confirmed-commit,rollback-on-error,validate,writable-running"), hello.toString());
        assertTrue(hello.contains("urn:ietf:params:netconf:capability:yang-library:1.1?revision=2019-01-04"
                + "&content-id=" + contentId), hello.toString());
        assertTrue(hello.contains("urn:ietf:params:netconf:capability:yang-library:1.0?revision=2019-01-04"
                + "&module-set-id=" + contentId), hello.toString());
        // YANG 1.1 modules are for the YANG library to list (RFC 7950 §5.6.4)
        assertTrue(hello.stream().noneMatch(uri -> uri.contains("module=ietf-yang-library")
                || uri.contains("module=ietf-netconf-server")), hello.toString());
        assertTrue(hello.containsAll(DeviceNetconfServer.CAPABILITIES), hello.toString());
    }

    @Test
    void capabilitiesAreMadeOncePerSchemaNotPerServerOrSession() throws Exception {
        try (DeviceNetconfServer other = new DeviceNetconfServer(dir.resolve("other"), NetconfLimits.DEFAULT,
                Runnable::run)) {
            assertSame(server.capabilities(), other.capabilities());
        }
        assertEquals(server.capabilities(), connect(Role.ADMIN).hello().capabilities());
    }

    @Test
    void ietfNetconfFeaturesFollowTheCapabilitiesOffered() throws Exception {
        List<String> withoutCandidate = new ArrayList<>(DeviceNetconfServer.CAPABILITIES);
        withoutCandidate.removeAll(List.of(Netconf.CANDIDATE, Netconf.CONFIRMED_COMMIT_1_1, Netconf.VALIDATE_1_1));
        SchemaDiscovery discovery = SchemaDiscovery.forCapabilities(DeviceSchema.shipped(), withoutCandidate);

        assertTrue(discovery.capabilities().contains("urn:ietf:params:xml:ns:netconf:base:1.0?module=ietf-netconf"
                + "&revision=2013-09-29&features=rollback-on-error,writable-running"),
                discovery.capabilities().toString());
        Element data = NetconfXml.newDocument().createElementNS(BASE_NS, "data");
        discovery.appendState(data, List.of(), Instant.now(), 0);
        String xml = NetconfXml.toString(data);
        assertFalse(xml.contains("<datastore><name>candidate</name></datastore>"), xml);

        Element offered = NetconfXml.newDocument().createElementNS(BASE_NS, "data");
        SchemaDiscovery.of(DeviceSchema.shipped()).appendState(offered, List.of(), Instant.now(), 0);
        String full = NetconfXml.toString(offered);
        assertTrue(full.contains("<datastore><name>candidate</name></datastore>"), full);
        assertTrue(full.contains(">ds:candidate</name>"), full);
    }

    @Test
    void getReturnsTheStateDataBesideRunningAndYanglintAcceptsIt() throws Exception {
        Yanglint.requireAvailable();
        assertTrue(client.rpc("<edit-config xmlns=\"" + BASE_NS + "\"><target><running/></target><config>"
                + "<a xmlns=\"urn:a\">1</a></config></edit-config>").isOk());

        Element data = client.rpc(get("")).data();

        assertNotNull(XmlTree.child(data, "urn:a", "a"), "running's content is still there");
        Element state = XmlTree.child(data, MONITORING_NS, "netconf-state");
        assertNotNull(state);
        assertNotNull(XmlTree.child(data, YANG_LIBRARY_NS, "yang-library"));
        assertNotNull(XmlTree.child(data, YANG_LIBRARY_NS, "modules-state"));
        Element session = XmlTree.child(XmlTree.child(state, MONITORING_NS, "sessions"), MONITORING_NS, "session");
        assertEquals(Long.toString(client.sessionId()), XmlTree.text(XmlTree.child(session, MONITORING_NS,
                "session-id")));
        assertEquals("admin", XmlTree.text(XmlTree.child(session, MONITORING_NS, "username")));
        assertEquals("netconf-ssh", XmlTree.text(XmlTree.child(session, MONITORING_NS, "transport")));

        Path file = dir.resolve("state.xml");
        StringBuilder xml = new StringBuilder();
        for (Element top : XmlTree.childElements(data)) {
            if (!"urn:a".equals(top.getNamespaceURI())) {
                xml.append(NetconfXml.toString(top)).append('\n');
            }
        }
        Files.writeString(file, xml);
        Yanglint.Result result = Yanglint.run(List.of("yanglint", "-t", "data", "-p",
                RepositoryFiles.ietfYang().toString(),
                RepositoryFiles.ietfYang().resolve(MONITORING_FILE).toString(),
                RepositoryFiles.ietfYang().resolve("ietf-yang-library@2019-01-04.yang").toString(),
                // implemented, as the device implements every module: the datastore names are its identities
                RepositoryFiles.ietfYang().resolve("ietf-datastores@2018-02-14.yang").toString(),
                file.toString()));
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void aFilterOnSchemasListsEveryModuleAndNothingElse() throws Exception {
        Element data = client.rpc(get("<filter type=\"subtree\"><netconf-state xmlns=\"" + MONITORING_NS + "\">"
                + "<schemas/></netconf-state></filter>")).data();

        assertEquals(1, XmlTree.childElements(data).size(), NetconfXml.toString(data));
        Element state = XmlTree.child(data, MONITORING_NS, "netconf-state");
        assertEquals(1, XmlTree.childElements(state).size(), NetconfXml.toString(data));
        List<Element> schemas = XmlTree.children(XmlTree.child(state, MONITORING_NS, "schemas"), MONITORING_NS,
                "schema");
        List<YangModule> modules = DeviceSchema.shipped().modules();
        assertEquals(modules.size(), schemas.size());
        Element first = schemas.get(0);
        assertEquals(modules.get(0).name(), XmlTree.text(XmlTree.child(first, MONITORING_NS, "identifier")));
        assertEquals(modules.get(0).revision().orElse(""), XmlTree.text(XmlTree.child(first, MONITORING_NS,
                "version")));
        assertEquals("yang", XmlTree.text(XmlTree.child(first, MONITORING_NS, "format")));
        assertEquals(modules.get(0).namespace(), XmlTree.text(XmlTree.child(first, MONITORING_NS, "namespace")));
        assertEquals("NETCONF", XmlTree.text(XmlTree.child(first, MONITORING_NS, "location")));
    }

    @Test
    void aFilterOnConfigurationOnlyAndGetConfigReturnNoState() throws Exception {
        assertTrue(client.rpc("<edit-config xmlns=\"" + BASE_NS + "\"><target><running/></target><config>"
                + "<a xmlns=\"urn:a\">1</a></config></edit-config>").isOk());

        Element data = client.rpc(get("<filter><a xmlns=\"urn:a\"/></filter>")).data();
        assertEquals(1, XmlTree.childElements(data).size(), NetconfXml.toString(data));

        data = client.rpc("<get-config xmlns=\"" + BASE_NS + "\"><source><running/></source></get-config>").data();
        assertEquals(1, XmlTree.childElements(data).size(), NetconfXml.toString(data));
        assertNull(XmlTree.child(data, MONITORING_NS, "netconf-state"));
    }

    @Test
    void getSchemaReturnsTheModuleTextExactly() throws Exception {
        String expected = shippedText(MONITORING_FILE);
        assertTrue(expected.contains("<error-tag>"), "the text needs escaping, so this test checks it");

        RpcReply reply = client.rpc(getSchema("<identifier>ietf-netconf-monitoring</identifier>"));
        Element data = XmlTree.child(reply.element(), MONITORING_NS, "data");
        assertNotNull(data, reply.toXml());
        assertEquals(expected, data.getTextContent());

        reply = client.rpc(getSchema("<identifier>ietf-netconf-monitoring</identifier><version>2010-10-04</version>"
                + "<format xmlns:m=\"" + MONITORING_NS + "\">m:yang</format>"));
        assertEquals(expected, XmlTree.child(reply.element(), MONITORING_NS, "data").getTextContent());
    }

    @Test
    void aReadOnlyAccountMayFetchSchemasAndReadTheState() throws Exception {
        NetconfTestClient viewer = connect(Role.READ_ONLY);

        RpcReply reply = viewer.rpc(getSchema("<identifier>ietf-yang-library</identifier><format>yang</format>"));
        assertEquals(shippedText("ietf-yang-library@2019-01-04.yang"),
                XmlTree.child(reply.element(), MONITORING_NS, "data").getTextContent());
        Element data = viewer.rpc(get("<filter><modules-state xmlns=\"" + YANG_LIBRARY_NS + "\"/></filter>")).data();
        assertNotNull(XmlTree.child(data, YANG_LIBRARY_NS, "modules-state"), NetconfXml.toString(data));
    }

    @Test
    void anUnknownSchemaOrVersionIsInvalidValue() throws Exception {
        RpcError e = error(getSchema("<identifier>no-such-module</identifier>"));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals("identifier", e.infoValue("bad-element"));

        e = error(getSchema("<identifier>ietf-netconf-monitoring</identifier><version>2099-01-01</version>"));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals("version", e.infoValue("bad-element"));
        assertTrue(e.message().contains("2010-10-04"), e.message());
    }

    @Test
    void aFormatOtherThanYangIsInvalidValue() throws Exception {
        RpcError e = error(getSchema("<identifier>ietf-netconf-monitoring</identifier><format>yin</format>"));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals("format", e.infoValue("bad-element"));

        // "yang" of another module is not ietf-netconf-monitoring's identity
        e = error(getSchema("<identifier>ietf-netconf-monitoring</identifier>"
                + "<format xmlns:x=\"urn:other\">x:yang</format>"));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
    }

    @Test
    void malformedParametersAreRefusedWithTheirTag() throws Exception {
        RpcError e = error(getSchema("<version>2010-10-04</version>"));
        assertEquals(ErrorTag.MISSING_ELEMENT, e.tag());
        assertEquals("identifier", e.infoValue("bad-element"));

        e = error(getSchema("<identifier>ietf-netconf-monitoring</identifier><depth>1</depth>"));
        assertEquals(ErrorTag.UNKNOWN_ELEMENT, e.tag());
        assertEquals("depth", e.infoValue("bad-element"));

        e = error(getSchema("<identifier>a</identifier><identifier>b</identifier>"));
        assertEquals(ErrorTag.BAD_ELEMENT, e.tag());

        e = error(getSchema("<identifier xmlns=\"urn:other\">ietf-netconf-monitoring</identifier>"));
        assertEquals(ErrorTag.UNKNOWN_NAMESPACE, e.tag());
        assertEquals("urn:other", e.infoValue("bad-namespace"));

        // the session goes on
        assertNotNull(XmlTree.child(client.rpc(getSchema("<identifier>ietf-netconf-monitoring</identifier>"))
                .element(), MONITORING_NS, "data"));
    }

    @Test
    void severalVersionsWithoutAVersionAreDataNotUnique() throws Exception {
        List<YangModule> modules = List.of(
                new YangModule("m", Optional.of("2020-01-01"), "urn:m", List.of(), "test", "module m {}"),
                new YangModule("m", Optional.of("2021-01-01"), "urn:m", List.of(), "test", "module m { }"));

        NetconfException e = assertThrows(NetconfException.class, () -> GetSchema.find(modules, "m",
                Optional.empty()));
        assertEquals(ErrorTag.OPERATION_FAILED, e.error().tag());
        assertEquals("data-not-unique", e.error().appTag());
        assertEquals("module m { }", GetSchema.find(modules, "m", Optional.of("2021-01-01")).text());
    }

    @Test
    void anEmptyVersionNamesAModuleWithoutRevision() throws Exception {
        List<YangModule> modules = List.of(new YangModule("m", Optional.empty(), "urn:m", List.of(), "test", "t"));

        assertEquals("t", GetSchema.find(modules, "m", Optional.of("")).text());
        assertFalse(assertThrows(NetconfException.class, () -> GetSchema.find(modules, "m",
                Optional.of("2020-01-01"))).getMessage().isEmpty());
    }
}
