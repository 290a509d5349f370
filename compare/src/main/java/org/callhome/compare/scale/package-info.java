/**
 * The performance and scale harness ({@code compare scale}): the project's NMS in a child JVM of
 * its own with a bounded heap ({@code NmsNode}, driven by {@code NmsProcess}), the devices in the
 * fleet's JVM, and the run of one strategy ({@code ScaleRun}): sequential setup latency, sustained
 * sessions per second with CPU per session on each side, N idle sessions held, and the fleet's
 * return after NMS restarts under each {@code --max-startups}; and the cluster failover scenario
 * ({@code ClusterRun}, {@code compare cluster}): three such NMS nodes as one cluster, a fleet spread
 * over them by random-selection, one node killed under RPC load ({@code RpcLoad}) while a
 * survivor's API is watched ({@code FailoverWatch}). It may use {@code lab},
 * {@code fleet}, {@code costs} and {@code model} of the comparison.
 */
package org.callhome.compare.scale;
