package org.callhome.device.netconf;

import static org.callhome.device.netconf.TestDevice.error;
import static org.callhome.device.netconf.TestDevice.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.testing.NetconfTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * Confirmed commit (RFC 6241 §8.4, :confirmed-commit:1.1) over real loopback NETCONF sessions:
 * confirmation by the issuing session or by persist-id from any session, of this server or of
 * another on the same folder (another process), and every way it rolls back.
 */
class ConfirmedCommitTest {

    private static final String OLD = "old";
    private static final String NEW = "new";

    @TempDir
    Path dir;

    private Path folder;
    private TestDevice device;
    private NetconfTestClient client;

    @BeforeEach
    void start() throws Exception {
        folder = dir.resolve("data");
        device = new TestDevice(folder);
        client = device.connect();
        assertTrue(client.rpc(edit("running", OLD)).isOk());
        assertTrue(client.rpc(edit("candidate", NEW)).isOk());
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
    }

    private static String edit(String target, String endpoint) {
        return op("edit-config", "<target><" + target + "/></target><config><nms xmlns=\"urn:t\">" + endpoint
                + "</nms></config>");
    }

    private static String confirmed(String parameters) {
        return op("commit", "<confirmed/>" + parameters);
    }

    private static String endpoint(NetconfTestClient session) throws Exception {
        Element data = session.rpc(op("get-config", "<source><running/></source>")).data();
        Element nms = XmlTree.child(data, "urn:t", "nms");
        return nms == null ? null : nms.getTextContent();
    }

