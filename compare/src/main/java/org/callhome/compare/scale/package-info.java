/**
 * The performance and scale harness ({@code compare scale}): the project's NMS in a child JVM of
 * its own with a bounded heap ({@code NmsNode}, driven by {@code NmsProcess}), the devices in the
 * fleet's JVM, and the run of one strategy ({@code ScaleRun}): sequential setup latency, sustained
 * sessions per second with CPU per session on each side, N idle sessions held, and the fleet's
 * return after NMS restarts under each {@code --max-startups}. It may use {@code lab},
 * {@code fleet}, {@code costs} and {@code model} of the comparison.
 */
package org.callhome.compare.scale;
