package org.callhome.device.datastore;

import static org.callhome.device.datastore.Xml.RUNNING;
import static org.callhome.device.datastore.Xml.assertSameData;
import static org.callhome.device.datastore.Xml.canonical;
import static org.callhome.device.datastore.Xml.config;
import static org.callhome.device.datastore.Xml.data;
import static org.callhome.device.datastore.Xml.parse;
import static org.callhome.device.datastore.Xml.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Namespaces and prefixes of the request must survive into the stored and serialized data. */
class ConfigEditorNamespacesTest {

    private static final String PREFIXED_EDIT = """
            <config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"
                    xmlns:xc="urn:ietf:params:xml:ns:netconf:base:1.0"
                    xmlns:x="urn:x" xmlns:ianaift="urn:iana-if-type">
              <x:top>
                <x:interface xc:operation="create">
                  <x:name>eth2</x:name>
                  <x:type>ianaift:ethernetCsmacd</x:type>
                </x:interface>
              </x:top>
            </config>""";

    @Test
    void prefixDeclaredOnConfigElementSurvivesSerialization() throws Exception {
        EditResult result = ConfigEditor.apply(data(RUNNING), parse(PREFIXED_EDIT), EditOperation.MERGE,
                ErrorOption.STOP_ON_ERROR);

        Element reparsed = roundTrip(result.data());
        assertSameData(RUNNING.replace("<mtu>9000</mtu></interface>", "<mtu>9000</mtu></interface>"
                + "<interface><name>eth2</name><type>ianaift:ethernetCsmacd</type></interface>"), reparsed);
    }

    @Test
    void prefixUsedInLeafValueStaysBound() throws Exception {
        EditResult result = ConfigEditor.apply(data(""), parse(PREFIXED_EDIT), EditOperation.MERGE,
                ErrorOption.STOP_ON_ERROR);

        Element type = type(roundTrip(result.data()));
        assertEquals("urn:iana-if-type", type.lookupNamespaceURI("ianaift"));
    }

    @Test
    void declarationsLeafValuesDoNotUseAreNotCarriedAlong() throws Exception {
        EditResult result = ConfigEditor.apply(data(""), parse(PREFIXED_EDIT), EditOperation.MERGE,
                ErrorOption.STOP_ON_ERROR);

        String xml = NetconfXml.toString(result.data());
        assertFalse(xml.contains("xmlns:xc"), xml);
        assertFalse(xml.contains("operation"), xml);
    }

    @Test
    void editWithPrefixMergesIntoDataWrittenWithDefaultNamespace() throws Exception {
        EditResult result = ConfigEditor.apply(data(RUNNING), parse("""
                <config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:x="urn:x">
                  <x:top><x:interface><x:name>eth0</x:name><x:mtu>1400</x:mtu></x:interface></x:top>
                </config>"""), EditOperation.MERGE, ErrorOption.STOP_ON_ERROR);

        assertSameData(RUNNING.replace("1500", "1400"), roundTrip(result.data()));
    }

    @Test
    void elementsCopiedOutOfResultKeepTheirNamespace() throws Exception {
        EditResult result = ConfigEditor.apply(data(""),
                config("<top xmlns='urn:x'><interface><name>eth0</name></interface></top>"),
                EditOperation.MERGE, ErrorOption.STOP_ON_ERROR);

        // a reply builder copies a subtree out of <data> (whose default namespace is the base one)
        Element interfaceEntry = XmlTree.childElements(XmlTree.childElements(result.data()).get(0)).get(0);
        Document reply = NetconfXml.newDocument();
        reply.appendChild(XmlTree.importWithScope(reply, interfaceEntry));

        Element reparsed = roundTrip(reply.getDocumentElement());
        assertEquals("urn:x", reparsed.getNamespaceURI());
        assertEquals("urn:x", XmlTree.childElements(reparsed).get(0).getNamespaceURI());
    }

    @Test
    void elementInNoNamespaceStaysInNoNamespace() throws Exception {
        EditResult result = ConfigEditor.apply(data(""),
                parse("<config xmlns='urn:ietf:params:xml:ns:netconf:base:1.0'>"
                        + "<plain xmlns=''><leaf>1</leaf></plain></config>"),
                EditOperation.MERGE, ErrorOption.STOP_ON_ERROR);

        Element plain = XmlTree.childElements(roundTrip(result.data())).get(0);
        assertEquals(null, plain.getNamespaceURI());
        assertEquals(canonical(data("<plain xmlns=''><leaf>1</leaf></plain>")), canonical(roundTrip(result.data())));
    }

    private static Element type(Element data) {
        Element top = XmlTree.childElements(data).get(0);
        Element entry = XmlTree.childElements(top).get(0);
        return XmlTree.child(entry, "urn:x", "type");
    }
}
