package org.callhome.shared.netconf.session;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.Hello;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The client role of one NETCONF session over any {@link Transport}. Each RPC returns a future
 * completed by the reply with the same message-id; many may be in flight (at most
 * {@link NetconfLimits#maxPendingRpcs()}), each with its own timeout, which fails only that
 * future. Closing fails every pending future with {@link SessionClosedException}.
 *
 * <p>Thread-safe: every public method hops onto the session's {@link SerialExecutor}; futures
 * complete on it too, so callers should not block in their callbacks.
 */
public final class NetconfClientSession implements ByteReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(NetconfClientSession.class);

    private record Pending(CompletableFuture<RpcReply> future, ScheduledFuture<?> timer) {
    }

    private final List<String> capabilities;
    private final SerialExecutor executor;
    private final ScheduledExecutorService timers;
    private final MessageChannel channel;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final CompletableFuture<Hello> serverHello = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private long nextMessageId = 1;
    private String closeReason;

    public NetconfClientSession(List<String> capabilities, Transport transport, NetconfLimits limits,
                                SerialExecutor executor, ScheduledExecutorService timers) {
        this.capabilities = List.copyOf(capabilities);
        this.executor = Objects.requireNonNull(executor, "executor");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.channel = new MessageChannel(transport, limits, new ClientRole());
    }

    /** Sends the client hello; call before the transport delivers any byte. */
    public void start() {
        executor.execute(() -> channel.start(Hello.client(capabilities), timers, executor));
    }

    /** Completes with the server's hello (its session-id and capabilities) once received. */
    public CompletionStage<Hello> serverHello() {
        return serverHello;
    }

    /** Completes with the reason once the session has ended. */
    public CompletionStage<String> closed() {
        return closed;
    }

    @Override
    public void receive(byte[] bytes, int offset, int length) {
        byte[] copy = Arrays.copyOfRange(bytes, offset, offset + length);
        executor.execute(() -> channel.receive(copy));
    }

    @Override
    public void transportClosed() {
        executor.execute(channel::transportClosed);
    }

    public void close(String reason) {
        executor.execute(() -> channel.close(reason));
    }

    /**
     * Sends one operation (the element that goes inside {@code <rpc>}, in any namespace) once the
     * hello exchange is done. The future fails with {@link RpcTimeoutException},
     * {@link SessionClosedException}, or {@link NetconfException} when the operation is not XML.
     */
    public CompletableFuture<RpcReply> rpc(String operationXml, Duration timeout) {
        Document parsed;
        try {
            parsed = NetconfXml.parse(operationXml, channel.limits());
        } catch (NetconfException e) {
            return CompletableFuture.failedFuture(e);
        }
        return rpc(parsed.getDocumentElement(), timeout);
    }

    public CompletableFuture<RpcReply> rpc(Element operation, Duration timeout) {
        Objects.requireNonNull(operation, "operation");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        CompletableFuture<RpcReply> future = new CompletableFuture<>();
        serverHello.whenComplete((hello, failure) -> executor.execute(() -> {
            if (failure != null || channel.isClosed()) {
                future.completeExceptionally(new SessionClosedException(
                        closeReason == null ? "before the hello exchange" : closeReason));
                return;
            }
            send(operation, timeout, future);
        }));
        return future;
    }

    private void send(Element operation, Duration timeout, CompletableFuture<RpcReply> future) {
        if (pending.size() >= channel.limits().maxPendingRpcs()) {
            future.completeExceptionally(NetconfException.of(ErrorType.APPLICATION, ErrorTag.RESOURCE_DENIED,
                    "too many RPCs in flight (" + pending.size() + ")"));
            return;
        }
        String messageId = Long.toString(nextMessageId++);
        Document document = NetconfXml.newDocument();
        Element rpc = document.createElementNS(BASE_NS, "rpc");
        rpc.setAttributeNS(null, "message-id", messageId);
        document.appendChild(rpc);
        rpc.appendChild(XmlTree.importWithScope(document, operation));
        ScheduledFuture<?> timer = timers.schedule(() -> executor.execute(() -> {
            Pending expired = pending.remove(messageId);
            if (expired != null) {
                expired.future().completeExceptionally(new RpcTimeoutException(messageId, timeout));
            }
        }), timeout.toMillis(), TimeUnit.MILLISECONDS);
        pending.put(messageId, new Pending(future, timer));
        channel.send(document);
    }

    private final class ClientRole implements MessageChannel.Role {

        @Override
        public void onPeerHello(Hello hello, boolean chunked) throws NetconfException {
            if (hello.sessionId().isEmpty()) {
                throw NetconfException.of(ErrorType.PROTOCOL, ErrorTag.MISSING_ELEMENT,
                        "the server hello has no session-id");
            }
            serverHello.complete(hello);
        }

        @Override
        public void onMessage(byte[] message) {
            Document document;
            try {
                document = NetconfXml.parse(message, channel.limits());
            } catch (NetconfException e) {
                channel.close("malformed message from the server: " + e.getMessage());
                return;
            }
            Element root = document.getDocumentElement();
            if (!XmlTree.is(root, BASE_NS, "rpc-reply")) {
                LOG.debug("ignoring <{}> from the server", root.getLocalName());
                return;
            }
            String messageId = root.getAttributeNS(null, "message-id");
            Pending waiting = pending.remove(messageId);
            if (waiting == null) {
                LOG.warn("discarding an rpc-reply with unknown or expired message-id '{}'", messageId);
                return;
            }
            waiting.timer().cancel(false);
            waiting.future().complete(new RpcReply(document));
        }

        @Override
        public void onClosed(String reason) {
            closeReason = reason;
            serverHello.completeExceptionally(new SessionClosedException(reason));
            List<Pending> failed = new ArrayList<>(pending.values());
            pending.clear();
            for (Pending each : failed) {
                each.timer().cancel(false);
                each.future().completeExceptionally(new SessionClosedException(reason));
            }
            closed.complete(reason);
        }
    }
}
