package org.callhome.shared.ssh.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.StreamingChannel;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.callhome.shared.netconf.session.ByteReceiver;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read a quiet channel leaves pending is small, whatever came before: a burst is read with
 * large reads, and the read after it is small again. Real MINA client and server on loopback; the
 * server's subsystem writes what each test hands it.
 */
class ClientChannelTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final BlockingQueue<byte[]> toSend = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private SubsystemLoopback loopback;
    private ClientChannelTransport transport;

    @BeforeEach
    void connect() throws Exception {
        loopback = SubsystemLoopback.start(new Writer(), WAIT);
        ClientSession session = loopback.session();
        ChannelSubsystem channel = session.createSubsystemChannel(Writer.NAME);
        channel.setStreaming(StreamingChannel.Streaming.Async);
        channel.open().verify(WAIT);
        transport = new ClientChannelTransport(channel, 1024 * 1024);
        transport.attach(new ByteReceiver() {
            @Override
            public void receive(byte[] bytes, int offset, int length) {
                synchronized (received) {
                    received.write(bytes, offset, length);
                }
            }

            @Override
            public void transportClosed() {
            }
        });
    }

    @AfterEach
    void close() throws IOException {
        transport.close();
        loopback.close();
    }

    @Test
    void aQuietChannelWaitsWithASmallRead() {
        assertEquals(ClientChannelTransport.IDLE_READ_BYTES, transport.nextReadBytes());
    }

    @Test
    void readsABurstWholeAndWaitsWithASmallReadAfterIt() throws Exception {
        byte[] burst = new byte[200 * 1024];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = (byte) (i * 31);
        }
        send(burst);
        awaitReceived(burst.length);
        byte[] small = "<rpc-reply/>".getBytes(StandardCharsets.US_ASCII);
        send(small);
        awaitReceived(burst.length + small.length);

        byte[] all;
        synchronized (received) {
            all = received.toByteArray();
        }
        assertArrayEquals(burst, Arrays.copyOf(all, burst.length));
        assertEquals(ClientChannelTransport.IDLE_READ_BYTES, transport.nextReadBytes(),
                "the read pending after the burst and a small message");
    }

    @Test
    void aReadThatFilledItsBufferIsFollowedByALargeOne() throws Exception {
        // exactly the idle read's size: the transport cannot tell whether more is waiting
        send(new byte[ClientChannelTransport.IDLE_READ_BYTES]);
        awaitReceived(ClientChannelTransport.IDLE_READ_BYTES);
        Eventually.until(WAIT, () -> transport.nextReadBytes() == ClientChannelTransport.BUSY_READ_BYTES,
                () -> "next read " + transport.nextReadBytes());
        send(new byte[ClientChannelTransport.IDLE_READ_BYTES - 1]);
        awaitReceived(2 * ClientChannelTransport.IDLE_READ_BYTES - 1);
        Eventually.until(WAIT, () -> transport.nextReadBytes() == ClientChannelTransport.IDLE_READ_BYTES,
                () -> "next read " + transport.nextReadBytes());
    }

    private void send(byte[] bytes) throws InterruptedException {
        if (!toSend.offer(bytes, WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the subsystem took nothing");
        }
    }

    private void awaitReceived(int bytes) throws InterruptedException {
        Eventually.until(WAIT, () -> {
            synchronized (received) {
                return received.size() >= bytes;
            }
        }, () -> "received " + received.size() + " of " + bytes + " bytes");
    }

    /** A subsystem that writes every array the test queues, on a thread of its own. */
    private final class Writer implements SubsystemFactory {

        static final String NAME = "writer";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public Command createSubsystem(ChannelSession channel) {
            return new OutputOnlyCommand() {
                private Thread thread;

                @Override
                public void start(ChannelSession session, Environment env) {
                    thread = new Thread(() -> {
                        try {
                            while (true) {
                                out().write(toSend.take());
                                out().flush();
                            }
                        } catch (InterruptedException | IOException e) {
                            // closed
                        }
                    }, "test-subsystem-writer");
                    thread.setDaemon(true);
                    thread.start();
                }

                @Override
                public void destroy(ChannelSession session) {
                    thread.interrupt();
                }
            };
        }
    }
}
