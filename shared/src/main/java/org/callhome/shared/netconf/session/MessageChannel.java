package org.callhome.shared.netconf.session;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.framing.FramingException;
import org.callhome.shared.netconf.framing.NetconfFrameDecoder;
import org.callhome.shared.netconf.framing.NetconfFrameEncoder;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.Hello;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Node;

/**
 * What both NETCONF roles share: framing in both directions, the hello exchange with base
 * version negotiation and the switch to chunked framing (RFC 6242 §4.1), the hello timeout,
 * and closing exactly once. Runs only on the session's {@link SerialExecutor}; the public
 * session classes hop onto it before calling in here.
 */
final class MessageChannel {

    /** What the role on top of the channel is told. All calls come on the session executor. */
    interface Role {
        /** The peer's hello; throw to refuse it (the session is then closed). */
        void onPeerHello(Hello hello, boolean chunked) throws NetconfException;

        /** One message after the hello, framing removed. */
        void onMessage(byte[] message);

        /** The session ended; called once. */
        void onClosed(String reason);
    }

    private static final Logger LOG = LoggerFactory.getLogger(MessageChannel.class);

    private final Transport transport;
    private final NetconfLimits limits;
    private final Role role;
    private final NetconfFrameDecoder decoder;
    private final NetconfFrameEncoder encoder;
    private Hello ownHello;
    private Hello peerHello;
    private ScheduledFuture<?> helloTimer;
    private boolean closed;
    private boolean base11;

    MessageChannel(Transport transport, NetconfLimits limits, Role role) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.role = Objects.requireNonNull(role, "role");
        this.decoder = new NetconfFrameDecoder(limits, this::onFrame);
        this.encoder = new NetconfFrameEncoder(limits);
    }

    /** Sends our hello and starts waiting for the peer's. */
    void start(Hello hello, ScheduledExecutorService timers, SerialExecutor executor) {
        ownHello = hello;
        send(hello.toDocument());
        helloTimer = timers.schedule(() -> executor.execute(() -> {
            if (peerHello == null) {
                close("no hello from the peer within " + limits.helloTimeout().toMillis() + " ms");
            }
        }), limits.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    void receive(byte[] bytes) {
        if (closed) {
            return;
        }
        try {
            decoder.feed(bytes, 0, bytes.length);
        } catch (FramingException e) {
            close("framing error: " + e.getMessage());
        }
    }

    void send(Node message) {
        if (closed) {
            return;
        }
        transport.send(encoder.encode(NetconfXml.toMessageBytes(message)));
    }

    void transportClosed() {
        if (!closed && decoder.hasPartialMessage()) {
            close("transport closed in the middle of a message");
        } else {
            close("transport closed");
        }
    }

    void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (helloTimer != null) {
            helloTimer.cancel(false);
        }
        LOG.debug("closing NETCONF session on {}: {}", transport.describe(), reason);
        transport.close();
        role.onClosed(reason);
    }

    boolean isClosed() {
        return closed;
    }

    boolean isBase11() {
        return base11;
    }

    Hello peerHello() {
        return peerHello;
    }

    NetconfLimits limits() {
        return limits;
    }

    Transport transport() {
        return transport;
    }

    private void onFrame(byte[] message) {
        if (closed) {
            return;
        }
        if (peerHello != null) {
            role.onMessage(message);
            return;
        }
        Hello hello;
        try {
            hello = Hello.parse(NetconfXml.parse(message, limits));
        } catch (NetconfException e) {
            close("bad hello: " + e.getMessage());
            return;
        }
        peerHello = hello;
        helloTimer.cancel(false);
        boolean chunked = ownHello.has(Netconf.BASE_1_1) && hello.has(Netconf.BASE_1_1);
        boolean common = chunked || ownHello.has(Netconf.BASE_1_0) && hello.has(Netconf.BASE_1_0);
        if (!common) {
            close("no common base protocol version: the peer offers neither of ours");
            return;
        }
        if (chunked) {
            // RFC 6242 §4.1: the bytes after this hello, even from the same read, are chunked.
            decoder.switchToChunked();
            encoder.switchToChunked();
            base11 = true;
        }
        try {
            role.onPeerHello(hello, chunked);
        } catch (NetconfException e) {
            close("hello refused: " + e.getMessage());
        }
    }
}
