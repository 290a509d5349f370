package org.callhome.shared.netconf.session;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.Hello;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.RpcReplies;
import org.callhome.shared.netconf.xml.XmlTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The server role of one NETCONF session over any {@link Transport}: sends the hello with the
 * session-id, checks the client's hello (a client must not send a session-id, RFC 6241 §8.1),
 * then answers RPCs strictly in arrival order through an {@link RpcHandler}. At most
 * {@link NetconfLimits#maxPendingRpcs()} requests are held; at that bound the transport is asked
 * to pause reading. A message that is not a well-formed rpc gets an rpc-error malformed-message
 * on base:1.1 (which defines that tag) and closes a base:1.0 session.
 *
 * <p>Thread-safe: every public method hops onto the session's {@link SerialExecutor}.
 */
public final class NetconfServerSession implements ByteReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(NetconfServerSession.class);

    /** A request waiting for its turn; {@code early} holds an error decided before the handler. */
    private record Pending(Element rpc, RpcRequest request, NetconfException early) {
    }

    private final long sessionId;
    private final String username;
    private final List<String> capabilities;
    private final RpcHandler handler;
    private final SerialExecutor executor;
    private final ScheduledExecutorService timers;
    private final MessageChannel channel;
    private final Queue<Pending> queue = new ArrayDeque<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private boolean busy;
    private boolean readingPaused;

    public NetconfServerSession(long sessionId, String username, List<String> capabilities, Transport transport,
                                NetconfLimits limits, RpcHandler handler, SerialExecutor executor,
                                ScheduledExecutorService timers) {
        this.sessionId = sessionId;
        this.username = Objects.requireNonNull(username, "username");
        this.capabilities = List.copyOf(capabilities);
        this.handler = Objects.requireNonNull(handler, "handler");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.channel = new MessageChannel(transport, limits, new ServerRole());
    }

    /** Sends the server hello; call before the transport delivers any byte. */
    public void start() {
        executor.execute(() -> channel.start(Hello.server(capabilities, sessionId), timers, executor));
    }

    /** Bytes from the transport; copied, so the caller may reuse its buffer. */
    @Override
    public void receive(byte[] bytes, int offset, int length) {
        byte[] copy = Arrays.copyOfRange(bytes, offset, offset + length);
        executor.execute(() -> channel.receive(copy));
    }

    /** The transport reached end of stream or failed. */
    @Override
    public void transportClosed() {
        executor.execute(channel::transportClosed);
    }

    /** Ends the session from outside, as kill-session does. */
    public void terminate(String reason) {
        executor.execute(() -> channel.close(reason));
    }

    public long sessionId() {
        return sessionId;
    }

    public String username() {
        return username;
    }

    /** Completes with the reason once the session has ended. */
    public CompletionStage<String> closed() {
        return closed;
    }

    private final class ServerRole implements MessageChannel.Role {

        @Override
        public void onPeerHello(Hello hello, boolean chunked) throws NetconfException {
            if (hello.sessionId().isPresent()) {
                throw NetconfException.of(ErrorType.PROTOCOL, ErrorTag.BAD_ELEMENT,
                        "a client hello must not contain a session-id");
            }
            LOG.debug("session {} open for {} ({})", sessionId, username, chunked ? "base:1.1" : "base:1.0");
        }

        @Override
        public void onMessage(byte[] message) {
            Document document;
            try {
                document = NetconfXml.parse(message, channel.limits());
            } catch (NetconfException e) {
                malformed(e);
                return;
            }
            Element rpc = document.getDocumentElement();
            if (!XmlTree.is(rpc, BASE_NS, "rpc")) {
                malformed(NetconfException.of(ErrorType.RPC, ErrorTag.MALFORMED_MESSAGE,
                        "expected <rpc> in " + BASE_NS + ", got <" + rpc.getLocalName() + ">"));
                return;
            }
            enqueue(toPending(rpc));
        }

        @Override
        public void onClosed(String reason) {
            queue.clear();
            try {
                handler.sessionClosed(NetconfServerSession.this, reason);
            } catch (RuntimeException e) {
                LOG.warn("releasing session {} failed", sessionId, e);
            }
            // completed last: whoever waits for the end sees the session's resources released
            closed.complete(reason);
        }
    }

    private Pending toPending(Element rpc) {
        String messageId = rpc.getAttributeNS(null, "message-id");
        if (!rpc.hasAttributeNS(null, "message-id")) {
            return new Pending(rpc, null, new NetconfException(
                    RpcError.of(ErrorType.RPC, ErrorTag.MISSING_ATTRIBUTE, "the rpc has no message-id attribute")
                            .withInfo("bad-attribute", "message-id").withInfo("bad-element", "rpc")));
        }
        List<Element> operations = XmlTree.childElements(rpc);
        if (operations.isEmpty()) {
            return new Pending(rpc, null, NetconfException.of(ErrorType.RPC, ErrorTag.MISSING_ELEMENT,
                    "the rpc contains no operation"));
        }
        if (operations.size() > 1) {
            return new Pending(rpc, null, new NetconfException(
                    RpcError.of(ErrorType.RPC, ErrorTag.BAD_ELEMENT, "the rpc contains more than one operation")
                            .withInfo("bad-element", operations.get(1).getLocalName())));
        }
        return new Pending(rpc, new RpcRequest(rpc, operations.get(0), messageId), null);
    }

    private void malformed(NetconfException e) {
        if (!channel.isBase11()) {
            // malformed-message is new in base:1.1 and must not be sent on base:1.0 (RFC 6241 App. A)
            channel.close("malformed message on a base:1.0 session: " + e.getMessage());
            return;
        }
        LOG.debug("session {}: malformed message: {}", sessionId, e.getMessage());
        enqueue(new Pending(null, null, e));
    }

    private void enqueue(Pending pending) {
        queue.add(pending);
        if (!readingPaused && queue.size() >= channel.limits().maxPendingRpcs()) {
            readingPaused = true;
            channel.transport().pauseReading();
        }
        processNext();
    }

    private void processNext() {
        if (busy || channel.isClosed() || queue.isEmpty()) {
            return;
        }
        Pending pending = queue.poll();
        if (readingPaused && queue.size() < channel.limits().maxPendingRpcs()) {
            readingPaused = false;
            channel.transport().resumeReading();
        }
        if (pending.early() != null) {
            channel.send(RpcReplies.errors(pending.rpc(), pending.early().errors()));
            processNext();
            return;
        }
        Element operation = pending.request().operation();
        if (XmlTree.is(operation, BASE_NS, "close-session")) {
            channel.send(RpcReplies.ok(pending.rpc()));
            channel.close("close-session");
            return;
        }
        busy = true;
        CompletionStage<Reply> stage;
        try {
            stage = handler.handle(pending.request(), this);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((reply, failure) -> executor.execute(() -> finish(pending, reply, failure)));
    }

    private void finish(Pending pending, Reply reply, Throwable failure) {
        busy = false;
        if (!channel.isClosed()) {
            channel.send(toReplyDocument(pending, reply, failure));
        }
        if (reply != null) {
            runAfterSent(reply);
        }
        processNext();
    }

    /** What the RPC caused that had to wait for its reply; one failing action does not stop the others. */
    private void runAfterSent(Reply reply) {
        for (Runnable action : reply.afterSent()) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("session {}: an action after the reply failed", sessionId, e);
            }
        }
    }

    private Document toReplyDocument(Pending pending, Reply reply, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof NetconfException netconf) {
            return RpcReplies.errors(pending.rpc(), netconf.errors());
        }
        if (cause != null) {
            LOG.error("session {}: {} failed", sessionId, pending.request().operation().getLocalName(), cause);
            return RpcReplies.errors(pending.rpc(), List.of(RpcError.of(ErrorType.APPLICATION,
                    ErrorTag.OPERATION_FAILED, "internal error while processing the request")));
        }
        if (!reply.errors().isEmpty()) {
            return RpcReplies.errors(pending.rpc(), reply.errors());
        }
        if (reply.isOk()) {
            return RpcReplies.ok(pending.rpc());
        }
        Document document = RpcReplies.emptyReply(pending.rpc());
        for (Node node : reply.content()) {
            Node imported = node instanceof Element element
                    ? XmlTree.importWithScope(document, element) : document.importNode(node, true);
            document.getDocumentElement().appendChild(imported);
        }
        return document;
    }
}
