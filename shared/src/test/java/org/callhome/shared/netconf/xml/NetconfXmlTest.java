package org.callhome.shared.netconf.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class NetconfXmlTest {

    private static final NetconfLimits LIMITS = NetconfLimits.DEFAULT;

    @Test
    void rejectsExternalEntityAndNeverReadsTheFile(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE rpc [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<rpc xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"1\"><get>&xxe;</get></rpc>";
        NetconfException e = assertThrows(NetconfException.class, () -> NetconfXml.parse(xml, LIMITS));
        assertMalformed(e);
        assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
    }

    @Test
    void rejectsParameterEntityFetchingAnExternalDtd(@TempDir Path dir) throws Exception {
        Path dtd = dir.resolve("evil.dtd");
        Files.writeString(dtd, "<!ENTITY leak 'LEAKED'>");
        String xml = "<!DOCTYPE rpc [<!ENTITY % ext SYSTEM \"" + dtd.toUri() + "\"> %ext;]><rpc>&leak;</rpc>";
        NetconfException e = assertThrows(NetconfException.class, () -> NetconfXml.parse(xml, LIMITS));
        assertMalformed(e);
        assertFalse(e.getMessage().contains("LEAKED"));
    }

    @Test
    void rejectsEntityExpansionBomb() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                xml.append("&lol").append(i == 1 ? "" : Integer.toString(i - 1)).append(';');
            }
            xml.append("\">");
        }
        xml.append("]><lolz>&lol9;</lolz>");
        assertMalformed(assertThrows(NetconfException.class, () -> NetconfXml.parse(xml.toString(), LIMITS)));
    }

    @Test
    void rejectsUndeclaredEntityReference() {
        assertMalformed(assertThrows(NetconfException.class, () -> NetconfXml.parse("<a>&foo;</a>", LIMITS)));
    }

    @Test
    void acceptsPredefinedAndCharacterReferences() throws Exception {
        Document doc = NetconfXml.parse("<a>&lt;&amp;&gt;&#65;&#x42;</a>", LIMITS);
        assertEquals("<&>AB", doc.getDocumentElement().getTextContent());
    }

    @Test
    void rejectsNotWellFormedXml() {
        assertMalformed(assertThrows(NetconfException.class, () -> NetconfXml.parse("<a><b></a>", LIMITS)));
        assertMalformed(assertThrows(NetconfException.class, () -> NetconfXml.parse("", LIMITS)));
        assertMalformed(assertThrows(NetconfException.class, () -> NetconfXml.parse("just text", LIMITS)));
    }

    @Test
    void acceptsDepthAtTheLimitAndRejectsOnePast() throws Exception {
        NetconfLimits limits = LIMITS.withMaxXmlDepth(10);
        NetconfXml.parse(nested(10), limits);
        NetconfException e = assertThrows(NetconfException.class, () -> NetconfXml.parse(nested(11), limits));
        assertMalformed(e);
        assertTrue(e.getMessage().contains("(11)") && e.getMessage().contains("(10)"), e.getMessage());
    }

    @Test
    void rejectsVeryDeepNestingWithoutStackOverflow() {
        assertMalformed(assertThrows(NetconfException.class, () -> NetconfXml.parse(nested(100_000), LIMITS)));
    }

    @Test
    void acceptsElementCountAtTheLimitAndRejectsOnePast() throws Exception {
        NetconfLimits limits = LIMITS.withMaxXmlElements(5);
        NetconfXml.parse("<a><b/><b/><b/><b/></a>", limits);
        assertMalformed(assertThrows(NetconfException.class,
                () -> NetconfXml.parse("<a><b/><b/><b/><b/><b/></a>", limits)));
    }

    @Test
    void keepsNamespacesWhenASubtreeIsSerializedAlone() throws Exception {
        Document doc = NetconfXml.parse("<r xmlns=\"urn:r\" xmlns:x=\"urn:x\"><x:top x:attr=\"1\">"
                + "<x:leaf>x:identity</x:leaf></x:top></r>", LIMITS);
        Element top = (Element) doc.getDocumentElement().getFirstChild();
        Element copy = XmlTree.importWithScope(NetconfXml.newDocument(), top);
        String text = NetconfXml.toString(copy);
        Element reparsed = NetconfXml.parse(text, LIMITS).getDocumentElement();
        assertEquals("urn:x", reparsed.getNamespaceURI());
        assertEquals("1", reparsed.getAttributeNS("urn:x", "attr"));
        assertEquals("urn:x", reparsed.lookupNamespaceURI("x"), "prefix used in text content stays bound");
    }

    @Test
    void escapesTextSoTheEndOfMessageMarkerCannotAppear() throws Exception {
        Document doc = NetconfXml.parse("<a>]]&gt;]]&gt; &lt;b&gt; &amp;</a>", LIMITS);
        String text = NetconfXml.toString(doc);
        assertFalse(text.contains("]]>]]>"), text);
        assertEquals("]]>]]> <b> &", NetconfXml.parse(text, LIMITS).getDocumentElement().getTextContent());
    }

    @Test
    void dropsWhitespaceBetweenElementsButKeepsLeafText() throws Exception {
        Document doc = NetconfXml.parse("<a>\n  <b>  spaced  </b>\n</a>", LIMITS);
        assertEquals("<a><b>  spaced  </b></a>", NetconfXml.toString(doc));
    }

    private static String nested(int depth) {
        return "<e>".repeat(depth) + "</e>".repeat(depth);
    }

    private static void assertMalformed(NetconfException e) {
        assertEquals(ErrorType.RPC, e.error().type());
        assertEquals(ErrorTag.MALFORMED_MESSAGE, e.error().tag());
    }
}
