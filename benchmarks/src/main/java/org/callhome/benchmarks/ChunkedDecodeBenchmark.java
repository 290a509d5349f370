package org.callhome.benchmarks;

import java.util.concurrent.TimeUnit;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.framing.FramingException;
import org.callhome.shared.netconf.framing.NetconfFrameDecoder;
import org.callhome.shared.netconf.framing.NetconfFrameEncoder;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Chunked-framing decode throughput against a plain {@code System.arraycopy} of the same bytes.
 * One operation is one whole stream of about 4 MiB of framed messages, fed in 16 KiB slices as
 * a socket read would deliver them; the {@code bytes} counter is the framed stream length per
 * second, so MB/s = bytes/s / 1e6. The decoder stays in chunked framing across operations, like
 * a long-lived session.
 *
 * <p>Decoding allocates one array per message (about 4 MiB per operation); the fork therefore
 * runs with a fixed, pre-touched heap, so that the numbers measure the codec rather than how
 * fast the operating system hands the JVM fresh pages while the heap grows (on the sandbox this
 * was written on, that alone swung decode throughput between 0.05 and 4 GB/s).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ChunkedDecode -f 1 -wi 2 -w 2s -i 3 -r 2s</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ChunkedDecodeBenchmark {

    private static final int SLICE_BYTES = 16 * 1024;
    private static final int STREAM_PAYLOAD_BYTES = 4 * 1024 * 1024;

    @Param({"65536", "1048576"})
    public int messageBytes;

    @Param({"4096", "65536"})
    public int chunkBytes;

    private byte[] stream;
    private byte[] copyTarget;
    private NetconfFrameDecoder decoder;
    private long decodedBytes;
    private byte[] lastMessage;

    /** Framed bytes processed, reported per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Throughput {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void prepareStream() {
        NetconfLimits limits = NetconfLimits.DEFAULT.withMaxChunkBytes(chunkBytes);
        NetconfFrameEncoder encoder = new NetconfFrameEncoder(limits);
        encoder.switchToChunked();
        byte[] message = new byte[messageBytes];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) ('a' + i % 26);
        }
        byte[] frame = encoder.encode(message);
        int messages = Math.max(1, STREAM_PAYLOAD_BYTES / messageBytes);
        stream = new byte[frame.length * messages];
        for (int i = 0; i < messages; i++) {
            System.arraycopy(frame, 0, stream, i * frame.length, frame.length);
        }
        copyTarget = new byte[stream.length];
        decoder = new NetconfFrameDecoder(limits, decoded -> {
            decodedBytes += decoded.length;
            lastMessage = decoded;
        });
        decoder.switchToChunked();
    }

    @Benchmark
    public long decode(Throughput throughput) throws FramingException {
        for (int offset = 0; offset < stream.length; offset += SLICE_BYTES) {
            decoder.feed(stream, offset, Math.min(SLICE_BYTES, stream.length - offset));
        }
        throughput.bytes += stream.length;
        return decodedBytes + lastMessage[0];
    }

    @Benchmark
    public byte copy(Throughput throughput) {
        for (int offset = 0; offset < stream.length; offset += SLICE_BYTES) {
            System.arraycopy(stream, offset, copyTarget, offset, Math.min(SLICE_BYTES, stream.length - offset));
        }
        throughput.bytes += stream.length;
        return copyTarget[stream.length - 1];
    }
}
