package org.callhome.nms.api;

import io.vertx.ext.web.RequestBody;
import java.util.Set;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.w3c.dom.Element;

/**
 * What a {@code POST /api/devices/{id}/rpc} asks the device to do: its body, one NETCONF operation
 * element as XML (such as {@code <get-config>}), parsed within the NETCONF limits. {@link #parse}
 * refuses anything else with a 400 {@link ApiException}, and so the session-management operations
 * ({@code <close-session>}, {@code <kill-session>}): the session the route would send them on is the
 * NMS's own with the device, which the API ends by revoking the device, not by an RPC.
 */
record OperationRequest(Element operation) {

    /** RFC 6241 §7.8 and §7.9: they end a session, which is the NMS's to manage. */
    static final Set<String> SESSION_OPERATIONS = Set.of("close-session", "kill-session");

    static OperationRequest parse(RequestBody body, NetconfLimits limits) {
        byte[] bytes = body.buffer() == null ? new byte[0] : body.buffer().getBytes();
        Element operation;
        try {
            operation = NetconfXml.parse(bytes, limits).getDocumentElement();
        } catch (NetconfException e) {
            throw ApiException.badRequest("the body must be one NETCONF operation element as XML: "
                    + e.error().message());
        }
        String namespace = operation.getNamespaceURI();
        if (SESSION_OPERATIONS.contains(operation.getLocalName())
                && (namespace == null || Netconf.BASE_NS.equals(namespace))) {
            throw ApiException.badRequest("<" + operation.getLocalName() + "> is not sent through the API: it would "
                    + "end the NMS's own session with the device; revoke the device (DELETE /api/devices/{id}) to "
                    + "end its session");
        }
        return new OperationRequest(operation);
    }
}
