package org.callhome.device.netconf;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.session.StreamTransport;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.testing.LoopbackSockets;
import org.callhome.shared.testing.NetconfTestClient;
import org.callhome.shared.testing.RawPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** The device's operations and their rpc-errors, over real loopback TCP with our client engine. */
class DeviceOperationsTest {

    private static final String RUNNING = "<running/>";

    @TempDir
    Path dir;

    private DeviceNetconfServer server;
    private LoopbackSockets sockets;
    private NetconfTestClient client;

    @BeforeEach
    void start() throws Exception {
        server = new DeviceNetconfServer(dir.resolve("data"), NetconfLimits.DEFAULT, Runnable::run);
        client = connect();
    }

    private NetconfTestClient connect() throws Exception {
        return connect(Role.ADMIN);
    }

    private NetconfTestClient connect(Role role) throws Exception {
        sockets = LoopbackSockets.open();
        StreamTransport transport = new StreamTransport(sockets.server().getInputStream(),
                sockets.server().getOutputStream(), "loopback");
        var session = server.open(transport, role == Role.ADMIN ? "admin" : "viewer", role);
        Thread reader = new Thread(() -> transport.readLoop(session));
        reader.setDaemon(true);
        reader.start();
        return new NetconfTestClient(sockets.client().getInputStream(), sockets.client().getOutputStream());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        sockets.close();
    }

    private RpcReply rpc(String xml) throws Exception {
        return client.rpc(xml);
    }

    private RpcError error(String xml) throws Exception {
        RpcReply reply = rpc(xml);
        assertEquals(1, reply.errors().size(), reply.toXml());
        return reply.errors().get(0);
    }

    private static String op(String name, String body) {
        return "<" + name + " xmlns=\"" + BASE_NS + "\">" + body + "</" + name + ">";
    }

    private static String edit(String options, String config) {
        return op("edit-config", "<target>" + RUNNING + "</target>" + options + "<config>" + config + "</config>");
    }

    private Element running() throws Exception {
        return rpc(op("get-config", "<source>" + RUNNING + "</source>")).data();
    }

    @Test
    void advertisesBaseVersionsAndWritableRunning() throws Exception {
        assertTrue(client.hello().has("urn:ietf:params:netconf:base:1.1"));
        assertTrue(client.hello().has("urn:ietf:params:netconf:capability:writable-running:1.0"));
    }

    @Test
    void getAndGetConfigApplyTheSubtreeFilter() throws Exception {
        assertTrue(rpc(edit("", "<a xmlns=\"urn:a\"><x>1</x></a><b xmlns=\"urn:b\">2</b>")).isOk());
        Element data = rpc(op("get", "<filter type=\"subtree\"><b xmlns=\"urn:b\"/></filter>")).data();
        assertEquals(1, XmlTree.childElements(data).size());
        assertEquals("2", XmlTree.child(data, "urn:b", "b").getTextContent());
        data = rpc(op("get-config", "<source>" + RUNNING + "</source><filter><a xmlns=\"urn:a\"/></filter>")).data();
        assertEquals("urn:a", XmlTree.childElements(data).get(0).getNamespaceURI());
    }

    @Test
    void getConfigWithoutSourceIsMissingElement() throws Exception {
        RpcError e = error(op("get-config", ""));
        assertEquals(ErrorTag.MISSING_ELEMENT, e.tag());
        assertEquals("source", e.infoValue("bad-element"));
    }

    @Test
    void startupIsNotAvailable() throws Exception {
        RpcError e = error(op("get-config", "<source><startup/></source>"));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals(ErrorType.PROTOCOL, e.type());
        assertEquals("startup", e.infoValue("bad-element"));
    }

    @Test
    void unknownParameterIsUnknownElement() throws Exception {
        RpcError e = error(op("get-config", "<source>" + RUNNING + "</source><bogus/>"));
        assertEquals(ErrorTag.UNKNOWN_ELEMENT, e.tag());
        assertEquals("bogus", e.infoValue("bad-element"));
    }

