package org.callhome.shared.ssh.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.StreamingChannel;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.callhome.shared.netconf.session.ByteReceiver;
import org.callhome.shared.netconf.session.Transport;
import org.callhome.shared.ssh.SshPolicy;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A transport hands the peer's bytes to its session one call at a time and in the order they
 * came, also when another thread resumes reading while it does (the session resuming after its
 * queue emptied, or one of our writes completing, which resumes reading too): that thread must
 * not deliver the bytes that follow beside, and so possibly before, the ones being delivered.
 * Each test resumes reading from a second thread while the first delivery is under way, and waits
 * for that thread to finish before the first delivery returns. Real MINA client and server on
 * loopback with {@link SshPolicy}.
 */
class ChannelTransportOrderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int FIRST_BYTES = 3000;
    private static final int SECOND_BYTES = 5000;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private ClientSession session;

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void theClientEndDeliversNothingElseWhileADeliveryIsUnderWay() throws Exception {
        CompletableFuture<OutputStream> serverOut = new CompletableFuture<>();
        connect(new PlainSubsystem(serverOut));
        ChannelSubsystem channel = session.createSubsystemChannel(PlainSubsystem.NAME);
        channel.setStreaming(StreamingChannel.Streaming.Async);
        channel.open().verify(WAIT);
        ClientChannelTransport transport = new ClientChannelTransport(channel, 1024 * 1024);
        toClose.add(transport::close);
        Recorder recorder = new Recorder(transport);
        transport.attach(recorder);

        // one write: the transport's first (small) read takes part of it, MINA holds the rest
        byte[] sent = pattern(FIRST_BYTES + SECOND_BYTES);
        OutputStream out = serverOut.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        out.write(sent);
        out.flush();

        recorder.awaitBytes(sent.length);
        recorder.assertInOrder(sent);
    }

    @Test
    void theServerEndDeliversNothingElseWhileADeliveryIsUnderWay() throws Exception {
        CompletableFuture<ServerChannelTransport> started = new CompletableFuture<>();
        CompletableFuture<Recorder> recording = new CompletableFuture<>();
        connect(new NetconfSubsystem(started, recording));
        ChannelSubsystem channel = session.createSubsystemChannel(NetconfSubsystem.NAME);
        channel.open().verify(WAIT);
        ServerChannelTransport transport = started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Recorder recorder = recording.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long window = transport.channel().getLocalWindow().getSize();

        // two packets arrive while reading is paused, and are held (their window is not released)
        byte[] sent = pattern(FIRST_BYTES + SECOND_BYTES);
        OutputStream out = channel.getInvertedIn();
        out.write(sent, 0, FIRST_BYTES);
        out.flush();
        out.write(sent, FIRST_BYTES, SECOND_BYTES);
        out.flush();
        Eventually.until(WAIT, () -> transport.channel().getLocalWindow().getSize() == window - sent.length,
                () -> "window " + transport.channel().getLocalWindow().getSize() + " of " + window);
        transport.resumeReading();

        recorder.awaitBytes(sent.length);
        recorder.assertInOrder(sent);
    }

    private void connect(SubsystemFactory subsystem) throws IOException {
        SubsystemLoopback loopback = SubsystemLoopback.start(subsystem, WAIT);
        toClose.add(loopback);
        session = loopback.session();
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i % 251);
        }
        return bytes;
    }

    /**
     * Records the bytes in the order deliveries end, and whether one began while another was under
     * way. During the first delivery it resumes reading on a second thread and waits for that thread.
     */
    private static final class Recorder implements ByteReceiver {

        private final Transport transport;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<String> overlaps = new ArrayList<>();
        private boolean delivering;
        private boolean resumedOnce;

        Recorder(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void receive(byte[] buffer, int offset, int length) {
            byte[] copy = Arrays.copyOfRange(buffer, offset, offset + length);
            boolean resume;
            synchronized (this) {
                if (delivering) {
                    overlaps.add(length + " bytes on " + Thread.currentThread().getName());
                    bytes.write(copy, 0, copy.length);
                    notifyAll();
                    return;
                }
                delivering = true;
                resume = !resumedOnce;
                resumedOnce = true;
            }
            if (resume) {
                resumeOnAnotherThread();
            }
            synchronized (this) {
                delivering = false;
                bytes.write(copy, 0, copy.length);
                notifyAll();
            }
        }

        @Override
        public void transportClosed() {
        }

        private void resumeOnAnotherThread() {
            Thread resumer = new Thread(transport::resumeReading, "test-resumer");
            resumer.start();
            try {
                resumer.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized void awaitBytes(int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (bytes.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("received " + bytes.size() + " of " + count + " bytes");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized void assertInOrder(byte[] sent) {
            assertFalse(delivering, "a delivery still under way");
            assertEquals(List.of(), overlaps, "deliveries that began while another was under way");
            assertArrayEquals(sent, bytes.toByteArray(), "the bytes in the order sent");
        }
    }

    /** The server end as a NETCONF role has it: a {@link NetconfChannelCommand}, reading paused before the first byte. */
    private static final class NetconfSubsystem implements SubsystemFactory {

        static final String NAME = "netconf-order";

        private final CompletableFuture<ServerChannelTransport> started;
        private final CompletableFuture<Recorder> recording;

        NetconfSubsystem(CompletableFuture<ServerChannelTransport> started, CompletableFuture<Recorder> recording) {
            this.started = started;
            this.recording = recording;
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public Command createSubsystem(ChannelSession channel) {
            return new NetconfChannelCommand(channel, 1024 * 1024) {
                @Override
                public void start(ChannelSession channelSession, Environment env) {
                    Recorder recorder = new Recorder(transport());
                    transport().pauseReading();
                    transport().attach(recorder);
                    recording.complete(recorder);
                    started.complete(transport());
                }

                @Override
                public void destroy(ChannelSession channelSession) {
                    transport().close();
                }
            };
        }
    }

    /** A subsystem that hands the test its output stream and reads nothing. */
    private static final class PlainSubsystem implements SubsystemFactory {

        static final String NAME = "plain";

        private final CompletableFuture<OutputStream> out;

        PlainSubsystem(CompletableFuture<OutputStream> out) {
            this.out = out;
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public Command createSubsystem(ChannelSession channel) {
            return new OutputOnlyCommand() {
                @Override
                public void start(ChannelSession channelSession, Environment env) {
                    out.complete(out());
                }
            };
        }
    }
}
