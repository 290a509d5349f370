package org.callhome.nms.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import org.callhome.shared.text.PeerText;

/**
 * A state-changing route's media types: a request whose {@code Content-Type} is not one of them is
 * refused with 415 before its body is read. A page of another origin can send a form or a
 * {@code text/plain} fetch without asking first, never {@code application/json} or XML, so this also
 * keeps such pages out when no {@code Origin} header says where they come from.
 */
final class BodyType implements Handler<RoutingContext> {

    private final List<String> types;

    private BodyType(List<String> types) {
        this.types = types;
    }

    /** {@code application/json}. */
    static BodyType json() {
        return new BodyType(List.of("application/json"));
    }

    /** {@code application/xml}, or its older name {@code text/xml}. */
    static BodyType xml() {
        return new BodyType(List.of("application/xml", "text/xml"));
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("content-type");
        String type = header == null ? "" : header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (types.contains(type)) {
            ctx.next();
            return;
        }
        ctx.fail(ApiException.unsupportedMediaType("this route takes a body of Content-Type " + types.get(0)
                + (header == null ? ", and the request has no Content-Type"
                : ", not " + PeerText.quote(type, RequestOrigin.HEADER_CHARS))));
    }
}
