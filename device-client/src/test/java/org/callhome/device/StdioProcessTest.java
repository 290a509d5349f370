package org.callhome.device;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.testing.NetconfTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** {@code device-client stdio} as separate processes on one data folder, driven over their pipes. */
class StdioProcessTest {

    private static final String GET_CONFIG = "<get-config xmlns=\"" + BASE_NS + "\"><source><running/></source>"
            + "</get-config>";
    private static final String LOCK = "<lock xmlns=\"" + BASE_NS + "\"><target><running/></target></lock>";
    private static final String UNLOCK = "<unlock xmlns=\"" + BASE_NS + "\"><target><running/></target></unlock>";

    @TempDir
    Path dir;

    private final List<DeviceProcess> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (DeviceProcess process : processes) {
            process.close();
        }
    }

    private NetconfTestClient device(String user) throws Exception {
        DeviceProcess process = DeviceProcess.start(dir.resolve("data"), user, dir);
        processes.add(process);
        return process.client();
    }

    private static String edit(String config) {
        return "<edit-config xmlns=\"" + BASE_NS + "\"><target><running/></target><config>" + config
                + "</config></edit-config>";
    }

    @Test
    void editThenGetConfigRoundTripsAndPersistsAcrossProcesses() throws Exception {
        NetconfTestClient first = device("alice");
        RpcReply edit = first.rpc(edit("<system xmlns=\"urn:example:sys\"><hostname>edge-1</hostname></system>"));
        assertTrue(edit.isOk(), edit.toXml());
        assertTrue(first.rpc("<close-session xmlns=\"" + BASE_NS + "\"/>").isOk());
        assertEquals(0, processes.get(0).awaitExit());

        NetconfTestClient second = device("bob");
        Element data = second.rpc(GET_CONFIG).data();
        Element system = XmlTree.child(data, "urn:example:sys", "system");
        assertEquals("edge-1", XmlTree.child(system, "urn:example:sys", "hostname").getTextContent());
    }

    @Test
    void sessionIdsAreUniqueAcrossProcesses() throws Exception {
        List<NetconfTestClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(device("user" + i));
        }
        Set<Long> ids = new HashSet<>();
        for (NetconfTestClient client : clients) {
            ids.add(client.sessionId());
        }
        assertEquals(4, ids.size(), ids.toString());
    }

    @Test
    void lockIsHonoredAcrossProcesses() throws Exception {
        NetconfTestClient a = device("alice");
        NetconfTestClient b = device("bob");
        assertTrue(a.rpc(LOCK).isOk());

        RpcError denied = b.rpc(LOCK).errors().get(0);
        assertEquals(ErrorTag.LOCK_DENIED, denied.tag());
        assertEquals(Long.toString(a.sessionId()), denied.infoValue("session-id"));

        RpcError inUse = b.rpc(edit("<x xmlns=\"urn:x\">1</x>")).errors().get(0);
        assertEquals(ErrorTag.IN_USE, inUse.tag());
        assertTrue(a.rpc(edit("<x xmlns=\"urn:x\">2</x>")).isOk());

        assertEquals(ErrorTag.OPERATION_FAILED, b.rpc(UNLOCK).errors().get(0).tag());
        assertTrue(a.rpc(UNLOCK).isOk());
        assertTrue(b.rpc(LOCK).isOk());
    }

    @Test
    void lockDiesWhenTheHoldingProcessIsKilled() throws Exception {
        NetconfTestClient a = device("alice");
        assertTrue(a.rpc(LOCK).isOk());
        NetconfTestClient b = device("bob");
        assertEquals(ErrorTag.LOCK_DENIED, b.rpc(LOCK).errors().get(0).tag());

        processes.get(0).killHard();
        assertTrue(b.rpc(LOCK).isOk(), "the lock of a SIGKILLed process is gone");
    }

    @Test
    void lockDiesWhenTheSessionEnds() throws Exception {
        NetconfTestClient a = device("alice");
        assertTrue(a.rpc(LOCK).isOk());
        assertTrue(a.rpc("<close-session xmlns=\"" + BASE_NS + "\"/>").isOk());
        processes.get(0).awaitExit();
        assertTrue(device("bob").rpc(LOCK).isOk());
    }

    @Test
    void killSessionEndsASessionInAnotherProcessAndFreesItsLock() throws Exception {
        NetconfTestClient victim = device("alice");
        assertTrue(victim.rpc(LOCK).isOk());
        NetconfTestClient admin = device("root");
        RpcReply kill = admin.rpc("<kill-session xmlns=\"" + BASE_NS + "\"><session-id>" + victim.sessionId()
                + "</session-id></kill-session>");
        assertTrue(kill.isOk(), kill.toXml());
        victim.awaitClosed();
        assertEquals(0, processes.get(0).awaitExit());
        assertTrue(admin.rpc(LOCK).isOk());
    }

    @Test
    void concurrentWritersFromSeveralProcessesLoseNothing() throws Exception {
        int writers = 3;
        int editsEach = 15;
        List<NetconfTestClient> clients = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            clients.add(device("writer" + w));
        }
        List<CompletableFuture<RpcReply>> replies = new ArrayList<>();
        for (int i = 0; i < editsEach; i++) {
            for (int w = 0; w < writers; w++) {
                String leaf = "<v" + w + "-" + i + ">" + i + "</v" + w + "-" + i + ">";
                replies.add(clients.get(w).session().rpc(edit("<top xmlns=\"urn:t\">" + leaf + "</top>"),
                        NetconfTestClient.TIMEOUT));
            }
        }
        for (CompletableFuture<RpcReply> reply : replies) {
            assertTrue(reply.get().isOk(), reply.get().toXml());
        }
        Element top = XmlTree.child(clients.get(0).rpc(GET_CONFIG).data(), "urn:t", "top");
        assertEquals(writers * editsEach, XmlTree.childElements(top).size());
        Element onDisk = NetconfXml.parse(Files.readAllBytes(dir.resolve("data/running.xml")),
                NetconfLimits.DEFAULT).getDocumentElement();
        assertEquals(writers * editsEach, XmlTree.childElements(XmlTree.child(onDisk, "urn:t", "top")).size());
    }

    @Test
    void garbageInputClosesTheSessionAndLosesNothing() throws Exception {
        NetconfTestClient first = device("alice");
        assertTrue(first.rpc(edit("<keep xmlns=\"urn:k\">me</keep>")).isOk());
        byte[] before = Files.readAllBytes(dir.resolve("data/running.xml"));

        DeviceProcess raw = DeviceProcess.startRaw(dir.resolve("data"), "mallory", dir);
        processes.add(raw);
        raw.process().getOutputStream().write(("<hello xmlns=\"" + BASE_NS + "\"><capabilities><capability>"
                + "urn:ietf:params:netconf:base:1.1</capability></capabilities></hello>]]>]]>\n#99999999999\n")
                .getBytes());
        raw.process().getOutputStream().flush();
        assertEquals(0, raw.awaitExit());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("data/running.xml"))));
        assertFalse(first.rpc(GET_CONFIG).data().getTextContent().isEmpty());
    }

    private static String editCandidate(String config) {
        return "<edit-config xmlns=\"" + BASE_NS + "\"><target><candidate/></target><config>" + config
                + "</config></edit-config>";
    }

    private static String nms(NetconfTestClient client) throws Exception {
        Element nms = XmlTree.child(client.rpc(GET_CONFIG).data(), "urn:t", "nms");
        return nms == null ? null : nms.getTextContent();
    }

    @Test
    void persistentConfirmedCommitIsConfirmedByAnotherProcessAfterTheFirstExited() throws Exception {
        NetconfTestClient old = device("alice");
        assertTrue(old.rpc(edit("<nms xmlns=\"urn:t\">old</nms>")).isOk());
        assertTrue(old.rpc(editCandidate("<nms xmlns=\"urn:t\">new</nms>")).isOk());
        RpcReply confirmed = old.rpc("<commit xmlns=\"" + BASE_NS + "\"><confirmed/><confirm-timeout>60"
                + "</confirm-timeout><persist>move-7</persist></commit>");
        assertTrue(confirmed.isOk(), confirmed.toXml());
        assertTrue(old.rpc("<close-session xmlns=\"" + BASE_NS + "\"/>").isOk());
        assertEquals(0, processes.get(0).awaitExit());

        NetconfTestClient next = device("alice");
        assertEquals("new", nms(next));
        RpcReply confirm = next.rpc("<commit xmlns=\"" + BASE_NS + "\"><persist-id>move-7</persist-id></commit>");
        assertTrue(confirm.isOk(), confirm.toXml());
        assertFalse(Files.exists(dir.resolve("data/confirmed-commit")));
        assertEquals("new", nms(next));
    }

    @Test
    void confirmedCommitWithoutPersistRollsBackWhenItsProcessIsKilled() throws Exception {
        NetconfTestClient issuer = device("alice");
        assertTrue(issuer.rpc(edit("<nms xmlns=\"urn:t\">old</nms>")).isOk());
        assertTrue(issuer.rpc(editCandidate("<nms xmlns=\"urn:t\">new</nms>")).isOk());
        assertTrue(issuer.rpc("<commit xmlns=\"" + BASE_NS + "\"><confirmed/></commit>").isOk());
        NetconfTestClient other = device("bob");
        assertEquals("new", nms(other));

        processes.get(0).killHard();
        assertEquals("old", nms(other), "the issuing session died with its process, so the commit rolled back");
    }
}
