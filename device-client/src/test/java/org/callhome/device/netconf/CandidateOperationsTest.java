package org.callhome.device.netconf;

import static org.callhome.device.netconf.TestDevice.error;
import static org.callhome.device.netconf.TestDevice.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.testing.NetconfTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** The candidate datastore, commit, discard-changes and validate, over real loopback NETCONF sessions. */
class CandidateOperationsTest {

    private static final String CANDIDATE = "<candidate/>";
    private static final String RUNNING = "<running/>";
    private static final String FORBIDDEN = "<forbidden xmlns=\"urn:t\"/>";

    @TempDir
    Path dir;

    private TestDevice device;
    private NetconfTestClient client;

    @BeforeEach
    void start() throws Exception {
        device = new TestDevice(dir.resolve("data"));
        device.server.addCheck(data -> {
            if (XmlTree.child(data, "urn:t", "forbidden") != null) {
                throw new NetconfException(RpcError.of(ErrorType.APPLICATION, ErrorTag.INVALID_VALUE,
                        "<forbidden> may not be configured").withInfo("bad-element", "forbidden"));
            }
        });
        client = device.connect();
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
    }

    private static String edit(String target, String config) {
        return op("edit-config", "<target>" + target + "</target><config>" + config + "</config>");
    }

    private static String hostname(String value) {
        return "<host xmlns=\"urn:t\">" + value + "</host>";
    }

    private static Element get(NetconfTestClient session, String source) throws Exception {
        return session.rpc(op("get-config", "<source>" + source + "</source>")).data();
    }

    private static String host(NetconfTestClient session, String source) throws Exception {
        Element host = XmlTree.child(get(session, source), "urn:t", "host");
        return host == null ? null : host.getTextContent();
    }

    @Test
    void advertisesCandidateConfirmedCommitAndValidateButNotStartup() throws Exception {
        assertTrue(client.hello().has("urn:ietf:params:netconf:capability:candidate:1.0"));
        assertTrue(client.hello().has("urn:ietf:params:netconf:capability:confirmed-commit:1.1"));
        assertTrue(client.hello().has("urn:ietf:params:netconf:capability:validate:1.1"));
        assertFalse(client.hello().has("urn:ietf:params:netconf:capability:startup:1.0"));
    }

    @Test
    void candidateEditIsNotInRunningUntilCommit() throws Exception {
        assertTrue(client.rpc(edit(CANDIDATE, hostname("a"))).isOk());
        assertEquals("a", host(client, CANDIDATE));
        assertNull(host(client, RUNNING));
        NetconfTestClient other = device.connect();
        assertEquals("a", host(other, CANDIDATE), "the candidate is shared by every session");
        assertTrue(client.rpc(op("commit", "")).isOk());
        assertEquals("a", host(other, RUNNING));
        assertFalse(Files.exists(dir.resolve("data/candidate.xml")), "after commit the candidate is running");
    }

    @Test
    void candidateWithoutChangesFollowsRunning() throws Exception {
        assertTrue(client.rpc(edit(RUNNING, hostname("r"))).isOk());
        assertEquals("r", host(client, CANDIDATE));
    }

    @Test
    void discardChangesResetsTheCandidateToRunning() throws Exception {
        assertTrue(client.rpc(edit(RUNNING, hostname("old"))).isOk());
        assertTrue(client.rpc(edit(CANDIDATE, hostname("new"))).isOk());
        assertEquals("new", host(client, CANDIDATE));
        assertTrue(client.rpc(op("discard-changes", "")).isOk());
        assertEquals("old", host(client, CANDIDATE));
        assertEquals("old", host(client, RUNNING));
    }

    @Test
    void copyConfigMovesWholeConfigurationsBetweenCandidateAndRunning() throws Exception {
        assertTrue(client.rpc(op("copy-config", "<target>" + CANDIDATE + "</target><source><config>"
                + hostname("c") + "</config></source>")).isOk());
        assertNull(host(client, RUNNING));
        assertTrue(client.rpc(op("copy-config", "<target>" + RUNNING + "</target><source>" + CANDIDATE
                + "</source>")).isOk());
        assertEquals("c", host(client, RUNNING));
        assertTrue(client.rpc(edit(CANDIDATE, hostname("d"))).isOk());
        assertTrue(client.rpc(op("copy-config", "<target>" + CANDIDATE + "</target><source>" + RUNNING
                + "</source>")).isOk());
        assertEquals("c", host(client, CANDIDATE));
    }

