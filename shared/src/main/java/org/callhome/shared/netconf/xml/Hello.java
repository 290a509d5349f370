package org.callhome.shared.netconf.xml;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.text.PeerText;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The {@code <hello>} message (RFC 6241 §8.1): capabilities, and the session-id that only a
 * server sends. Parsing checks the structure strictly; the session engine decides what a hello
 * from the wrong role means (a client that sends a session-id is disconnected).
 */
public record Hello(List<String> capabilities, OptionalLong sessionId) {

    public Hello {
        capabilities = List.copyOf(new LinkedHashSet<>(capabilities));
        if (capabilities.isEmpty()) {
            throw new IllegalArgumentException("a hello needs at least one capability");
        }
        if (sessionId.isPresent() && (sessionId.getAsLong() < 1 || sessionId.getAsLong() > Netconf.MAX_SESSION_ID)) {
            throw new IllegalArgumentException("session-id out of range: " + sessionId.getAsLong());
        }
    }

    public static Hello client(List<String> capabilities) {
        return new Hello(capabilities, OptionalLong.empty());
    }

    public static Hello server(List<String> capabilities, long sessionId) {
        return new Hello(capabilities, OptionalLong.of(sessionId));
    }

    public boolean has(String capability) {
        return capabilities.contains(capability);
    }

    public Document toDocument() {
        Document document = NetconfXml.newDocument();
        Element hello = document.createElementNS(BASE_NS, "hello");
        document.appendChild(hello);
        Element caps = XmlTree.append(hello, BASE_NS, "capabilities", null);
        for (String capability : capabilities) {
            XmlTree.append(caps, BASE_NS, "capability", capability);
        }
        sessionId.ifPresent(id -> XmlTree.append(hello, BASE_NS, "session-id", Long.toString(id)));
        return document;
    }

    /** Reads a hello; any structural problem is a {@link NetconfException} malformed-message. */
    public static Hello parse(Document document) throws NetconfException {
        Element root = document.getDocumentElement();
        if (!XmlTree.is(root, BASE_NS, "hello")) {
            throw malformed("expected <hello> in " + BASE_NS + ", got <" + root.getLocalName() + "> in "
                    + root.getNamespaceURI());
        }
        Element caps = XmlTree.child(root, BASE_NS, "capabilities");
        if (caps == null) {
            throw malformed("<hello> has no <capabilities>");
        }
        List<String> capabilities = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Element capability : XmlTree.children(caps, BASE_NS, "capability")) {
            String uri = XmlTree.text(capability).strip();
            if (uri.isEmpty()) {
                throw malformed("empty <capability> in <hello>");
            }
            if (seen.add(uri)) {
                capabilities.add(uri);
            }
        }
        if (capabilities.isEmpty()) {
            throw malformed("<hello> lists no capability");
        }
        List<Element> ids = XmlTree.children(root, BASE_NS, "session-id");
        if (ids.size() > 1) {
            throw malformed("<hello> has more than one <session-id>");
        }
        OptionalLong sessionId = OptionalLong.empty();
        if (ids.size() == 1) {
            String text = XmlTree.text(ids.get(0)).strip();
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw malformed("<session-id> is not a number: " + PeerText.quote(text));
            }
            if (value < 1 || value > Netconf.MAX_SESSION_ID) {
                throw malformed("<session-id> out of range 1.." + Netconf.MAX_SESSION_ID + ": " + value);
            }
            sessionId = OptionalLong.of(value);
        }
        return new Hello(capabilities, sessionId);
    }

    private static NetconfException malformed(String message) {
        return NetconfException.of(ErrorType.RPC, ErrorTag.MALFORMED_MESSAGE, message);
    }
}
