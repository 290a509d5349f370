package org.callhome.shared.netconf.session;

import org.w3c.dom.Element;

/**
 * One {@code <rpc>} as the server received it.
 *
 * @param rpc       the whole rpc element (its attributes are echoed in the reply)
 * @param operation the single operation element inside it
 * @param messageId the message-id attribute
 */
public record RpcRequest(Element rpc, Element operation, String messageId) {
}
