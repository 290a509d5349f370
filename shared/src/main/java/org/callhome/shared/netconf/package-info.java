/**
 * Every bound the NETCONF core puts on what a peer controls, in one record that checks itself
 * ({@link org.callhome.shared.netconf.NetconfLimits}): message and chunk sizes, XML depth and
 * element count, pending RPCs and the hello timeout. Part of shared's bottom layer: it uses the JDK
 * only, and the NETCONF packages under it ({@code framing}, {@code message}, {@code xml},
 * {@code session}) read their limits from it.
 */
package org.callhome.shared.netconf;
