/**
 * The NETCONF message model without its XML: the names RFC 6241 and RFC 6242 fix
 * ({@code Netconf}), every error-type and error-tag, one {@code <rpc-error>} ({@code RpcError}),
 * and {@link org.callhome.shared.netconf.message.NetconfException}, the one exception family that
 * carries them. It may use only shared's bottom layer (the limits in {@code netconf}, {@code text},
 * {@code io}, {@code cli}, {@code threads}); the XML form of these messages is {@code netconf.xml}'s,
 * above it.
 */
package org.callhome.shared.netconf.message;
