package org.callhome.shared.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One NMS address the device calls: an {@code endpoints/endpoint} entry of ietf-netconf-server
 * call-home. The host is kept as written, not resolved, so that a connector can resolve a DNS
 * name at each attempt and find an NMS that moved; an IPv6 literal is stored without brackets, as
 * the model's {@code inet:host} wants it.
 *
 * @param name an arbitrary name, unique among the endpoints of one NMS
 * @param host a DNS name, an IPv4 address or an IPv6 address (without brackets)
 * @param port the NMS's call-home port, 1..65535
 */
public record Endpoint(String name, String host, int port) {

    /** IANA {@code netconf-ch-ssh}, where an NMS listens for NETCONF call home over SSH (RFC 8071). */
    public static final int DEFAULT_PORT = 4334;
    /** IANA {@code netconf-ch-tls}, where an NMS listens for NETCONF call home over TLS (RFC 8071). */
    public static final int DEFAULT_TLS_PORT = 4335;

    /** A DNS name or IPv4 address: labels of letters, digits, '-' and '_', not ending in '-'. */
    private static final Pattern DOMAIN_NAME = Pattern.compile(
            "(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.)*"
                    + "[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.?");
    /** An IPv6 literal, checked loosely here: the model's type check (yanglint) is the strict one. */
    private static final Pattern IPV6 =
            Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\p{L}\\p{N}._-]+)?");
    private static final int MAX_HOST_CHARS = 253;

    public Endpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (name.isBlank()) {
            throw new IllegalArgumentException("endpoint name must not be blank");
        }
        if (!isHost(host)) {
            throw new IllegalArgumentException("endpoint '" + name + "': '" + host
                    + "' is not a DNS name, an IPv4 address or an IPv6 address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint '" + name + "': port must be in 1..65535, got " + port);
        }
    }

    /**
     * Reads {@code HOST}, {@code HOST:PORT} or {@code [IPV6]:PORT} (also a bare IPv6 address,
     * which then gets the default port); the endpoint is named after what it points to.
     */
    public static Endpoint parse(String hostPort) {
        return parse(hostPort, DEFAULT_PORT);
    }

    /** As {@link #parse(String)}, an address without a port getting {@code defaultPort}. */
    public static Endpoint parse(String hostPort, int defaultPort) {
        Objects.requireNonNull(hostPort, "hostPort");
        String text = hostPort.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty NMS address: expected HOST, HOST:PORT or [IPV6]:PORT");
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + hostPort + "': missing ']' after the IPv6 address");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + hostPort + "': expected ':PORT' after ']'");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
            host = text;
            port = null;
        } else {
            int colon = text.indexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        int portNumber = port == null ? defaultPort : parsePort(hostPort, port);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + hostPort + "': missing host");
        }
        return new Endpoint(hostPort(host, portNumber), host, portNumber);
    }

    /** {@code host:port}, with brackets around an IPv6 address: what {@link #parse} reads back. */
    public String hostPort() {
        return hostPort(host, port);
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static int parsePort(String hostPort, String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + hostPort + "': port must be a number in 1..65535, got '"
                    + port + "'");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("'" + hostPort + "': port must be in 1..65535, got " + value);
        }
        return value;
    }

    private static boolean isHost(String host) {
        if (host.isEmpty() || host.length() > MAX_HOST_CHARS) {
            return false;
        }
        return host.indexOf(':') >= 0 ? IPV6.matcher(host).matches() : DOMAIN_NAME.matcher(host).matches();
    }
}
