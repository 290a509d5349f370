/**
 * What a strategy costs, measured with real parts on loopback ({@code CostRun}): bytes and round
 * trips through a counting relay, setup and RPC latency, CPU per session on each side, NMS heap per
 * idle session and recovery after an NMS restart, each figure with how it was measured. It may use
 * {@code lab}, {@code fleet}, {@code config} and {@code model} of the comparison, never
 * {@code security} or {@code report}.
 */
package org.callhome.compare.costs;
