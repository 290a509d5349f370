/**
 * JMH benchmarks of the NETCONF codecs, run from {@code benchmarks/target/benchmarks.jar}: chunked
 * framing decode throughput against a plain array copy of the same bytes
 * ({@code ChunkedDecodeBenchmark}). It may use shared's pure codecs and their limits
 * ({@code netconf.framing}, {@code netconf}) and JMH, nothing that opens a socket or starts a
 * device or an NMS, so that it measures the codec alone.
 */
package org.callhome.benchmarks;
