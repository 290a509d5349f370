package org.callhome.nms.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requires {@code Authorization: Bearer <token>} on the routes it guards (the API and the
 * metrics), compared in constant time. The token itself is never logged or echoed.
 */
final class BearerToken implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(BearerToken.class);
    private static final String PREFIX = "Bearer ";

    private final byte[] token;

    BearerToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("authorization");
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                && MessageDigest.isEqual(token, header.substring(PREFIX.length()).strip()
                .getBytes(StandardCharsets.UTF_8))) {
            ctx.next();
            return;
        }
        LOG.warn("{} {} from {}: {}", ctx.request().method(), ctx.request().path(), ctx.request().remoteAddress(),
                header == null ? "no bearer token" : "wrong bearer token");
        ctx.response().putHeader("www-authenticate", "Bearer realm=\"callhome-nms\"");
        ctx.fail(ApiException.unauthorized(header == null ? "this API requires 'Authorization: Bearer <token>'"
                : "the bearer token is not valid"));
    }
}
