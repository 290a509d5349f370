package org.callhome.device.netconf;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.callhome.device.datastore.WithDefaultsMode;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.testing.NetconfTestClient;
import org.callhome.shared.testing.RepositoryFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * RFC 6243 with-defaults on get and get-config, and the default attribute in edit-config,
 * driven over a real NETCONF session on loopback TCP with example-system and the test module
 * example-defaults (leaf-list defaults, a default case, a typedef and an identityref default).
 */
class WithDefaultsTest {

    private static final String SYS = "urn:example:system";
    private static final String DFT = "urn:example:defaults";
    private static final String WD = WithDefaultsMode.ATTRIBUTE_NS;
    private static final String NC = "xmlns:nc=\"" + BASE_NS + "\"";

    @TempDir
    Path dir;

    private TestDevice device;
    private NetconfTestClient client;

    @BeforeEach
    void start() throws Exception {
        Path defaults = Path.of(WithDefaultsTest.class.getResource("/yang-defaults").toURI());
        device = new TestDevice(dir.resolve("data"),
                DeviceSchema.load(List.of(RepositoryFiles.root().resolve("examples/yang"), defaults)));
        client = device.connect();
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
    }

    private void ok(String config) throws Exception {
        RpcReply reply = edit(config);
        assertTrue(reply.isOk(), reply.toXml());
    }

    private RpcReply edit(String config) throws Exception {
        return client.rpc("<edit-config xmlns=\"" + BASE_NS + "\"><target><running/></target><config>" + config
                + "</config></edit-config>");
    }

    private RpcReply getConfig(String mode, String filter) throws Exception {
        return client.rpc("<get-config xmlns=\"" + BASE_NS + "\"><source><running/></source>"
                + (filter == null ? "" : "<filter type=\"subtree\">" + filter + "</filter>")
                + (mode == null ? "" : "<with-defaults xmlns=\"" + WithDefaultsMode.NS + "\">" + mode
                + "</with-defaults>") + "</get-config>");
    }

    private Element data(String mode, String filter) throws Exception {
        RpcReply reply = getConfig(mode, filter);
        assertTrue(reply.errors().isEmpty(), reply.toXml());
        return reply.data();
    }

    private static List<Element> all(Element root, String namespace, String... path) {
        List<Element> level = List.of(root);
        for (String name : path) {
            level = level.stream().flatMap(e -> XmlTree.children(e, namespace, name).stream()).toList();
        }
        return level;
    }

    private static List<String> texts(Element root, String namespace, String... path) {
        return all(root, namespace, path).stream().map(XmlTree::text).toList();
    }

    private static String tag(Element element) {
        return element.hasAttributeNS(WD, "default") ? element.getAttributeNS(WD, "default") : null;
    }

    private void seedSystem() throws Exception {
        ok("<system xmlns=\"" + SYS + "\"><hostname>r1</hostname><ntp/>"
                + "<user><name>ann</name><uid>1</uid></user>"
                + "<user><name>bob</name><uid>2</uid><role>admin</role></user></system>"
                + "<interfaces xmlns=\"" + SYS + "\"><interface><name>eth0</name></interface>"
                + "<interface><name>eth1</name><enabled>false</enabled></interface></interfaces>");
    }

    @Test
    void theHelloOffersTheCapability() throws Exception {
        List<String> hello = client.hello().capabilities();
        assertTrue(hello.contains("urn:ietf:params:netconf:capability:with-defaults:1.0?basic-mode=explicit"
                + "&also-supported=report-all,report-all-tagged,trim"), hello.toString());
        assertTrue(hello.stream().anyMatch(c -> c.startsWith("urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults"
                + "?module=ietf-netconf-with-defaults&revision=2011-06-01")), hello.toString());
    }

    @Test
    void explicitShowsOnlyWhatWasSet() throws Exception {
        seedSystem();
        for (String mode : new String[] {null, "explicit"}) {
            Element data = data(mode, null);
            assertTrue(all(data, SYS, "system", "ntp", "enabled").isEmpty());
            assertEquals(List.of("admin"), texts(data, SYS, "system", "user", "role"));
            assertEquals(List.of("false"), texts(data, SYS, "interfaces", "interface", "enabled"));
            assertTrue(all(data, DFT, "logging").isEmpty());
        }
    }

