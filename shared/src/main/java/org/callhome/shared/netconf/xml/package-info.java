/**
 * NETCONF's XML: the one parser, which refuses any DOCTYPE and stops at the limits' depth and
 * element count ({@code NetconfXml}), the writer that completes namespace declarations, reads and
 * copies of DOM trees ({@code XmlTree}), and the XML form of the hello ({@code Hello}) and of
 * rpc-replies and their rpc-errors ({@code RpcReplies}). It may use {@code netconf.message} and
 * shared's bottom layer (the limits in {@code netconf}, {@code text}, {@code io}, {@code cli},
 * {@code threads}), never {@code framing} or {@code session}.
 */
package org.callhome.shared.netconf.xml;
