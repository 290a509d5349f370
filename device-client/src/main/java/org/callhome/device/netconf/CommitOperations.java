package org.callhome.device.netconf;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.callhome.device.datastore.AfterReply;
import org.callhome.device.datastore.CommitRequest;
import org.callhome.device.datastore.ConfigEditor;
import org.callhome.device.datastore.ConfirmedCommit;
import org.callhome.device.netconf.Requests.Datastore;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.session.Reply;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.text.PeerText;
import org.w3c.dom.Element;

/**
 * The operations of the {@code :candidate}, {@code :confirmed-commit:1.1} and {@code :validate:1.1}
 * capabilities (RFC 6241 §8.3, §8.4, §8.6): commit, cancel-commit, discard-changes and validate.
 * Reads their parameters strictly and leaves the work to the datastore's {@code Commits}.
 */
final class CommitOperations {

    /** confirm-timeout is a uint32 of seconds, from 1 (RFC 6241 §8.4.5.1's YANG range "1..max"). */
    private static final long MAX_CONFIRM_TIMEOUT_SECONDS = 4_294_967_295L;

    private final DeviceNetconfServer server;

    CommitOperations(DeviceNetconfServer server) {
        this.server = server;
    }

    Reply commit(Element operation, long sessionId, AfterReply afterReply) throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("confirmed", "confirm-timeout", "persist", "persist-id"));
        Element confirmedElement = Requests.optional(operation, "confirmed");
        boolean confirmed = confirmedElement != null;
        if (confirmed && (!XmlTree.childElements(confirmedElement).isEmpty()
                || !XmlTree.text(confirmedElement).isBlank())) {
            throw Requests.invalidValue("confirmed", "<confirmed> is a flag and takes no content");
        }
        Element timeoutElement = Requests.optional(operation, "confirm-timeout");
        Optional<String> persist = token(Requests.optional(operation, "persist"));
        if (!confirmed && (timeoutElement != null || persist.isPresent())) {
            throw Requests.invalidValue(timeoutElement != null ? "confirm-timeout" : "persist",
                    "<confirm-timeout> and <persist> belong to a confirmed commit: add <confirmed/>");
        }
        Duration timeout = timeoutElement == null ? CommitRequest.DEFAULT_TIMEOUT : timeout(timeoutElement);
        Optional<String> persistId = token(Requests.optional(operation, "persist-id"));
        Optional<ConfirmedCommit> pending = server.commits().commit(sessionId,
                new CommitRequest(confirmed, timeout, persist, persistId), server::check, afterReply);
        pending.ifPresent(commit -> server.watchDeadline(commit.deadline()));
        return Reply.ok();
    }

    Reply cancelCommit(Element operation, long sessionId, AfterReply afterReply)
            throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("persist-id"));
        server.commits().cancel(sessionId, token(Requests.optional(operation, "persist-id")), afterReply);
        return Reply.ok();
    }

    Reply discardChanges(Element operation, long sessionId) throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of());
        server.candidate().discard(sessionId);
        return Reply.ok();
    }

    Reply validate(Element operation) throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("source"));
        Element source = Requests.required(operation, "source");
        Element data = switch (Requests.require(source, Set.of(Datastore.RUNNING, Datastore.CANDIDATE,
                Datastore.CONFIG))) {
            case RUNNING -> server.running().read();
            case CANDIDATE -> server.candidate().read();
            default -> ConfigEditor.copy(Requests.datastoreElement(source), server.schema());
        };
        server.check(data);
        return Reply.ok();
    }

    private static Duration timeout(Element element) throws NetconfException {
        String text = XmlTree.text(element).strip();
        long seconds = text.matches("[0-9]{1,10}") ? Long.parseLong(text) : -1;
        if (seconds < 1 || seconds > MAX_CONFIRM_TIMEOUT_SECONDS) {
            throw Requests.invalidValue("confirm-timeout", "confirm-timeout must be a number of seconds from 1 to "
                    + MAX_CONFIRM_TIMEOUT_SECONDS + ", not " + PeerText.quote(text));
        }
        return Duration.ofSeconds(seconds);
    }

    /** A persist or persist-id token, bounded: it is kept in the data folder and compared. */
    private static Optional<String> token(Element element) throws NetconfException {
        if (element == null) {
            return Optional.empty();
        }
        List<Element> children = XmlTree.childElements(element);
        String text = XmlTree.text(element);
        if (!children.isEmpty() || text.length() > CommitRequest.MAX_PERSIST_CHARS) {
            throw Requests.invalidValue(element.getLocalName(), "<" + element.getLocalName()
                    + "> must be text of at most " + CommitRequest.MAX_PERSIST_CHARS + " characters");
        }
        return Optional.of(text);
    }
}