    @Test
    void unknownOperationIsOperationNotSupported() throws Exception {
        assertEquals(ErrorTag.OPERATION_NOT_SUPPORTED, error("<reboot xmlns=\"urn:vendor\"/>").tag());
        assertEquals(ErrorTag.OPERATION_NOT_SUPPORTED, error(op("frobnicate", "")).tag());
    }

    @Test
    void xpathFilterIsNotSupported() throws Exception {
        RpcError e = error(op("get", "<filter type=\"xpath\" select=\"/a\"/>"));
        assertEquals(ErrorTag.OPERATION_NOT_SUPPORTED, e.tag());
    }

    @Test
    void runningCannotBeDeleted() throws Exception {
        assertEquals(ErrorTag.INVALID_VALUE, error(op("delete-config", "<target>" + RUNNING + "</target>")).tag());
    }

    @Test
    void copyConfigReplacesTheWholeRunningConfiguration() throws Exception {
        assertTrue(rpc(edit("", "<old xmlns=\"urn:o\">1</old>")).isOk());
        assertTrue(rpc(op("copy-config", "<target>" + RUNNING + "</target><source><config>"
                + "<new xmlns=\"urn:n\">2</new></config></source>")).isOk());
        Element data = running();
        assertEquals(1, XmlTree.childElements(data).size());
        assertEquals("2", XmlTree.child(data, "urn:n", "new").getTextContent());
        assertTrue(rpc(op("copy-config", "<target>" + RUNNING + "</target><source>" + RUNNING + "</source>")).isOk());
    }

    @Test
    void urlIsNotSupported() throws Exception {
        assertEquals(ErrorTag.OPERATION_NOT_SUPPORTED, error(op("copy-config", "<target>" + RUNNING
                + "</target><source><url>file:///etc/passwd</url></source>")).tag());
    }

    @Test
    void badDefaultOperationIsInvalidValue() throws Exception {
        RpcError e = error(edit("<default-operation>frob</default-operation>", "<a xmlns=\"urn:a\"/>"));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals("default-operation", e.infoValue("bad-element"));
    }

    @Test
    void testOnlyChangesNothing() throws Exception {
        assertTrue(rpc(edit("<test-option>test-only</test-option>", "<a xmlns=\"urn:a\">1</a>")).isOk());
        assertTrue(XmlTree.childElements(running()).isEmpty());
    }

    @Test
    void stopOnErrorAppliesNothingOfAFailedEdit() throws Exception {
        RpcError e = error(edit("", "<a xmlns=\"urn:a\">1</a>"
                + "<b xmlns=\"urn:b\" xmlns:nc=\"" + BASE_NS + "\" nc:operation=\"delete\"/>"));
        assertEquals(ErrorTag.DATA_MISSING, e.tag());
        assertTrue(XmlTree.childElements(running()).isEmpty());
    }

    @Test
    void rollbackOnErrorAppliesNothingOfAFailedEdit() throws Exception {
        RpcError e = error(edit("<error-option>rollback-on-error</error-option>", "<a xmlns=\"urn:a\">1</a>"
                + "<b xmlns=\"urn:b\" xmlns:nc=\"" + BASE_NS + "\" nc:operation=\"delete\"/>"));
        assertEquals(ErrorTag.DATA_MISSING, e.tag());
        assertTrue(XmlTree.childElements(running()).isEmpty());
    }

    @Test
    void continueOnErrorAppliesWhatSucceedsAndReportsTheRest() throws Exception {
        RpcReply reply = rpc(edit("<error-option>continue-on-error</error-option>", "<a xmlns=\"urn:a\">1</a>"
                + "<b xmlns=\"urn:b\" xmlns:nc=\"" + BASE_NS + "\" nc:operation=\"delete\"/>"));
        assertEquals(ErrorTag.DATA_MISSING, reply.errors().get(0).tag());
        assertEquals("1", XmlTree.child(running(), "urn:a", "a").getTextContent());
    }

    @Test
    void unlockWithoutLockIsOperationFailed() throws Exception {
        assertEquals(ErrorTag.OPERATION_FAILED, error(op("unlock", "<target>" + RUNNING + "</target>")).tag());
    }

