package org.callhome.shared.netconf.session;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;

import java.util.List;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.RpcReplies;
import org.callhome.shared.netconf.xml.XmlTree;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** An {@code <rpc-reply>} as a client received it. An rpc-error is a reply, not a failure. */
public record RpcReply(Document document) {

    public Element element() {
        return document.getDocumentElement();
    }

    public String messageId() {
        return element().getAttributeNS(null, "message-id");
    }

    public boolean isOk() {
        return XmlTree.child(element(), BASE_NS, "ok") != null;
    }

    public List<RpcError> errors() {
        return RpcReplies.parseErrors(element());
    }

    /** The {@code <data>} element of a get or get-config reply, or null. */
    public Element data() {
        return XmlTree.child(element(), BASE_NS, "data");
    }

    public String toXml() {
        return NetconfXml.toString(document);
    }

    @Override
    public String toString() {
        return toXml();
    }
}
