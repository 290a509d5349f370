package org.callhome.compare.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.callhome.nms.session.DeviceSession;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.text.PeerText;

/** The NETCONF operations scenarios send, and how a reply is quoted as evidence. */
final class Rpcs {

    static final String BASE_NS = "urn:ietf:params:xml:ns:netconf:base:1.0";
    static final String GET_CONFIG = "<get-config xmlns=\"" + BASE_NS + "\"><source><running/></source></get-config>";

    /** Longest reply quoted in evidence; the rest is cut with "...". */
    private static final int MAX_QUOTED_CHARS = 600;

    private Rpcs() {
    }

    static String editConfig(String configXml) {
        return "<edit-config xmlns=\"" + BASE_NS + "\"><target><running/></target><config>" + configXml
                + "</config></edit-config>";
    }

    /** Sends {@code operationXml} on the session and waits for the reply. */
    static RpcReply call(DeviceSession session, String operationXml, Duration timeout) throws Exception {
        return session.netconf().rpc(operationXml, timeout).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    }

    /** "ok", or the error tags of the reply, e.g. "rpc-error access-denied (...)". */
    static String outcome(RpcReply reply) {
        if (reply.isOk()) {
            return "ok";
        }
        if (!reply.errors().isEmpty()) {
            RpcError error = reply.errors().get(0);
            return "rpc-error " + error.tag().wireName() + (error.message() == null ? ""
                    : " (\"" + PeerText.shown(error.message(), PeerText.MESSAGE_CHARS) + "\")");
        }
        return reply.data() != null ? "data" : "reply without ok, data or error";
    }

    /** The reply as XML, escaped and cut to a length a report can show. */
    static String quote(RpcReply reply) {
        return PeerText.shown(reply.toXml().replaceAll(">\\s+<", "><").strip(), MAX_QUOTED_CHARS);
    }
}