    @Test
    void secondLockInTheSameSessionIsLockDeniedNamingItself() throws Exception {
        assertTrue(rpc(op("lock", "<target>" + RUNNING + "</target>")).isOk());
        RpcError e = error(op("lock", "<target>" + RUNNING + "</target>"));
        assertEquals(ErrorTag.LOCK_DENIED, e.tag());
        assertEquals(Long.toString(client.sessionId()), e.infoValue("session-id"));
    }

    @Test
    void lockHeldByAnotherSessionBlocksItsEditsUntilThatSessionIsKilled() throws Exception {
        NetconfTestClient other = connect();
        try {
            assertTrue(other.rpc(op("lock", "<target>" + RUNNING + "</target>")).isOk());
            assertEquals(ErrorTag.IN_USE, error(edit("", "<a xmlns=\"urn:a\"/>")).tag());
            assertTrue(rpc(op("kill-session", "<session-id>" + other.sessionId() + "</session-id>")).isOk());
            other.awaitClosed();
            assertTrue(rpc(edit("", "<a xmlns=\"urn:a\"/>")).isOk());
        } finally {
            other.close();
        }
    }

    @Test
    void killSessionRefusesItselfAndUnknownSessions() throws Exception {
        assertEquals(ErrorTag.INVALID_VALUE,
                error(op("kill-session", "<session-id>" + client.sessionId() + "</session-id>")).tag());
        assertEquals(ErrorTag.INVALID_VALUE, error(op("kill-session", "<session-id>999999</session-id>")).tag());
        assertEquals(ErrorTag.INVALID_VALUE, error(op("kill-session", "<session-id>abc</session-id>")).tag());
        assertEquals(ErrorTag.MISSING_ELEMENT, error(op("kill-session", "")).tag());
    }

    @Test
    void readOnlyAccountMayReadButNotWrite() throws Exception {
        assertTrue(rpc(edit("", "<a xmlns=\"urn:a\">1</a>")).isOk());
        client.close();
        sockets.close();
        client = connect(Role.READ_ONLY);
        assertEquals("1", XmlTree.child(running(), "urn:a", "a").getTextContent());
        String target = "<target>" + RUNNING + "</target>";
        for (String write : new String[] {edit("", "<a xmlns=\"urn:a\">2</a>"),
                op("copy-config", target + "<source><config/></source>"), op("delete-config", target),
                op("lock", target), op("kill-session", "<session-id>1</session-id>")}) {
            RpcError e = error(write);
            assertEquals(ErrorTag.ACCESS_DENIED, e.tag(), write);
        }
        assertEquals("1", XmlTree.child(running(), "urn:a", "a").getTextContent());
    }

    @Test
    void externalEntityInAnEditNeverReachesTheDatastore() throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "SECRET-FILE-CONTENT");
        client.close();
        sockets.close();
        sockets = LoopbackSockets.open();
        StreamTransport transport = new StreamTransport(sockets.server().getInputStream(),
                sockets.server().getOutputStream(), "loopback");
        var session = server.open(transport, "admin", Role.ADMIN);
        Thread reader = new Thread(() -> transport.readLoop(session));
        reader.setDaemon(true);
        reader.start();
        try (RawPeer peer = new RawPeer(sockets.client())) {
            peer.send("<hello xmlns=\"" + BASE_NS + "\"><capabilities><capability>urn:ietf:params:netconf:base:1.1"
                    + "</capability></capabilities></hello>]]>]]>");
            String rpc = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                    + "<rpc xmlns=\"" + BASE_NS + "\" message-id=\"1\">" + edit("", "<a xmlns=\"urn:a\">&x;</a>")
                    + "</rpc>";
            peer.send("\n#" + rpc.getBytes().length + "\n" + rpc + "\n##\n");
            peer.readUntil("]]>]]>", NetconfTestClient.TIMEOUT);
            String reply = peer.readUntil("\n##\n", NetconfTestClient.TIMEOUT);
            assertTrue(reply.contains("malformed-message"), reply);
            assertFalse(reply.contains("SECRET"), reply);
        }
        client = connect();
        assertTrue(XmlTree.childElements(running()).isEmpty());
    }
}
