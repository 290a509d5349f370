package org.callhome.device.netconf;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.callhome.device.datastore.AfterReply;
import org.callhome.device.datastore.ConfigEditor;
import org.callhome.device.datastore.EditOperation;
import org.callhome.device.datastore.EditResult;
import org.callhome.device.datastore.ErrorOption;
import org.callhome.device.datastore.RunningDatastore.Change;
import org.callhome.device.datastore.SchemaDefaults;
import org.callhome.device.datastore.SubtreeFilter;
import org.callhome.device.datastore.WithDefaultsMode;
import org.callhome.device.netconf.Requests.Datastore;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.session.NetconfServerSession;
import org.callhome.shared.netconf.session.Reply;
import org.callhome.shared.netconf.session.RpcHandler;
import org.callhome.shared.netconf.session.RpcRequest;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.text.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The RFC 6241 operations of the device: get, get-config (subtree filter), edit-config,
 * copy-config, delete-config, lock, unlock and kill-session on running and candidate; commit,
 * cancel-commit, discard-changes and validate are {@link CommitOperations}; get adds the state data
 * of ietf-netconf-monitoring and ietf-yang-library, and get-schema (RFC 6022) returns a module's
 * text (both readable by read-only accounts). get, get-config and copy-config take RFC 6243's
 * {@code <with-defaults>} ({@link SchemaDefaults}; the filter applies to the data with its
 * defaults; copy-config only checks the mode, since it applies to a {@code <url>} target only). Runs synchronously on the session's executor (disk
 * I/O included), one RPC of a session at a time. Every RPC first rolls back a confirmed commit
 * whose deadline has passed, whichever process set it.
 */
