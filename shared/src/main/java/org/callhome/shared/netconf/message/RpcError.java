package org.callhome.shared.netconf.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code <rpc-error>} (RFC 6241 §4.3). Severity is always "error": RFC 6241 defines no
 * warning. The error-path is an XPath whose prefixes are bound by {@code pathNamespaces}.
 *
 * @param info error-info children in the base namespace, in order (for example
 *             {@code session-id}, {@code bad-attribute}, {@code bad-element})
 */
public record RpcError(ErrorType type, ErrorTag tag, String appTag, String path,
                       Map<String, String> pathNamespaces, String message, List<Info> info) {

    /** One error-info child element: its local name in the base namespace and its text. */
    public record Info(String name, String value) {
        public Info {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public RpcError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tag, "tag");
        pathNamespaces = Map.copyOf(pathNamespaces == null ? Map.of() : pathNamespaces);
        info = List.copyOf(info == null ? List.of() : info);
    }

    public static RpcError of(ErrorType type, ErrorTag tag, String message) {
        return new RpcError(type, tag, null, null, null, message, null);
    }

    public RpcError withPath(String xpath, Map<String, String> namespaces) {
        return new RpcError(type, tag, appTag, xpath, namespaces, message, info);
    }

    public RpcError withAppTag(String value) {
        return new RpcError(type, tag, value, path, pathNamespaces, message, info);
    }

    public RpcError withInfo(String name, String value) {
        List<Info> more = new ArrayList<>(info);
        more.add(new Info(name, value));
        return new RpcError(type, tag, appTag, path, pathNamespaces, message, more);
    }

    /** The first error-info value with this name, or null. */
    public String infoValue(String name) {
        for (Info item : info) {
            if (item.name().equals(name)) {
                return item.value();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("type", type.wireName());
        parts.put("tag", tag.wireName());
        if (appTag != null) {
            parts.put("app-tag", appTag);
        }
        if (path != null) {
            parts.put("path", path);
        }
        if (message != null) {
            parts.put("message", message);
        }
        if (!info.isEmpty()) {
            parts.put("info", info);
        }
        return "rpc-error" + parts;
    }
}
