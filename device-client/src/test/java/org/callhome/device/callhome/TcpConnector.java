package org.callhome.device.callhome;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.callhome.shared.config.Endpoint;

/**
 * A connector over plain TCP, for the dialer's tests: "connected" once TCP is. Non-blocking
 * (NIO.2 completion handlers). A connection ends in order when the peer closes it, and breaks
 * when the peer resets it.
 */
final class TcpConnector implements Connector {

    @Override
    public CompletionStage<Connection> connect(Endpoint endpoint, Duration maxWait) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        AsynchronousSocketChannel channel;
        try {
            channel = AsynchronousSocketChannel.open();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        channel.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), null,
                new CompletionHandler<Void, Void>() {
                    @Override
                    public void completed(Void ignored, Void attachment) {
                        TcpConnection connection = new TcpConnection(channel);
                        if (result.complete(connection)) {
                            connection.readUntilEnd();
                        } else {
                            connection.close();
                        }
                    }

                    @Override
                    public void failed(Throwable error, Void attachment) {
                        closeQuietly(channel);
                        result.completeExceptionally(error);
                    }
                });
        result.whenComplete((connection, error) -> {
            if (result.isCancelled()) {
                closeQuietly(channel);
            }
        });
        return result;
    }

    static void closeQuietly(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** A TCP connection whose reads only watch for its end and count as activity. */
    static final class TcpConnection implements Connection {

        private final AsynchronousSocketChannel channel;
        private final CompletableFuture<String> closed = new CompletableFuture<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(512);
        private volatile Instant lastActivity = Instant.now();

        TcpConnection(AsynchronousSocketChannel channel) {
            this.channel = channel;
        }

        void readUntilEnd() {
            channel.read(buffer, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer count, Void attachment) {
                    if (count < 0) {
                        closeQuietly(channel);
                        closed.complete("closed by the NMS");
                        return;
                    }
                    lastActivity = Instant.now();
                    buffer.clear();
                    readUntilEnd();
                }

                @Override
                public void failed(Throwable error, Void attachment) {
                    closeQuietly(channel);
                    if (error instanceof AsynchronousCloseException) {
                        closed.complete("closed by the device");
                    } else {
                        closed.completeExceptionally(error);
                    }
                }
            });
        }

        @Override
        public CompletionStage<String> closed() {
            return closed;
        }

        @Override
        public void close() {
            closeQuietly(channel);
            closed.complete("closed by the device");
        }

        @Override
        public Instant lastActivity() {
            return lastActivity;
        }
    }
}