final class DeviceRpcHandler implements RpcHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRpcHandler.class);

    /** What a read-only account may not do. */
    private static final Set<String> WRITES = Set.of("edit-config", "copy-config", "delete-config", "lock",
            "kill-session", "commit", "discard-changes", "cancel-commit");

    private static final Set<Datastore> CONFIGURATIONS = Set.of(Datastore.RUNNING, Datastore.CANDIDATE);
    private static final Set<Datastore> SOURCES = Set.of(Datastore.RUNNING, Datastore.CANDIDATE, Datastore.CONFIG);

    private final DeviceNetconfServer server;
    private final CommitOperations commits;

    DeviceRpcHandler(DeviceNetconfServer server) {
        this.server = server;
        this.commits = new CommitOperations(server);
    }

    @Override
    public CompletionStage<Reply> handle(RpcRequest request, NetconfServerSession session) {
        // what a change of running makes wait for this RPC's reply, such as closing its connection
        List<Runnable> afterReply = new ArrayList<>();
        Reply reply;
        try {
            reply = dispatch(request.operation(), session.sessionId(), afterReply::add);
        } catch (NetconfException e) {
            reply = Reply.errors(e.errors());
        } catch (IOException e) {
            LOG.error("session {}: datastore I/O failed", session.sessionId(), e);
            reply = Reply.errors(List.of(RpcError.of(ErrorType.APPLICATION, ErrorTag.OPERATION_FAILED,
                    "the datastore could not be read or written")));
        }
        return CompletableFuture.completedFuture(reply.withAfterSent(afterReply));
    }

    @Override
    public void sessionClosed(NetconfServerSession session, String reason) {
        server.sessionEnded(session, reason);
    }

    private Reply dispatch(Element operation, long sessionId, AfterReply afterReply)
            throws NetconfException, IOException {
        if (SchemaDiscovery.MONITORING_NS.equals(operation.getNamespaceURI())
                && "get-schema".equals(operation.getLocalName())) {
            return GetSchema.answer(operation, server.discovery().schema().modules());
        }
        if (!BASE_NS.equals(operation.getNamespaceURI())) {
            throw unsupported(operation);
        }
        if (server.role(sessionId) == Role.READ_ONLY && WRITES.contains(operation.getLocalName())) {
            throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.ACCESS_DENIED,
                    "the account of this session is read-only: <" + operation.getLocalName() + "> is not allowed")
                    .withInfo("bad-element", operation.getLocalName()));
        }
        server.enforceConfirmedCommit();
        return switch (operation.getLocalName()) {
            case "get" -> get(operation);
            case "get-config" -> getConfig(operation);
            case "edit-config" -> editConfig(operation, sessionId, afterReply);
            case "copy-config" -> copyConfig(operation, sessionId, afterReply);
            case "delete-config" -> deleteConfig(operation);
            case "lock" -> lock(operation, sessionId, true);
            case "unlock" -> lock(operation, sessionId, false);
            case "kill-session" -> killSession(operation, sessionId);
            case "commit" -> commits.commit(operation, sessionId, afterReply);
            case "cancel-commit" -> commits.cancelCommit(operation, sessionId, afterReply);
            case "discard-changes" -> commits.discardChanges(operation, sessionId);
            case "validate" -> commits.validate(operation);
            default -> throw unsupported(operation);
        };
    }

    private Reply get(Element operation) throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("filter"), true);
        WithDefaultsMode mode = Requests.withDefaults(operation);
        Element filter = Requests.optional(operation, "filter");
        Element data = filtered(SchemaDefaults.apply(server.running().read(), mode, server.schema()), filter);
        if (SchemaDiscovery.selectsState(filter)) {
            Document document = NetconfXml.newDocument();
            Element state = document.createElementNS(BASE_NS, "data");
            document.appendChild(state);
            server.appendState(state);
            for (Element selected : XmlTree.childElements(SubtreeFilter.apply(state, filter))) {
                data.appendChild(data.getOwnerDocument().importNode(selected, true));
            }
        }
        return Reply.content(data);
    }

    private Reply getConfig(Element operation) throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("source", "filter"), true);
        WithDefaultsMode mode = Requests.withDefaults(operation);
        Datastore source = Requests.require(Requests.required(operation, "source"), CONFIGURATIONS);
        Element filter = Requests.optional(operation, "filter");
        return Reply.content(filtered(SchemaDefaults.apply(read(source), mode, server.schema()), filter));
    }

    private static Element filtered(Element data, Element filter) throws NetconfException {
        if (filter != null) {
            String type = filter.hasAttributeNS(null, "type") ? filter.getAttributeNS(null, "type") : "subtree";
            if ("xpath".equals(type)) {
                throw NetconfException.of(ErrorType.PROTOCOL, ErrorTag.OPERATION_NOT_SUPPORTED,
                        "xpath filters need the :xpath capability, which this device does not offer");
            }
            if (!"subtree".equals(type)) {
                throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.BAD_ATTRIBUTE,
                        "unknown filter type '" + type + "'").withInfo("bad-attribute", "type")
                        .withInfo("bad-element", "filter"));
            }
        }
        return SubtreeFilter.apply(data, filter);
    }

    private Reply editConfig(Element operation, long sessionId, AfterReply afterReply)
            throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("target", "default-operation", "test-option", "error-option",
                "config", "url"));
        Datastore target = Requests.require(Requests.required(operation, "target"), CONFIGURATIONS);
        EditOperation defaultOperation = EditOperation.MERGE;
        Element defaultElement = Requests.optional(operation, "default-operation");
        if (defaultElement != null) {
            String value = XmlTree.text(defaultElement).strip();
            defaultOperation = switch (value) {
                case "merge" -> EditOperation.MERGE;
                case "replace" -> EditOperation.REPLACE;
                case "none" -> EditOperation.NONE;
                default -> throw Requests.invalidValue("default-operation",
                        "default-operation must be merge, replace or none, not " + PeerText.quote(value));
            };
        }
        boolean testOnly = false;
        Element testElement = Requests.optional(operation, "test-option");
        if (testElement != null) {
            String value = XmlTree.text(testElement).strip();
            if (!Set.of("test-then-set", "set", "test-only").contains(value)) {
                throw Requests.invalidValue("test-option",
                        "test-option must be test-then-set, set or test-only, not " + PeerText.quote(value));
            }
            testOnly = "test-only".equals(value);
        }
        Element errorElement = Requests.optional(operation, "error-option");
        ErrorOption errorOption = errorElement == null ? ErrorOption.STOP_ON_ERROR
                : ErrorOption.fromWire(XmlTree.text(errorElement).strip());
        if (Requests.optional(operation, "url") != null) {
            throw NetconfException.of(ErrorType.PROTOCOL, ErrorTag.OPERATION_NOT_SUPPORTED,
                    "<url> needs the :url capability, which this device does not offer");
        }
        Element config = Requests.required(operation, "config");
        EditOperation chosenDefault = defaultOperation;
        boolean dryRun = testOnly;
        AtomicReference<List<RpcError>> partial = new AtomicReference<>(List.of());
        modify(target, sessionId, afterReply, current -> {
            EditResult result = ConfigEditor.apply(current, config, chosenDefault, errorOption, server.schema());
            partial.set(result.errors());
            if (!result.changed()) {
                return null;
            }
            // running must always be valid (RFC 7950 §8.3.3), whatever the test-option; the
            // candidate only when it is validated or committed
            if (target == Datastore.RUNNING) {
                server.check(result.data());
            }
            return dryRun ? null : result.data();
        });
        return partial.get().isEmpty() ? Reply.ok() : Reply.errors(partial.get());
    }

    private Reply copyConfig(Element operation, long sessionId, AfterReply afterReply)
            throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("target", "source"), true);
        // RFC 6243 §4.5.2: with-defaults applies to a <url> target only, which this device has not
        Requests.withDefaults(operation);
        Datastore target = Requests.require(Requests.required(operation, "target"), CONFIGURATIONS);
        Element source = Requests.required(operation, "source");
        Datastore from = Requests.require(source, SOURCES);
        if (from == target) {
            return Reply.ok();
        }
        if (target == Datastore.CANDIDATE && from == Datastore.RUNNING) {
            server.candidate().discard(sessionId);
            return Reply.ok();
        }
        Element data = from == Datastore.CONFIG ? ConfigEditor.copy(Requests.datastoreElement(source), server.schema())
                : read(from);
        modify(target, sessionId, afterReply, current -> {
            if (target == Datastore.RUNNING) {
                server.check(data);
            }
            return data;
        });
        return Reply.ok();
    }

    private Reply deleteConfig(Element operation) throws NetconfException {
        Requests.allowOnly(operation, Set.of("target"));
        Datastore target = Requests.require(Requests.required(operation, "target"), CONFIGURATIONS);
        throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE,
                target == Datastore.RUNNING ? "the running datastore cannot be deleted (RFC 6241 §7.4)"
                        : "the candidate datastore cannot be deleted; discard-changes resets it to running")
                .withInfo("bad-element", target.name().toLowerCase(Locale.ROOT)));
    }

    private Reply lock(Element operation, long sessionId, boolean take) throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("target"));
        Datastore target = Requests.require(Requests.required(operation, "target"), CONFIGURATIONS);
        if (target == Datastore.CANDIDATE && take) {
            server.candidate().lock(sessionId);
        } else if (target == Datastore.CANDIDATE) {
            server.candidate().unlock(sessionId);
        } else if (take) {
            server.commits().lockRunning(sessionId);
        } else {
            server.running().unlock(sessionId);
        }
        return Reply.ok();
    }

    private Element read(Datastore datastore) throws IOException {
        return datastore == Datastore.CANDIDATE ? server.candidate().read() : server.running().read();
    }

    private void modify(Datastore datastore, long sessionId, AfterReply afterReply, Change change)
            throws NetconfException, IOException {
        if (datastore == Datastore.CANDIDATE) {
            server.candidate().modify(sessionId, change);
        } else {
            server.running().modify(sessionId, afterReply, change);
        }
    }

    private Reply killSession(Element operation, long sessionId) throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("session-id"));
        String text = XmlTree.text(Requests.required(operation, "session-id")).strip();
        long target;
        try {
            target = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Requests.invalidValue("session-id", "session-id is not a number: " + PeerText.quote(text));
        }
        if (target == sessionId) {
            throw Requests.invalidValue("session-id", "a session cannot kill itself; use close-session");
        }
        if (!server.kill(target)) {
            throw Requests.invalidValue("session-id", "no live session has session-id " + target);
        }
        return Reply.ok();
    }

    private static NetconfException unsupported(Element operation) {
        return new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.OPERATION_NOT_SUPPORTED,
                "operation <" + operation.getLocalName() + "> in namespace '" + operation.getNamespaceURI()
                        + "' is not supported by this device").withInfo("bad-element", operation.getLocalName()));
    }
}
