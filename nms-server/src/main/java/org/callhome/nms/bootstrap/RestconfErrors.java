package org.callhome.nms.bootstrap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the bootstrap server turns a failure into an answer, an {@code ietf-restconf:errors}
 * document (RFC 8040 §7.1) of one error:
 * <pre>
 * RestconfException            its status, error-type and error-tag
 * body over the limit (413)    400 protocol too-big       (every request is bounded, RFC 8572 §7)
 * no route (404)               404 protocol invalid-value
 * method (405)                 405 protocol operation-not-supported
 * anything else                500 application operation-failed, logged, its message kept from the device
 * </pre>
 * Runs on the bootstrap server's event loop.
 */
final class RestconfErrors {

    static final String MEDIA_TYPE = "application/yang-data+json";

    private static final Logger LOG = LoggerFactory.getLogger(RestconfErrors.class);

    private final int maxBodyBytes;

    RestconfErrors(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The router's failure handler. */
    void handle(RoutingContext ctx) {
        if (ctx.failure() instanceof RestconfException refused) {
            send(ctx, refused.status(), refused.errorType(), refused.errorTag(), refused.getMessage());
        } else if (ctx.statusCode() == 413) {
            send(ctx, 400, "protocol", "too-big", "request body larger than " + maxBodyBytes + " bytes");
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            send(ctx, ctx.statusCode(), "protocol", "malformed-message", "bad request");
        } else {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            send(ctx, 500, "application", "operation-failed", "internal error");
        }
    }

    void noSuchRoute(RoutingContext ctx) {
        send(ctx, 404, "protocol", "invalid-value", "no such resource");
    }

    void methodNotAllowed(RoutingContext ctx) {
        send(ctx, 405, "protocol", "operation-not-supported", "method " + ctx.request().method() + " not allowed");
    }

    private static void send(RoutingContext ctx, int status, String type, String tag, String message) {
        if (ctx.response().ended()) {
            return;
        }
        JsonObject error = new JsonObject().put("error-type", type).put("error-tag", tag).put("error-message", message);
        ctx.response().setStatusCode(status).putHeader("content-type", MEDIA_TYPE)
                .end(new JsonObject().put("ietf-restconf:errors",
                        new JsonObject().put("error", new JsonArray().add(error))).encode());
    }
}
