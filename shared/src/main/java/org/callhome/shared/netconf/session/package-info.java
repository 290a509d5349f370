/**
 * One NETCONF session over any byte {@link org.callhome.shared.netconf.session.Transport}: the hello
 * exchange and the switch to chunked framing, then the client role
 * ({@link org.callhome.shared.netconf.session.NetconfClientSession}, replies matched by message-id)
 * or the server role ({@link org.callhome.shared.netconf.session.NetconfServerSession}, RPCs answered
 * in order through an {@code RpcHandler}), each confined to its {@code SerialExecutor}. It may use
 * {@code netconf.framing}, {@code netconf.message}, {@code netconf.xml} and shared's bottom layer
 * ({@code netconf}'s limits, {@code text}, {@code io}, {@code cli}, {@code threads}), never SSH,
 * configuration or strategy code.
 */
package org.callhome.shared.netconf.session;
