package org.callhome.nms.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.callhome.nms.config.NmsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requires {@code Authorization: Bearer <token>} on the routes it guards (the API and the
 * metrics). What a client sends is compared by its SHA-256 digest with the token's, in constant
 * time, so neither the token's content nor its length shows in how long a refusal takes. The
 * token must pass {@link NmsSettings#problemWithToken}; it is never logged or echoed.
 */
final class BearerToken implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(BearerToken.class);
    private static final String PREFIX = "Bearer ";

    private final byte[] tokenDigest;

    /** @throws IllegalArgumentException for a token {@link NmsSettings#problemWithToken} refuses */
    BearerToken(String token) {
        String problem = NmsSettings.problemWithToken(token);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.tokenDigest = digest(token);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("authorization");
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                && MessageDigest.isEqual(tokenDigest, digest(header.substring(PREFIX.length()).strip()))) {
            ctx.next();
            return;
        }
        LOG.warn("{} {} from {}: {}", ctx.request().method(), ctx.request().path(), ctx.request().remoteAddress(),
                header == null ? "no bearer token" : "wrong bearer token");
        ctx.response().putHeader("www-authenticate", "Bearer realm=\"callhome-nms\"");
        ctx.fail(ApiException.unauthorized(header == null ? "this API requires 'Authorization: Bearer <token>'"
                : "the bearer token is not valid"));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
