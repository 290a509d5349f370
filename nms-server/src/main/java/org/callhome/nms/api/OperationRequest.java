package org.callhome.nms.api;

import io.vertx.ext.web.RequestBody;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.w3c.dom.Element;

/**
 * What a {@code POST /api/devices/{id}/rpc} asks the device to do: its body, one NETCONF operation
 * element as XML (such as {@code <get-config>}), parsed within the NETCONF limits. {@link #parse}
 * refuses anything else with a 400 {@link ApiException}.
 */
record OperationRequest(Element operation) {

    static OperationRequest parse(RequestBody body, NetconfLimits limits) {
        byte[] bytes = body.buffer() == null ? new byte[0] : body.buffer().getBytes();
        try {
            return new OperationRequest(NetconfXml.parse(bytes, limits).getDocumentElement());
        } catch (NetconfException e) {
            throw ApiException.badRequest("the body must be one NETCONF operation element as XML: "
                    + e.error().message());
        }
    }
}