    @Test
    void candidateCannotBeDeleted() throws Exception {
        RpcError e = error(client, op("delete-config", "<target>" + CANDIDATE + "</target>"));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals("candidate", e.infoValue("bad-element"));
    }

    @Test
    void validateRunsTheChecksOnEachSource() throws Exception {
        assertTrue(client.rpc(op("validate", "<source>" + RUNNING + "</source>")).isOk());
        assertTrue(client.rpc(op("validate", "<source>" + CANDIDATE + "</source>")).isOk());
        assertTrue(client.rpc(op("validate", "<source><config>" + hostname("x") + "</config></source>")).isOk());

        RpcError inline = error(client, op("validate", "<source><config>" + FORBIDDEN + "</config></source>"));
        assertEquals(ErrorTag.INVALID_VALUE, inline.tag());
        assertEquals(ErrorType.APPLICATION, inline.type());
        assertEquals("forbidden", inline.infoValue("bad-element"));

        assertTrue(client.rpc(edit(CANDIDATE, FORBIDDEN)).isOk(), "the candidate may hold what cannot be committed");
        assertEquals(ErrorTag.INVALID_VALUE, error(client, op("validate", "<source>" + CANDIDATE + "</source>")).tag());
        assertTrue(client.rpc(op("validate", "<source>" + RUNNING + "</source>")).isOk());

        // an edit of running runs the checks itself: running never holds what fails them
        assertEquals(ErrorTag.INVALID_VALUE, error(client, edit(RUNNING, FORBIDDEN)).tag());
        assertTrue(client.rpc(op("validate", "<source>" + RUNNING + "</source>")).isOk());
    }

    @Test
    void validateOfStartupOrUrlIsRefused() throws Exception {
        RpcError startup = error(client, op("validate", "<source><startup/></source>"));
        assertEquals(ErrorTag.INVALID_VALUE, startup.tag());
        assertEquals("startup", startup.infoValue("bad-element"));
        assertEquals(ErrorTag.OPERATION_NOT_SUPPORTED,
                error(client, op("validate", "<source><url>file:///x</url></source>")).tag());
        assertEquals(ErrorTag.MISSING_ELEMENT, error(client, op("validate", "")).tag());
    }

    @Test
    void commitRefusedByACheckLeavesRunningAndTheCandidateAsTheyWere() throws Exception {
        assertTrue(client.rpc(edit(RUNNING, hostname("before"))).isOk());
        assertTrue(client.rpc(edit(CANDIDATE, hostname("after") + FORBIDDEN)).isOk());
        RpcError e = error(client, op("commit", ""));
        assertEquals(ErrorTag.INVALID_VALUE, e.tag());
        assertEquals("forbidden", e.infoValue("bad-element"));
        assertEquals("before", host(client, RUNNING));
        assertNull(XmlTree.child(get(client, RUNNING), "urn:t", "forbidden"));
        assertEquals("after", host(client, CANDIDATE));
    }

    @Test
    void lockOnAModifiedCandidateIsDenied() throws Exception {
        NetconfTestClient other = device.connect();
        assertTrue(other.rpc(edit(CANDIDATE, hostname("theirs"))).isOk());
        RpcError e = error(client, op("lock", "<target>" + CANDIDATE + "</target>"));
        assertEquals(ErrorTag.LOCK_DENIED, e.tag());
        assertEquals("0", e.infoValue("session-id"));
        assertTrue(other.rpc(op("discard-changes", "")).isOk());
        assertTrue(client.rpc(op("lock", "<target>" + CANDIDATE + "</target>")).isOk());
    }