    /** running.xml as on disk, read without any NETCONF request (which would itself roll back). */
    private String runningFile() {
        try {
            return Files.readString(folder.resolve("running.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean rolledBackOnDisk() {
        return runningFile().contains(">" + OLD + "<");
    }

    @Test
    void confirmedCommitConfirmedByTheSameSessionStays() throws Exception {
        assertTrue(client.rpc(confirmed("<confirm-timeout>1</confirm-timeout>")).isOk());
        assertEquals(NEW, endpoint(client));
        assertTrue(client.rpc(op("commit", "")).isOk());
        assertFalse(Files.exists(folder.resolve("confirmed-commit")));
        assertFalse(Files.exists(folder.resolve("rollback.xml")));
        TestDevice.awaitPast(Instant.now().plusMillis(1300));
        assertEquals(NEW, endpoint(client));
    }

    @Test
    void unconfirmedCommitRollsBackAtItsTimeout() throws Exception {
        Instant before = Instant.now();
        assertTrue(client.rpc(confirmed("<confirm-timeout>1</confirm-timeout>")).isOk());
        assertTrue(runningFile().contains(">" + NEW + "<"));
        TestDevice.await(this::rolledBackOnDisk);
        assertTrue(rolledBackOnDisk(), "the server's timer rolled running back");
        assertTrue(Duration.between(before, Instant.now()).toMillis() >= 1000, "not before the timeout");
        assertEquals(OLD, endpoint(client));
        assertFalse(Files.exists(folder.resolve("confirmed-commit")));
    }

    @Test
    void persistentCommitIsConfirmedFromAnotherSessionByPersistId() throws Exception {
        assertTrue(client.rpc(confirmed("<confirm-timeout>2</confirm-timeout><persist>move-1</persist>")).isOk());
        Instant deadline = Instant.now().plusSeconds(2);
        client.close();
        client.awaitClosed();
        NetconfTestClient next = device.connect();
        assertEquals(NEW, endpoint(next), "the end of the issuing session does not roll back a persistent commit");
        assertTrue(next.rpc(op("commit", "<persist-id>move-1</persist-id>")).isOk());
        TestDevice.awaitPast(deadline.plusMillis(300));
        assertEquals(NEW, endpoint(next));
    }

    @Test
    void wrongOrMissingPersistIdIsRefusedAndChangesNothing() throws Exception {
        assertTrue(client.rpc(confirmed("<persist>right</persist>")).isOk());
        NetconfTestClient other = device.connect();
        RpcError wrong = error(other, op("commit", "<persist-id>wrong</persist-id>"));
        assertEquals(ErrorTag.INVALID_VALUE, wrong.tag());
        assertEquals("persist-id", wrong.infoValue("bad-element"));
        assertEquals(ErrorTag.IN_USE, error(other, op("commit", "")).tag());
        assertEquals(ErrorTag.INVALID_VALUE,
                error(other, op("cancel-commit", "<persist-id>wrong</persist-id>")).tag());
        assertTrue(Files.exists(folder.resolve("confirmed-commit")), "still pending");
        assertEquals(NEW, endpoint(other));
        assertTrue(other.rpc(op("cancel-commit", "<persist-id>right</persist-id>")).isOk());
        assertEquals(OLD, endpoint(other));
    }

    @Test
    void persistTokenIsKeptExactlyAsSent() throws Exception {
        String token = " a = b\n#c:\\u00e9 ";
        assertTrue(client.rpc(confirmed("<persist>" + token + "</persist>")).isOk());
        assertEquals(ErrorTag.INVALID_VALUE,
                error(client, op("commit", "<persist-id>" + token.strip() + "</persist-id>")).tag());
        assertTrue(client.rpc(op("commit", "<persist-id>" + token + "</persist-id>")).isOk());
        assertEquals(NEW, endpoint(client));
    }

    @Test
    void persistIdWithoutAPendingCommitIsInvalidValue() throws Exception {
        RpcError e = error(client, op("commit", "<persist-id>nothing</persist-id>"));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals(OLD, endpoint(client));
    }

    @Test
    void cancelCommitRollsBackAtOnce() throws Exception {
        assertEquals(ErrorTag.OPERATION_FAILED, error(client, op("cancel-commit", "")).tag());
        assertTrue(client.rpc(confirmed("")).isOk());
        assertEquals(NEW, endpoint(client));
        NetconfTestClient other = device.connect();
        assertEquals(ErrorTag.IN_USE, error(other, op("cancel-commit", "")).tag(),
                "without persist only the issuing session may cancel");
        assertTrue(client.rpc(op("cancel-commit", "")).isOk());
        assertEquals(OLD, endpoint(client));
        assertFalse(Files.exists(folder.resolve("confirmed-commit")));
    }

    @Test
    void endOfTheIssuingSessionRollsBackWithoutPersist() throws Exception {
        assertTrue(client.rpc(confirmed("")).isOk());
        NetconfTestClient other = device.connect();
        assertEquals(ErrorTag.IN_USE, error(other, op("commit", "")).tag(),
                "without persist only the issuing session confirms");
        client.close();
        TestDevice.await(this::rolledBackOnDisk);
        assertEquals(OLD, endpoint(other));
    }

    @Test
    void followUpConfirmedCommitExtendsTheTimeoutAndRollsBackToBeforeTheFirst() throws Exception {
        assertTrue(client.rpc(confirmed("<confirm-timeout>1</confirm-timeout>")).isOk());
        assertTrue(client.rpc(edit("candidate", "newer")).isOk());
        assertTrue(client.rpc(confirmed("<confirm-timeout>3</confirm-timeout>")).isOk());
        Instant firstDeadline = Instant.now().plusSeconds(1);
        assertEquals("newer", endpoint(client));
        TestDevice.awaitPast(firstDeadline.plusMillis(300));
        assertTrue(runningFile().contains(">newer<"), "the follow-up extended the deadline");
        TestDevice.await(this::rolledBackOnDisk);
        assertEquals(OLD, endpoint(client), "back to before the first confirmed commit");
    }

    @Test
    void runningCannotBeLockedByAnotherSessionWhileAConfirmedCommitIsPending() throws Exception {
        assertTrue(client.rpc(confirmed("")).isOk());
        NetconfTestClient other = device.connect();
        RpcError e = error(other, op("lock", "<target><running/></target>"));
        assertEquals(ErrorTag.LOCK_DENIED, e.tag());
        assertEquals(Long.toString(client.sessionId()), e.infoValue("session-id"));
        assertTrue(client.rpc(op("lock", "<target><running/></target>")).isOk());
    }

    @Test
    void badCommitParametersAreInvalidValue() throws Exception {
        for (String timeout : new String[] {"0", "-1", "4294967296", "soon", ""}) {
            RpcError e = error(client, confirmed("<confirm-timeout>" + timeout + "</confirm-timeout>"));
            assertEquals(ErrorTag.INVALID_VALUE, e.tag(), timeout);
            assertEquals("confirm-timeout", e.infoValue("bad-element"));
        }
        assertEquals("persist", error(client, op("commit", "<persist>p</persist>")).infoValue("bad-element"));
        assertEquals("confirm-timeout",
                error(client, op("commit", "<confirm-timeout>5</confirm-timeout>")).infoValue("bad-element"));
        assertEquals("persist", error(client, confirmed("<persist>" + "p".repeat(257) + "</persist>"))
                .infoValue("bad-element"));
        assertEquals(ErrorTag.UNKNOWN_ELEMENT, error(client, op("commit", "<later/>")).tag());
        assertEquals(OLD, endpoint(client), "nothing of a refused commit reaches running");
        assertTrue(client.rpc(confirmed("<confirm-timeout>4294967295</confirm-timeout><persist>"
                + "p".repeat(256) + "</persist>")).isOk());
        assertTrue(client.rpc(op("cancel-commit", "<persist-id>" + "p".repeat(256) + "</persist-id>")).isOk());
    }

    @Test
    void deadlinePassedWhileNoProcessRanRollsBackAtStart() throws Exception {
        assertTrue(client.rpc(confirmed("<confirm-timeout>1</confirm-timeout><persist>p</persist>")).isOk());
        Instant deadline = Instant.now().plusSeconds(1);
        device.close();
        TestDevice.awaitPast(deadline.plusMillis(200));
        assertTrue(runningFile().contains(">" + NEW + "<"), "nothing ran, so nothing rolled back yet");
        device = new TestDevice(folder);
        assertTrue(rolledBackOnDisk(), "rolled back as the server started");
        client = device.connect();
        assertEquals(OLD, endpoint(client));
    }

    @Test
    void anotherServerOnTheFolderConfirmsByPersistIdAfterTheFirstHasGone() throws Exception {
        assertTrue(client.rpc(confirmed("<confirm-timeout>2</confirm-timeout><persist>move</persist>")).isOk());
        Instant deadline = Instant.now().plusSeconds(2);
        try (TestDevice second = new TestDevice(folder)) {
            device.close();
            NetconfTestClient called = second.connect();
            assertEquals(NEW, endpoint(called));
            assertTrue(called.rpc(op("commit", "<persist-id>move</persist-id>")).isOk());
            TestDevice.awaitPast(deadline.plusMillis(300));
            assertEquals(NEW, endpoint(called));
            device = new TestDevice(folder);
        }
    }

    @Test
    void anotherServerRollsBackLazilyWhenTheDeadlinePassedUnseen() throws Exception {
        try (TestDevice second = new TestDevice(folder)) {
            NetconfTestClient other = second.connect();
            assertTrue(client.rpc(confirmed("<confirm-timeout>1</confirm-timeout><persist>p</persist>")).isOk());
            Instant deadline = Instant.now().plusSeconds(1);
            device.close();
            TestDevice.awaitPast(deadline.plusMillis(200));
            assertEquals(OLD, endpoint(other), "the first request after the deadline rolls back");
            device = new TestDevice(folder);
        }
    }

    @Test
    void aTimerOfTheServerThatSawTheCommitRollsBackForAnotherServer() throws Exception {
        try (TestDevice second = new TestDevice(folder)) {
            NetconfTestClient other = second.connect();
            assertEquals(OLD, endpoint(other));
            assertTrue(client.rpc(confirmed("<confirm-timeout>1</confirm-timeout><persist>p</persist>")).isOk());
            assertEquals(NEW, endpoint(other), "the second server sees the pending commit and watches its deadline");
            device.close();
            TestDevice.await(this::rolledBackOnDisk);
            assertTrue(rolledBackOnDisk(), "the second server's timer rolled back");
            device = new TestDevice(folder);
        }
    }
}
