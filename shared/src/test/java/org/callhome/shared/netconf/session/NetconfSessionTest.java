package org.callhome.shared.netconf.session;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.testing.LoopbackSockets;
import org.callhome.shared.testing.NetconfTestClient;
import org.callhome.shared.testing.RawPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Both session roles over real loopback TCP, with our client or a scripted peer. */
class NetconfSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String HELLO_11 = "<hello xmlns=\"" + BASE_NS + "\"><capabilities>"
            + "<capability>" + Netconf.BASE_1_0 + "</capability><capability>" + Netconf.BASE_1_1
            + "</capability></capabilities></hello>]]>]]>";
    private static final String HELLO_10 = "<hello xmlns=\"" + BASE_NS + "\"><capabilities>"
            + "<capability>" + Netconf.BASE_1_0 + "</capability></capabilities></hello>]]>]]>";

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    /**
     * A server whose operations are: {@code <echo>} (returns its children in {@code <data>}),
     * {@code <slow ms="N"/>} (ok after N ms), {@code <leave/>} (ok, then the session ends, as the
     * reply says), {@code <fail/>} (an invalid-value rpc-error).
     */
    private NetconfServerSession server(Socket socket, NetconfLimits limits) throws IOException {
        StreamTransport transport = new StreamTransport(socket.getInputStream(), socket.getOutputStream(), "test");
        RpcHandler handler = new RpcHandler() {
            @Override
            public CompletableFuture<Reply> handle(RpcRequest request, NetconfServerSession session) {
                Element op = request.operation();
                switch (op.getLocalName()) {
                    case "echo" -> {
                        Document doc = NetconfXml.newDocument();
                        Element data = doc.createElementNS(BASE_NS, "data");
                        doc.appendChild(data);
                        for (Element child : XmlTree.childElements(op)) {
                            data.appendChild(XmlTree.importWithScope(doc, child));
                        }
                        return CompletableFuture.completedFuture(Reply.content(data));
                    }
                    case "leave" -> {
                        return CompletableFuture.completedFuture(Reply.ok().withAfterSent(List.of(
                                () -> session.terminate("left after the reply"))));
                    }
                    case "slow" -> {
                        long ms = Long.parseLong(op.getAttribute("ms"));
                        return CompletableFuture.supplyAsync(Reply::ok,
                                CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS));
                    }
                    default -> {
                        return CompletableFuture.failedFuture(NetconfException.of(ErrorType.APPLICATION,
                                ErrorTag.INVALID_VALUE, "no such test operation"));
                    }
                }
            }
        };
        NetconfServerSession session = new NetconfServerSession(7, "tester", List.of(Netconf.BASE_1_0,
                Netconf.BASE_1_1), transport, limits, handler, SerialExecutor.direct(), NetconfTestClient.timers());
        session.start();
        Thread reader = new Thread(() -> transport.readLoop(session), "test-server-reader");
        reader.setDaemon(true);
        reader.start();
        resources.add(transport::close);
        return session;
    }

    private static String closeReason(NetconfServerSession server) throws Exception {
        String reason = server.closed().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return reason;
    }

    private LoopbackSockets sockets() throws IOException {
        LoopbackSockets sockets = LoopbackSockets.open();
        resources.add(sockets);
        return sockets;
    }

    private NetconfTestClient client(Socket socket) throws IOException {
        NetconfTestClient client = new NetconfTestClient(socket.getInputStream(), socket.getOutputStream());
        resources.add(client);
        return client;
    }

    @Test
    void switchesToChunkedFramingRightAfterTheHelloEvenInTheSameWrite() throws Exception {
        LoopbackSockets sockets = sockets();
        server(sockets.server(), NetconfLimits.DEFAULT);
        RawPeer peer = new RawPeer(sockets.client());
        String rpc = "<rpc xmlns=\"" + BASE_NS + "\" message-id=\"42\"><echo><x>1</x></echo></rpc>";
        peer.send(HELLO_11 + "\n#" + rpc.length() + "\n" + rpc + "\n##\n");
        String serverHello = peer.readUntil("]]>]]>", WAIT);
        assertTrue(serverHello.contains("<session-id>7</session-id>"), serverHello);
        String reply = peer.readUntil("\n##\n", WAIT);
        assertTrue(reply.startsWith("\n#"), "chunked reply expected: " + reply);
        assertTrue(reply.contains("message-id=\"42\"") && reply.contains(">1</x>"), reply);
    }

    @Test
    void keepsEndOfMessageFramingWithABase10Peer() throws Exception {
        LoopbackSockets sockets = sockets();
        server(sockets.server(), NetconfLimits.DEFAULT);
        RawPeer peer = new RawPeer(sockets.client());
        peer.send(HELLO_10 + "<rpc xmlns=\"" + BASE_NS + "\" message-id=\"1\"><echo/></rpc>]]>]]>");
        peer.readUntil("]]>]]>", WAIT);
        String reply = peer.readUntil("]]>]]>", WAIT);
        assertTrue(reply.contains("<rpc-reply") && reply.contains("message-id=\"1\""), reply);
        assertFalse(reply.contains("\n#"), reply);
    }

    @Test
    void correlatesManyRpcsInFlightByMessageId() throws Exception {
        LoopbackSockets sockets = sockets();
        server(sockets.server(), NetconfLimits.DEFAULT);
        NetconfTestClient client = client(sockets.client());
        assertEquals(7, client.sessionId());
        List<CompletableFuture<RpcReply>> replies = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            replies.add(client.session().rpc("<echo xmlns=\"urn:t\"><n>" + i + "</n></echo>", WAIT));
        }
        for (int i = 0; i < replies.size(); i++) {
            RpcReply reply = replies.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(Integer.toString(i), reply.data().getTextContent());
            assertEquals(Integer.toString(i + 1), reply.messageId());
        }
    }

    @Test
    void refusesMoreRpcsInFlightThanTheLimit() throws Exception {
        LoopbackSockets sockets = sockets();
        server(sockets.server(), NetconfLimits.DEFAULT);
        NetconfTestClient client = new NetconfTestClient(sockets.client().getInputStream(),
                sockets.client().getOutputStream(), List.of(Netconf.BASE_1_1),
                NetconfLimits.DEFAULT.withMaxPendingRpcs(2));
        resources.add(client);
        client.hello();
        client.session().rpc("<slow xmlns=\"urn:t\" ms=\"3000\"/>", WAIT);
        client.session().rpc("<slow xmlns=\"urn:t\" ms=\"3000\"/>", WAIT);
        CompletableFuture<RpcReply> third = client.session().rpc("<echo xmlns=\"urn:t\"/>", WAIT);
        ExecutionException e = assertThrows(ExecutionException.class, () -> third.get(5, TimeUnit.SECONDS));
        assertEquals(ErrorTag.RESOURCE_DENIED, ((NetconfException) e.getCause()).error().tag());
    }

    @Test
    void answersPipelinedRpcsInOrderWhilePausingReadingAtTheQueueBound() throws Exception {
        LoopbackSockets sockets = sockets();
        server(sockets.server(), NetconfLimits.DEFAULT.withMaxPendingRpcs(2));
        RawPeer peer = new RawPeer(sockets.client());
        StringBuilder burst = new StringBuilder(HELLO_10);
        for (int i = 1; i <= 8; i++) {
            String op = i % 2 == 0 ? "<slow xmlns=\"urn:t\" ms=\"50\"/>" : "<echo xmlns=\"urn:t\"/>";
            burst.append("<rpc xmlns=\"").append(BASE_NS).append("\" message-id=\"").append(i).append("\">")
                    .append(op).append("</rpc>]]>]]>");
        }
        peer.send(burst.toString());
        peer.readUntil("]]>]]>", WAIT);
        for (int i = 1; i <= 8; i++) {
            String reply = peer.readUntil("]]>]]>", WAIT);
            assertTrue(reply.contains("message-id=\"" + i + "\""), "reply " + i + " out of order: " + reply);
        }
    }

    @Test
    void failsOnlyTheRpcThatTimedOutAndDiscardsItsLateReply() throws Exception {
        LoopbackSockets sockets = sockets();
        server(sockets.server(), NetconfLimits.DEFAULT);
        NetconfTestClient client = client(sockets.client());
        CompletableFuture<RpcReply> slow = client.session().rpc("<slow xmlns=\"urn:t\" ms=\"800\"/>",
                Duration.ofMillis(100));
        ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(5, TimeUnit.SECONDS));
        assertInstanceOf(RpcTimeoutException.class, e.getCause());
        RpcReply next = client.rpc("<echo xmlns=\"urn:t\"><after/></echo>");
        assertEquals("after", XmlTree.childElements(next.data()).get(0).getLocalName());
    }

    @Test
    void returnsRpcErrorsAsRepliesNotFailures() throws Exception {
        LoopbackSockets sockets = sockets();
        server(sockets.server(), NetconfLimits.DEFAULT);
        NetconfTestClient client = client(sockets.client());
        RpcReply reply = client.rpc("<fail xmlns=\"urn:t\"/>");
        assertEquals(ErrorTag.INVALID_VALUE, reply.errors().get(0).tag());
        assertEquals(ErrorType.APPLICATION, reply.errors().get(0).type());
        assertEquals("no such test operation", reply.errors().get(0).message());
    }

    @Test
    void answersMalformedMessageOnBase11AndKeepsTheSession() throws Exception {
        LoopbackSockets sockets = sockets();
        server(sockets.server(), NetconfLimits.DEFAULT);
        RawPeer peer = new RawPeer(sockets.client());
        peer.send(HELLO_11);
        peer.readUntil("]]>]]>", WAIT);
        String broken = "<rpc xmlns=\"" + BASE_NS + "\" message-id=\"1\"><get>";
        peer.send("\n#" + broken.length() + "\n" + broken + "\n##\n");
        String reply = peer.readUntil("\n##\n", WAIT);
        assertTrue(reply.contains("<error-tag>malformed-message</error-tag>"), reply);
        assertTrue(reply.contains("<error-type>rpc</error-type>"), reply);
        String good = "<rpc xmlns=\"" + BASE_NS + "\" message-id=\"2\"><echo/></rpc>";
        peer.send("\n#" + good.length() + "\n" + good + "\n##\n");
        assertTrue(peer.readUntil("\n##\n", WAIT).contains("message-id=\"2\""));
    }

    @Test
    void closesABase10SessionOnMalformedMessage() throws Exception {
        LoopbackSockets sockets = sockets();
        server(sockets.server(), NetconfLimits.DEFAULT);
        RawPeer peer = new RawPeer(sockets.client());
        peer.send(HELLO_10 + "<rpc><unclosed>]]>]]>");
        peer.readUntil("]]>]]>", WAIT);
        assertTrue(peer.awaitEndOfStream(WAIT));
    }

    @Test
    void repliesMissingAttributeWhenTheMessageIdIsAbsentAndEchoesOtherAttributes() throws Exception {
        LoopbackSockets sockets = sockets();
        server(sockets.server(), NetconfLimits.DEFAULT);
        RawPeer peer = new RawPeer(sockets.client());
        peer.send(HELLO_10 + "<rpc xmlns=\"" + BASE_NS + "\" xmlns:ex=\"urn:ex\" ex:user-id=\"fred\"><echo/></rpc>]]>]]>");
        peer.readUntil("]]>]]>", WAIT);
        String reply = peer.readUntil("]]>]]>", WAIT);
        assertTrue(reply.contains("<error-tag>missing-attribute</error-tag>"), reply);
        assertTrue(reply.contains("<bad-attribute>message-id</bad-attribute>"), reply);
        assertTrue(reply.contains("<bad-element>rpc</bad-element>"), reply);
        assertTrue(reply.contains(":user-id=\"fred\""), "other rpc attributes are echoed: " + reply);
    }

    @Test
    void closesWhenTheClientHelloCarriesASessionId() throws Exception {
        LoopbackSockets sockets = sockets();
        NetconfServerSession server = server(sockets.server(), NetconfLimits.DEFAULT);
        RawPeer peer = new RawPeer(sockets.client());
        peer.send(HELLO_10.replace("</capabilities>", "</capabilities><session-id>3</session-id>"));
        assertTrue(peer.awaitEndOfStream(WAIT));
        assertTrue(closeReason(server).contains("session-id"));
    }

    @Test
    void closesWhenThePeerSendsNoHelloInTime() throws Exception {
        LoopbackSockets sockets = sockets();
        NetconfServerSession server = server(sockets.server(),
                NetconfLimits.DEFAULT.withHelloTimeout(Duration.ofMillis(300)));
        RawPeer peer = new RawPeer(sockets.client());
        peer.readUntil("]]>]]>", WAIT);
        assertTrue(peer.awaitEndOfStream(WAIT));
        assertTrue(closeReason(server).contains("no hello"));
    }

    @Test
    void closesWithoutHangingOnAFramingError() throws Exception {
        LoopbackSockets sockets = sockets();
        NetconfServerSession server = server(sockets.server(), NetconfLimits.DEFAULT);
        RawPeer peer = new RawPeer(sockets.client());
        peer.send(HELLO_11 + "\n#012\n");
        peer.readUntil("]]>]]>", WAIT);
        assertTrue(peer.awaitEndOfStream(WAIT));
        assertTrue(closeReason(server).startsWith("framing error"));
    }

    @Test
    void closesWhenAMessageExceedsTheLimitBeforeBufferingIt() throws Exception {
        LoopbackSockets sockets = sockets();
        NetconfServerSession server = server(sockets.server(), NetconfLimits.DEFAULT.withMaxMessageBytes(1024));
        RawPeer peer = new RawPeer(sockets.client());
        peer.send(HELLO_11 + "\n#4000000000\n");
        peer.readUntil("]]>]]>", WAIT);
        assertTrue(peer.awaitEndOfStream(WAIT));
        assertTrue(closeReason(server).contains("exceeds"));
    }

    @Test
    void closeSessionRepliesOkThenCloses() throws Exception {
        LoopbackSockets sockets = sockets();
        server(sockets.server(), NetconfLimits.DEFAULT);
        NetconfTestClient client = client(sockets.client());
        assertTrue(client.rpc("<close-session xmlns=\"" + BASE_NS + "\"/>").isOk());
        assertEquals("transport closed", client.awaitClosed());
    }

    @Test
    void runsWhatTheReplyCarriesOnlyAfterSendingTheReply() throws Exception {
        LoopbackSockets sockets = sockets();
        NetconfServerSession server = server(sockets.server(), NetconfLimits.DEFAULT);
        NetconfTestClient client = client(sockets.client());
        assertTrue(client.rpc("<leave xmlns=\"urn:t\"/>").isOk(), "the reply came before the session ended");
        assertEquals("left after the reply", closeReason(server));
        client.awaitClosed();
    }

    @Test
    void failsPendingRpcsWhenTheSessionCloses() throws Exception {
        LoopbackSockets sockets = sockets();
        NetconfServerSession server = server(sockets.server(), NetconfLimits.DEFAULT);
        NetconfTestClient client = client(sockets.client());
        client.hello();
        CompletableFuture<RpcReply> pending = client.session().rpc("<slow xmlns=\"urn:t\" ms=\"5000\"/>", WAIT);
        server.terminate("test kill");
        ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
        assertInstanceOf(SessionClosedException.class, e.getCause());
    }

    @Test
    void clientClosesWhenTheServerOffersNoCommonBaseVersion() throws Exception {
        LoopbackSockets sockets = sockets();
        RawPeer peer = new RawPeer(sockets.server());
        NetconfTestClient client = client(sockets.client());
        peer.send(HELLO_11.replace(Netconf.BASE_1_0, "urn:example:other").replace(Netconf.BASE_1_1,
                "urn:example:also-other").replace("</capabilities>", "</capabilities><session-id>1</session-id>"));
        assertTrue(client.awaitClosed().contains("no common base"));
    }
}
