package org.callhome.nms.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.callhome.shared.text.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a browser cannot forge, checked before anything else on every route:
 * <ul>
 * <li>the {@code Host} header names a host this NMS serves (421 otherwise): a page of another site whose
 *     name was made to resolve to this NMS (DNS rebinding) still sends its own name;</li>
 * <li>a request to the API or the metrics, and any request that is not a GET or HEAD, comes from the
 *     dashboard itself or from no page at all: an {@code Origin} header must be this NMS's own origin
 *     ({@code Origin: null}, a local file or sandboxed page, is refused), and {@code Sec-Fetch-Site} must
 *     not say {@code cross-site} or {@code same-site} (403 otherwise). Scripts (curl) send neither.</li>
 * </ul>
 * The dashboard's own pages may be opened from a link on any site. Runs on the API's event loop.
 */
final class RequestOrigin implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestOrigin.class);
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    /** Characters of a header value shown in a log line or an error. */
    static final int HEADER_CHARS = 100;

    /** Allowed hosts, lower case: {@code name} matches any port, {@code name:port} that port only. */
    private final List<String> allowed;
    private final boolean anyAddress;

    /**
     * @param allowedHosts the hosts given ({@code --http-allowed-hosts}); empty for the default: the loopback
     *                     names and addresses, the listening host, and any IP address when it listens on all
     * @param listen       where the API listens
     */
    RequestOrigin(List<String> allowedHosts, InetSocketAddress listen) {
        List<String> hosts = new ArrayList<>();
        boolean wildcard = false;
        if (allowedHosts.isEmpty()) {
            hosts.addAll(LOOPBACK);
            wildcard = listen.getAddress() != null && listen.getAddress().isAnyLocalAddress();
            if (!wildcard) {
                String host = listen.getHostString().toLowerCase(Locale.ROOT);
                hosts.add(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
            }
        } else {
            hosts.addAll(allowedHosts);
        }
        this.allowed = List.copyOf(hosts);
        this.anyAddress = wildcard;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String host = request.getHeader("host");
        if (host == null || !hostAllowed(host.strip().toLowerCase(Locale.ROOT))) {
            LOG.warn("{} {} from {}: Host '{}' is not a host this NMS serves (see --http-allowed-hosts)",
                    request.method(), request.path(), request.remoteAddress(), printable(host));
            ctx.fail(ApiException.misdirected("this NMS does not serve the host '" + printable(host)
                    + "' (see --http-allowed-hosts)"));
            return;
        }
        // as the router matches it: "/./api/events" is the API too
        String path = ctx.normalizedPath() == null ? "" : ctx.normalizedPath();
        boolean guarded = path.startsWith("/api/") || path.equals("/api") || path.equals("/metrics")
                || (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD);
        if (guarded) {
            String refusal = crossOrigin(request, host.strip().toLowerCase(Locale.ROOT));
            if (refusal != null) {
                LOG.warn("{} {} from {}: refused, {}", request.method(), path, request.remoteAddress(), refusal);
                ctx.fail(ApiException.forbidden("cross-origin requests are refused: " + refusal));
                return;
            }
        }
        ctx.next();
    }

    /** Why the request comes from a page of another origin, or null if it does not. */
    private static String crossOrigin(HttpServerRequest request, String host) {
        String site = request.getHeader("sec-fetch-site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return "Sec-Fetch-Site is '" + printable(site) + "'";
        }
        String origin = request.getHeader("origin");
        String stripped = origin == null ? null : origin.strip().toLowerCase(Locale.ROOT);
        // https: the dashboard served through a TLS reverse proxy that keeps the Host header
        if (stripped != null && !stripped.equals("http://" + host) && !stripped.equals("https://" + host)) {
            return "Origin '" + printable(origin) + "' is not this NMS";
        }
        return null;
    }

    private boolean hostAllowed(String host) {
        if (allowed.contains(host)) {
            return true;
        }
        String name = withoutPort(host);
        if (name == null) {
            return false;
        }
        if (allowed.contains(name)) {
            return true;
        }
        // a page's name can be made to resolve here, an IP address cannot be renamed
        return anyAddress && (name.startsWith("[") || name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')));
    }

    /** {@code host} without its {@code :port}; null if the port is not a number. */
    private static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.endsWith("]")) {
            return host;
        }
        String port = host.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return host.substring(0, colon);
    }

    /** A header value as it may be shown: escaped and cut by {@link PeerText}; empty when missing. */
    private static String printable(String value) {
        return value == null ? "" : PeerText.shown(value, HEADER_CHARS);
    }
}
