package org.callhome.shared.netconf.xml;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.w3c.dom.DOMImplementation;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The one place that parses NETCONF XML. It reads with the JDK's StAX parser with DTD support
 * and external entities off, refuses any DOCTYPE outright (so neither XXE nor entity
 * expansion can happen), and builds a DOM while counting: deeper nesting than
 * {@link NetconfLimits#maxXmlDepth()} or more elements than {@link NetconfLimits#maxXmlElements()}
 * stops the parse. Every failure is an rpc-error {@code malformed-message} (error-type rpc);
 * the byte size is already bounded by the framing layer.
 *
 * <p>Whitespace-only text inside an element that has child elements is dropped; comments and
 * processing instructions are dropped. Leaf values keep their text exactly.
 */
public final class NetconfXml {

    private static final XMLInputFactory INPUT = newInputFactory();
    /**
     * Makes the empty documents messages are built in. One for all threads: the JDK's is a stateless
     * singleton, where a {@code DocumentBuilder} per document cost more than parsing a hello did.
     */
    private static final DOMImplementation DOM = newDomImplementation();

    private NetconfXml() {
    }

    public static Document parse(byte[] bytes, NetconfLimits limits) throws NetconfException {
        Document document = newDocument();
        XMLStreamReader reader = null;
        try {
            reader = INPUT.createXMLStreamReader(new ByteArrayInputStream(bytes));
            build(reader, document, limits);
        } catch (XMLStreamException | RuntimeException e) {
            throw malformed("not well-formed XML: " + firstLine(e.getMessage()));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing is held open: the input is an array
                }
            }
        }
        if (document.getDocumentElement() == null) {
            throw malformed("no root element");
        }
        return document;
    }

    public static Document parse(String xml, NetconfLimits limits) throws NetconfException {
        return parse(xml.getBytes(StandardCharsets.UTF_8), limits);
    }

    public static Document newDocument() {
        return DOM.createDocument(null, null, null);
    }

    /** The node serialized as UTF-8, namespace declarations completed (see {@link XmlWriter}). */
    public static byte[] toBytes(Node node) {
        return XmlWriter.toBytes(node, false);
    }

    /** As {@link #toBytes(Node)}, prefixed with an XML declaration: the form of a whole message. */
    public static byte[] toMessageBytes(Node node) {
        return XmlWriter.toBytes(node, true);
    }

    public static String toString(Node node) {
        return XmlWriter.toString(node);
    }

    private static void build(XMLStreamReader reader, Document document, NetconfLimits limits)
            throws XMLStreamException, NetconfException {
        Node current = document;
        int depth = 0;
        int elements = 0;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    elements++;
                    if (depth > limits.maxXmlDepth()) {
                        throw malformed("element depth (" + depth + ") exceeds the allowed maximum ("
                                + limits.maxXmlDepth() + ")");
                    }
                    if (elements > limits.maxXmlElements()) {
                        throw malformed("element count (" + elements + ") exceeds the allowed maximum ("
                                + limits.maxXmlElements() + ")");
                    }
                    Element element = startElement(reader, document);
                    current.appendChild(element);
                    current = element;
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlTree.dropWhitespaceBetweenElements((Element) current);
                    current = current.getParentNode();
                    depth--;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (current != document) {
                        current.appendChild(document.createTextNode(reader.getText()));
                    }
                }
                case XMLStreamConstants.DTD -> throw malformed("a DOCTYPE is not allowed in NETCONF messages");
                case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                        throw malformed("entity references are not allowed in NETCONF messages");
                default -> {
                    // comments, processing instructions, document start/end: nothing to keep
                }
            }
        }
    }

    private static Element startElement(XMLStreamReader reader, Document document) {
        String uri = emptyToNull(reader.getNamespaceURI());
        String prefix = emptyToNull(reader.getPrefix());
        String local = reader.getLocalName();
        Element element = document.createElementNS(uri, prefix == null ? local : prefix + ":" + local);
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            String declared = emptyToNull(reader.getNamespacePrefix(i));
            String value = reader.getNamespaceURI(i);
            element.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI,
                    declared == null ? "xmlns" : "xmlns:" + declared, value == null ? "" : value);
        }
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String attrUri = emptyToNull(reader.getAttributeNamespace(i));
            String attrPrefix = emptyToNull(reader.getAttributePrefix(i));
            String attrLocal = reader.getAttributeLocalName(i);
            element.setAttributeNS(attrUri, attrPrefix == null ? attrLocal : attrPrefix + ":" + attrLocal,
                    reader.getAttributeValue(i));
        }
        return element;
    }

    private static NetconfException malformed(String message) {
        return NetconfException.of(ErrorType.RPC, ErrorTag.MALFORMED_MESSAGE, message);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        String line = message.strip();
        int newline = line.indexOf('\n');
        line = newline < 0 ? line : line.substring(newline + 1).strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static XMLInputFactory newInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not resolved: " + systemId);
        });
        return factory;
    }

    /** The DOM never parses (StAX does, above): it only holds the elements {@link #build} creates. */
    private static DOMImplementation newDomImplementation() {
        try {
            return DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().getDOMImplementation();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's DOM implementation is unavailable", e);
        }
    }
}