    @Test
    void lockedCandidateRefusesOtherSessionsEditsCommitAndDiscard() throws Exception {
        NetconfTestClient other = device.connect();
        assertTrue(client.rpc(op("lock", "<target>" + CANDIDATE + "</target>")).isOk());
        assertTrue(client.rpc(edit(CANDIDATE, hostname("mine"))).isOk());
        RpcError e = error(other, edit(CANDIDATE, hostname("theirs")));
        assertEquals(ErrorTag.IN_USE, e.tag());
        assertEquals(Long.toString(client.sessionId()), e.infoValue("session-id"));
        assertEquals(ErrorTag.IN_USE, error(other, op("discard-changes", "")).tag());
        assertEquals(ErrorTag.IN_USE, error(other, op("commit", "")).tag());
        assertEquals(ErrorTag.LOCK_DENIED, error(other, op("lock", "<target>" + CANDIDATE + "</target>")).tag());
        assertEquals("mine", host(other, CANDIDATE));
        assertTrue(client.rpc(op("commit", "")).isOk());
        assertEquals("mine", host(other, RUNNING));
    }

    @Test
    void commitWhileAnotherSessionLocksRunningIsInUse() throws Exception {
        NetconfTestClient other = device.connect();
        assertTrue(other.rpc(op("lock", "<target>" + RUNNING + "</target>")).isOk());
        assertTrue(client.rpc(edit(CANDIDATE, hostname("a"))).isOk());
        RpcError e = error(client, op("commit", ""));
        assertEquals(ErrorTag.IN_USE, e.tag());
        assertEquals(Long.toString(other.sessionId()), e.infoValue("session-id"));
        assertNull(host(client, RUNNING));
        assertEquals("a", host(client, CANDIDATE));
        assertTrue(other.rpc(op("unlock", "<target>" + RUNNING + "</target>")).isOk());
        assertTrue(client.rpc(op("commit", "")).isOk());
        assertEquals("a", host(client, RUNNING));
    }

    @Test
    void unlockDiscardsTheChangesMadeUnderTheLock() throws Exception {
        assertTrue(client.rpc(op("lock", "<target>" + CANDIDATE + "</target>")).isOk());
        assertTrue(client.rpc(edit(CANDIDATE, hostname("draft"))).isOk());
        assertTrue(client.rpc(op("unlock", "<target>" + CANDIDATE + "</target>")).isOk());
        assertNull(host(client, CANDIDATE));
    }

    @Test
    void endOfTheLockHoldingSessionDiscardsItsChanges() throws Exception {
        NetconfTestClient holder = device.connect();
        assertTrue(holder.rpc(op("lock", "<target>" + CANDIDATE + "</target>")).isOk());
        assertTrue(holder.rpc(edit(CANDIDATE, hostname("draft"))).isOk());
        holder.close();
        TestDevice.await(() -> !Files.exists(dir.resolve("data/candidate.xml")));
        assertNull(host(client, CANDIDATE));
        assertTrue(client.rpc(op("lock", "<target>" + CANDIDATE + "</target>")).isOk());
    }

    @Test
    void changesMadeWithoutTheLockOutliveTheirSession() throws Exception {
        NetconfTestClient editor = device.connect();
        assertTrue(editor.rpc(edit(CANDIDATE, hostname("shared"))).isOk());
        editor.close();
        editor.awaitClosed();
        assertEquals("shared", host(client, CANDIDATE));
    }

    @Test
    void readOnlyAccountMayValidateButNotCommitDiscardOrCancel() throws Exception {
        NetconfTestClient viewer = device.connect(Role.READ_ONLY);
        assertTrue(viewer.rpc(op("validate", "<source>" + CANDIDATE + "</source>")).isOk());
        assertNotNull(get(viewer, CANDIDATE));
        for (String write : new String[] {op("commit", ""), op("discard-changes", ""), op("cancel-commit", ""),
                edit(CANDIDATE, hostname("x")), op("lock", "<target>" + CANDIDATE + "</target>")}) {
            assertEquals(ErrorTag.ACCESS_DENIED, error(viewer, write).tag(), write);
        }
    }

    @Test
    void discardChangesTakesNoParameters() throws Exception {
        RpcError e = error(client, op("discard-changes", "<now/>"));
        assertEquals(ErrorTag.UNKNOWN_ELEMENT, e.tag());
        assertEquals("now", e.infoValue("bad-element"));
    }
}
