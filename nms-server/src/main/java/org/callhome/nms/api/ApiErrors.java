package org.callhome.nms.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.callhome.nms.cluster.RemoteFailure;
import org.callhome.nms.trust.TrustConflictException;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.session.RpcTimeoutException;
import org.callhome.shared.netconf.session.SessionClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the API turns a failure into an answer: handlers throw, or fail their routing
 * context with the cause of a failed future, and the router hands the failure here. Every answer
 * is {@code {"error": <message>, "status": <status>}}, never a stack trace:
 * <pre>
 * ApiException                its status: 400, 401, 403, 404, 409, 415, 421 or 503
 * RemoteFailure               its status: another node of the cluster answered for the device so
 *                             (404, 409, 504), or could not be asked (502)
 * TrustConflictException      409
 * RpcTimeoutException         504
 * SessionClosedException      409  "device '&lt;id&gt;' disconnected: ..."
 * NetconfException            the status of its first error-tag ({@link org.callhome.shared.netconf.message.ErrorTag})
 * anything else, or none      the routing context's status (Vert.x Web's own failures, such as the
 *                             body limit): 413 "request body larger than N bytes", 404 "no such route",
 *                             405 "method not allowed", another 4xx "bad request"; otherwise
 *                             500 "internal error", logged, its message kept from the client
 * </pre>
 * No answer carries a Java class name ({@link #withoutClassNames}). Runs on the API's event loop.
 */
final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    /** A qualified Java class name, with the ": " that follows it in a message built from an exception. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9_$]*(?::\\s*)?");

    /** A failure as answered. */
    record Answer(int status, String message) {
    }

    private final int maxBodyBytes;

    /** @param maxBodyBytes the request body limit, which a 413 answer names */
    ApiErrors(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The router's failure handler. */
    void handle(RoutingContext ctx) {
        Answer answer = known(ctx.failure(), ctx.pathParam("id"));
        if (answer == null) {
            answer = byStatus(ctx.statusCode());
            if (answer.status() >= 500) {
                LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            }
        }
        send(ctx, answer);
    }

    /** The router's answer when no route has this path. */
    void noSuchRoute(RoutingContext ctx) {
        send(ctx, new Answer(404, "no such route: " + ctx.request().path()));
    }

    /** The router's answer when a route has this path but not this method. */
    void methodNotAllowed(RoutingContext ctx) {
        send(ctx, new Answer(405, "method " + ctx.request().method() + " not allowed here"));
    }

    /**
     * How {@code failure} is answered.
     *
     * @param statusCode the routing context's status, which decides for a failure of no type above
     * @param deviceId   the device of the request's path, or null
     */
    Answer answer(Throwable failure, int statusCode, String deviceId) {
        Answer known = known(failure, deviceId);
        return known != null ? known : byStatus(statusCode);
    }

    /** The answer to a failure of a type the API expects, or null. */
    private static Answer known(Throwable failure, String deviceId) {
        if (failure instanceof ApiException refused) {
            return new Answer(refused.status(), refused.getMessage());
        }
        if (failure instanceof RemoteFailure remote) {
            return new Answer(remote.status(), remote.getMessage());
        }
        if (failure instanceof TrustConflictException conflict) {
            return new Answer(409, conflict.getMessage());
        }
        if (failure instanceof RpcTimeoutException timeout) {
            return new Answer(504, timeout.getMessage());
        }
        if (failure instanceof SessionClosedException closed) {
            return new Answer(409, "device '" + deviceId + "' disconnected: " + closed.getMessage());
        }
        if (failure instanceof NetconfException netconf) {
            return new Answer(netconf.error().tag().httpStatus(), netconf.getMessage());
        }
        return null;
    }

    private Answer byStatus(int statusCode) {
        int status = statusCode >= 400 ? statusCode : 500;
        String message = switch (status) {
            case 413 -> "request body larger than " + maxBodyBytes + " bytes";
            case 404 -> "no such route";
            case 415 -> "unsupported body media type";
            case 405 -> "method not allowed";
            default -> status >= 500 ? "internal error" : "bad request";
        };
        return new Answer(status, message);
    }

    private static void send(RoutingContext ctx, Answer answer) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(answer.status()).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", withoutClassNames(answer.message())).put("status", answer.status())
                        .encode());
    }

    /**
     * {@code message} with every Java class name ({@code java.lang.Foo}, {@code org.x.BarException})
     * taken out: a message built from a library's exception may carry one, and a client learns
     * nothing from it but what the NMS runs on.
     */
    static String withoutClassNames(String message) {
        if (message == null) {
            return "";
        }
        return CLASS_NAME.matcher(message).replaceAll("").replaceAll("^[\\s:]+", "").strip();
    }
}