    @Test
    void reportAllAddsTheDefaultsOfExistingNodes() throws Exception {
        seedSystem();
        Element data = data("report-all", null);
        assertEquals(List.of("true"), texts(data, SYS, "system", "ntp", "enabled"));
        assertEquals(List.of("viewer", "admin"), texts(data, SYS, "system", "user", "role"));
        assertEquals(List.of("true", "false"), texts(data, SYS, "interfaces", "interface", "enabled"));
        assertTrue(all(data, SYS, "system", "ntp", "enabled").stream().allMatch(e -> tag(e) == null));
        // the non-presence container exists implicitly with its defaults, two levels deep too
        assertEquals(List.of("1000"), texts(data, DFT, "logging", "buffer", "size", "lines"));
        assertEquals(List.of("514"), texts(data, DFT, "logging", "port"));
        assertEquals(List.of("daemon", "auth"), texts(data, DFT, "logging", "facility"));
        // the default case's default, not the other case's
        assertEquals(List.of("3"), texts(data, DFT, "logging", "console-level"));
        assertTrue(all(data, DFT, "logging", "remote-level").isEmpty());
        Element transport = all(data, DFT, "logging", "transport").get(0);
        String text = XmlTree.text(transport);
        String prefix = text.substring(0, text.indexOf(':'));
        assertEquals(DFT, transport.lookupNamespaceURI(prefix), "the identityref's prefix is declared");
        assertEquals("udp", text.substring(text.indexOf(':') + 1));
    }

    @Test
    void aPresenceContainerThatDoesNotExistBringsNoDefaults() throws Exception {
        ok("<system xmlns=\"" + SYS + "\"><hostname>r1</hostname></system>");
        Element data = data("report-all", null);
        assertTrue(all(data, SYS, "system", "ntp").isEmpty());
        assertEquals(List.of("r1"), texts(data, SYS, "system", "hostname"));
    }

    @Test
    void theActiveCaseBringsItsDefaultsAndTheDefaultCaseNone() throws Exception {
        ok("<logging xmlns=\"" + DFT + "\"><remote-host>log.example</remote-host><facility>kern</facility>"
                + "</logging>");
        Element data = data("report-all", null);
        assertEquals(List.of("5"), texts(data, DFT, "logging", "remote-level"));
        assertTrue(all(data, DFT, "logging", "console-level").isEmpty());
        assertEquals(List.of("kern"), texts(data, DFT, "logging", "facility"), "set entries replace the defaults");
    }

    @Test
    void reportAllTaggedTagsEveryLeafHoldingItsDefault() throws Exception {
        seedSystem();
        ok("<system xmlns=\"" + SYS + "\"><user><name>cy</name><uid>3</uid><role>viewer</role></user></system>");
        RpcReply reply = getConfig("report-all-tagged", null);
        assertTrue(reply.toXml().contains("\"" + WD + "\""), reply.toXml());
        Element data = reply.data();
        List<Element> roles = all(data, SYS, "system", "user", "role");
        assertEquals(List.of("viewer", "admin", "viewer"), roles.stream().map(XmlTree::text).toList());
        assertEquals("true", tag(roles.get(0)));
        assertNull(tag(roles.get(1)));
        assertEquals("true", tag(roles.get(2)), "a value set equal to the default is default data too");
        List<Element> enabled = all(data, SYS, "interfaces", "interface", "enabled");
        assertEquals("true", tag(enabled.get(0)));
        assertNull(tag(enabled.get(1)));
        assertNull(tag(all(data, SYS, "system", "hostname").get(0)));
        assertTrue(all(data, DFT, "logging", "facility").stream().allMatch(e -> "true".equals(tag(e))));
        assertEquals("true", tag(all(data, SYS, "system", "ntp", "enabled").get(0)));
    }

    @Test
    void trimLeavesOutValuesEqualToTheirDefault() throws Exception {
        seedSystem();
        ok("<system xmlns=\"" + SYS + "\"><ntp><enabled>true</enabled></ntp>"
                + "<user><name>cy</name><uid>3</uid><role>viewer</role></user></system>"
                + "<logging xmlns=\"" + DFT + "\"><port>514</port><buffer><size><lines>1000</lines></size></buffer>"
                + "</logging>");
        assertEquals(List.of("true"), texts(data(null, null), SYS, "system", "ntp", "enabled"));
        Element data = data("trim", null);
        assertTrue(all(data, SYS, "system", "ntp", "enabled").isEmpty());
        assertEquals(1, all(data, SYS, "system", "ntp").size(), "the presence container stays");
        assertEquals(List.of("admin"), texts(data, SYS, "system", "user", "role"));
        assertEquals(3, all(data, SYS, "system", "user").size());
        assertEquals(List.of("false"), texts(data, SYS, "interfaces", "interface", "enabled"));
        assertTrue(all(data, DFT, "logging").isEmpty(), "only defaults: " + NetconfXml.toString(data));
    }

