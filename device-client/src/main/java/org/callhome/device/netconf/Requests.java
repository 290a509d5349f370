package org.callhome.device.netconf;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.callhome.device.datastore.WithDefaultsMode;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.callhome.shared.netconf.xml.XmlTree;
import org.callhome.shared.text.PeerText;
import org.w3c.dom.Element;

/** Strict reading of operation parameters; every problem is the rpc-error RFC 6241 names. */
final class Requests {

    /** The datastores a source or target may name, and the parameter-only alternatives. */
    enum Datastore { RUNNING, CANDIDATE, STARTUP, URL, CONFIG }

    private static final String WITH_DEFAULTS = "with-defaults";

    private Requests() {
    }

    /** Refuses any child of {@code operation} that is not one of {@code allowed} (base namespace). */
    static void allowOnly(Element operation, Set<String> allowed) throws NetconfException {
        allowOnly(operation, allowed, false);
    }

    /**
     * As {@link #allowOnly(Element, Set)}, also allowing the {@code <with-defaults>} parameter
     * of RFC 6243 when {@code withDefaults} is true.
     */
    static void allowOnly(Element operation, Set<String> allowed, boolean withDefaults) throws NetconfException {
        for (Element child : XmlTree.childElements(operation)) {
            if (withDefaults && isWithDefaults(child)) {
                continue;
            }
            if (!BASE_NS.equals(child.getNamespaceURI()) || !allowed.contains(child.getLocalName())) {
                throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.UNKNOWN_ELEMENT,
                        "<" + operation.getLocalName() + "> has no parameter <" + child.getLocalName() + ">")
                        .withInfo("bad-element", child.getLocalName()));
            }
        }
    }

    static Element required(Element operation, String name) throws NetconfException {
        List<Element> found = XmlTree.children(operation, BASE_NS, name);
        if (found.isEmpty()) {
            throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.MISSING_ELEMENT,
                    "<" + operation.getLocalName() + "> needs a <" + name + "> parameter")
                    .withInfo("bad-element", name));
        }
        if (found.size() > 1) {
            throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.BAD_ELEMENT,
                    "<" + name + "> appears more than once").withInfo("bad-element", name));
        }
        return found.get(0);
    }

    static Element optional(Element operation, String name) throws NetconfException {
        return XmlTree.child(operation, BASE_NS, name) == null ? null : required(operation, name);
    }

    /**
     * The mode of the {@code <with-defaults>} parameter (RFC 6243 §4.5.1), explicit when there is
     * none: an unknown mode is {@code invalid-value}, a second parameter {@code bad-element}.
     */
    static WithDefaultsMode withDefaults(Element operation) throws NetconfException {
        List<Element> found = XmlTree.children(operation, WithDefaultsMode.NS, WITH_DEFAULTS);
        if (found.isEmpty()) {
            return WithDefaultsMode.EXPLICIT;
        }
        if (found.size() > 1) {
            throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.BAD_ELEMENT,
                    "<" + WITH_DEFAULTS + "> appears more than once").withInfo("bad-element", WITH_DEFAULTS));
        }
        String value = XmlTree.text(found.get(0)).strip();
        WithDefaultsMode mode = WithDefaultsMode.fromWire(value);
        if (mode == null) {
            throw invalidValue(WITH_DEFAULTS, "with-defaults must be report-all, report-all-tagged, trim or "
                    + "explicit, not " + PeerText.quote(value));
        }
        return mode;
    }

    private static boolean isWithDefaults(Element child) {
        return WithDefaultsMode.NS.equals(child.getNamespaceURI()) && WITH_DEFAULTS.equals(child.getLocalName());
    }

    /** The one datastore named inside a source or target parameter. */
    static Datastore datastore(Element parameter) throws NetconfException {
        List<Element> choice = XmlTree.childElements(parameter);
        if (choice.size() != 1 || !BASE_NS.equals(choice.get(0).getNamespaceURI())) {
            throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.BAD_ELEMENT,
                    "<" + parameter.getLocalName() + "> must contain exactly one datastore element")
                    .withInfo("bad-element", parameter.getLocalName()));
        }
        String name = choice.get(0).getLocalName();
        for (Datastore datastore : Datastore.values()) {
            if (datastore.name().equalsIgnoreCase(name)) {
                return datastore;
            }
        }
        throw new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.BAD_ELEMENT,
                "unknown datastore <" + name + "> in <" + parameter.getLocalName() + ">")
                .withInfo("bad-element", name));
    }

    /** The element inside a parameter such as {@code <source><config>…</config></source>}. */
    static Element datastoreElement(Element parameter) {
        return XmlTree.childElements(parameter).get(0);
    }

    /**
     * The datastore a parameter names, refused with a clear reason unless it is one of
     * {@code allowed}: url is operation-not-supported, startup does not exist on this device.
     */
    static Datastore require(Element parameter, Set<Datastore> allowed) throws NetconfException {
        Datastore datastore = datastore(parameter);
        if (allowed.contains(datastore)) {
            return datastore;
        }
        String name = datastore.name().toLowerCase(Locale.ROOT);
        throw switch (datastore) {
            case URL -> NetconfException.of(ErrorType.PROTOCOL, ErrorTag.OPERATION_NOT_SUPPORTED,
                    "<url> needs the :url capability, which this device does not offer");
            case STARTUP -> new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE,
                    "this device has no startup datastore (no :startup capability): running is what it keeps")
                    .withInfo("bad-element", name));
            default -> new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE,
                    "<" + name + "> is not available as <" + parameter.getLocalName() + "> of <"
                            + ((Element) parameter.getParentNode()).getLocalName() + ">")
                    .withInfo("bad-element", name));
        };
    }

    static NetconfException invalidValue(String element, String message) {
        return new NetconfException(RpcError.of(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE, message)
                .withInfo("bad-element", element));
    }
}
