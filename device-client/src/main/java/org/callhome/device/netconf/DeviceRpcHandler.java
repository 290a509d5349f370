package org.callhome.device.netconf;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.callhome.device.datastore.AfterReply;
import org.callhome.device.datastore.ConfigEditor;
import org.callhome.device.datastore.EditOperation;
import org.callhome.device.datastore.EditResult;
import org.callhome.device.datastore.ErrorOption;
import org.callhome.device.datastore.SubtreeFilter;
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
 * copy-config, delete-config, lock, unlock and kill-session on the running datastore. Runs
 * synchronously on the session's executor (disk I/O included), one RPC of a session at a time.
 */
final class DeviceRpcHandler implements RpcHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRpcHandler.class);

    /** What a read-only account may not do. */
    private static final Set<String> WRITES = Set.of("edit-config", "copy-config", "delete-config", "lock",
            "kill-session");

    private final DeviceNetconfServer server;

    DeviceRpcHandler(DeviceNetconfServer server) {
        this.server = server;
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
        if (!BASE_NS.equals(operation.getNamespaceURI())) {
            throw unsupported(operation);
        }
        if (server.role(sessionId) == Role.READ_ONLY && WRITES.contains(operation.getLocalName())) {
            throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.ACCESS_DENIED,
                    "the account of this session is read-only: <" + operation.getLocalName() + "> is not allowed")
                    .withInfo("bad-element", operation.getLocalName()));
        }
        return switch (operation.getLocalName()) {
            case "get" -> get(operation);
            case "get-config" -> getConfig(operation);
            case "edit-config" -> editConfig(operation, sessionId, afterReply);
            case "copy-config" -> copyConfig(operation, sessionId, afterReply);
            case "delete-config" -> deleteConfig(operation);
            case "lock" -> lock(operation, sessionId, true);
            case "unlock" -> lock(operation, sessionId, false);
            case "kill-session" -> killSession(operation, sessionId);
            default -> throw unsupported(operation);
        };
    }

    private Reply get(Element operation) throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("filter"));
        return Reply.content(filtered(server.running().read(), Requests.optional(operation, "filter")));
    }

    private Reply getConfig(Element operation) throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("source", "filter"));
        Requests.requireRunning(Requests.datastore(Requests.required(operation, "source")), "source");
        return Reply.content(filtered(server.running().read(), Requests.optional(operation, "filter")));
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
        Requests.requireRunning(Requests.datastore(Requests.required(operation, "target")), "target");
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
        boolean test = true;
        Element testElement = Requests.optional(operation, "test-option");
        if (testElement != null) {
            String value = XmlTree.text(testElement).strip();
            if (!Set.of("test-then-set", "set", "test-only").contains(value)) {
                throw Requests.invalidValue("test-option",
                        "test-option must be test-then-set, set or test-only, not " + PeerText.quote(value));
            }
            testOnly = "test-only".equals(value);
            test = !"set".equals(value);
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
        boolean checked = test;
        AtomicReference<List<RpcError>> partial = new AtomicReference<>(List.of());
        server.running().modify(sessionId, afterReply, current -> {
            EditResult result = ConfigEditor.apply(current, config, chosenDefault, errorOption);
            partial.set(result.errors());
            if (!result.changed()) {
                return null;
            }
            if (checked) {
                server.check(result.data());
            }
            return dryRun ? null : result.data();
        });
        return partial.get().isEmpty() ? Reply.ok() : Reply.errors(partial.get());
    }

    private Reply copyConfig(Element operation, long sessionId, AfterReply afterReply)
            throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("target", "source"));
        Requests.requireRunning(Requests.datastore(Requests.required(operation, "target")), "target");
        Element source = Requests.required(operation, "source");
        Datastore from = Requests.datastore(source);
        if (from == Datastore.RUNNING) {
            return Reply.ok();
        }
        if (from != Datastore.CONFIG) {
            Requests.requireRunning(from, "source");
        }
        Element config = Requests.datastoreElement(source);
        server.running().modify(sessionId, afterReply, current -> {
            Document document = NetconfXml.newDocument();
            Element data = document.createElementNS(BASE_NS, "data");
            document.appendChild(data);
            for (Element child : XmlTree.childElements(config)) {
                data.appendChild(XmlTree.importWithScope(document, child));
            }
            server.check(data);
            return data;
        });
        return Reply.ok();
    }

    private Reply deleteConfig(Element operation) throws NetconfException {
        Requests.allowOnly(operation, Set.of("target"));
        Datastore target = Requests.datastore(Requests.required(operation, "target"));
        if (target == Datastore.RUNNING) {
            throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE,
                    "the running datastore cannot be deleted (RFC 6241 §7.4)").withInfo("bad-element", "running"));
        }
        Requests.requireRunning(target, "target");
        return Reply.ok();
    }

    private Reply lock(Element operation, long sessionId, boolean take) throws NetconfException, IOException {
        Requests.allowOnly(operation, Set.of("target"));
        Requests.requireRunning(Requests.datastore(Requests.required(operation, "target")), "target");
        if (take) {
            server.running().lock(sessionId);
        } else {
            server.running().unlock(sessionId);
        }
        return Reply.ok();
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