    @Test
    void theFilterAppliesToTheDataWithItsDefaults() throws Exception {
        seedSystem();
        String filter = "<interfaces xmlns=\"" + SYS + "\"><interface><enabled>true</enabled><name/></interface>"
                + "</interfaces>";
        assertTrue(all(data(null, filter), SYS, "interfaces").isEmpty(), "explicit: no interface holds true");
        Element data = data("report-all", filter);
        assertEquals(List.of("eth0"), texts(data, SYS, "interfaces", "interface", "name"));
        assertEquals(List.of("true"), texts(data, SYS, "interfaces", "interface", "enabled"));
        Element logging = data("report-all-tagged", "<logging xmlns=\"" + DFT + "\"><buffer/></logging>");
        assertEquals(List.of("1000"), texts(logging, DFT, "logging", "buffer", "size", "lines"));
        assertTrue(all(logging, DFT, "logging", "port").isEmpty());
        assertTrue(all(logging, SYS, "system").isEmpty());
    }

    @Test
    void getReportsTheDefaultsOfConfigurationAndStillItsState() throws Exception {
        seedSystem();
        RpcReply reply = client.rpc("<get xmlns=\"" + BASE_NS + "\"><with-defaults xmlns=\"" + WithDefaultsMode.NS
                + "\">report-all</with-defaults></get>");
        assertTrue(reply.errors().isEmpty(), reply.toXml());
        assertEquals(List.of("viewer", "admin"), texts(reply.data(), SYS, "system", "user", "role"));
        assertFalse(all(reply.data(), "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring", "netconf-state")
                .isEmpty());
    }

    @Test
    void anUnknownModeIsInvalidValue() throws Exception {
        RpcReply reply = getConfig("everything", null);
        assertEquals(1, reply.errors().size(), reply.toXml());
        RpcError e = reply.errors().get(0);
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals("with-defaults", e.infoValue("bad-element"));
        RpcReply get = client.rpc("<get xmlns=\"" + BASE_NS + "\"><with-defaults xmlns=\"" + WithDefaultsMode.NS
                + "\">all</with-defaults></get>");
        assertEquals(ErrorTag.INVALID_VALUE, get.errors().get(0).tag());
    }

    @Test
    void copyConfigChecksTheModeAndIgnoresIt() throws Exception {
        String copy = "<copy-config xmlns=\"" + BASE_NS + "\"><target><candidate/></target><source><running/>"
                + "</source><with-defaults xmlns=\"" + WithDefaultsMode.NS + "\">%s</with-defaults></copy-config>";
        assertTrue(client.rpc(copy.formatted("report-all")).isOk());
        assertEquals(ErrorTag.INVALID_VALUE, client.rpc(copy.formatted("nope")).errors().get(0).tag());
    }

    @Test
    void aTaggedDefaultInAnEditRemovesTheExplicitValue() throws Exception {
        seedSystem();
        ok("<system xmlns=\"" + SYS + "\"><user><name>bob</name><role xmlns:wd=\"" + WD
                + "\" wd:default=\"true\">viewer</role></user></system>");
        Element data = data(null, null);
        assertEquals(List.of(), texts(data, SYS, "system", "user", "role"), "bob's role is the default now");
        assertFalse(getConfig(null, null).toXml().contains(WD), "the attribute is never stored");
        // a tagged leaf that does not exist yet is not created: its default is in use already
        ok("<interfaces xmlns=\"" + SYS + "\"><interface><name>eth0</name><enabled xmlns:wd=\"" + WD
                + "\" wd:default=\"1\">true</enabled></interface></interfaces>");
        assertEquals(List.of("false"), texts(data(null, null), SYS, "interfaces", "interface", "enabled"));
    }

    @Test
    void aTaggedValueThatIsNotTheDefaultIsInvalidValue() throws Exception {
        seedSystem();
        RpcReply reply = edit("<system xmlns=\"" + SYS + "\" " + NC + "><user><name>bob</name><role xmlns:wd=\""
                + WD + "\" wd:default=\"true\">operator</role></user></system>");
        assertEquals(1, reply.errors().size(), reply.toXml());
        RpcError e = reply.errors().get(0);
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals("/sys:system/sys:user[sys:name='bob']/sys:role", e.path());
        assertEquals(List.of("admin"), texts(data(null, null), SYS, "system", "user", "role"), "nothing changed");
        RpcReply container = edit("<system xmlns=\"" + SYS + "\" xmlns:wd=\"" + WD + "\" wd:default=\"true\">"
                + "<hostname>x</hostname></system>");
        assertEquals(ErrorTag.BAD_ATTRIBUTE, container.errors().get(0).tag(), container.toXml());
    }

    @Test
    void reportAllTaggedOutputEditsBackUnchanged() throws Exception {
        seedSystem();
        Element tagged = data("report-all-tagged", "<system xmlns=\"" + SYS + "\"/>");
        StringBuilder config = new StringBuilder();
        for (Element child : XmlTree.childElements(tagged)) {
            config.append(NetconfXml.toString(child));
        }
        String before = NetconfXml.toString(data(null, null));
        ok(config.toString());
        assertEquals(before, NetconfXml.toString(data(null, null)));
    }
}
