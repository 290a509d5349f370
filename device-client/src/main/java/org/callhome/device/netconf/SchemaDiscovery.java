package org.callhome.device.netconf;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.device.yang.YangModule;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.xml.XmlTree;
import org.opendaylight.yangtools.yang.common.Revision;
import org.opendaylight.yangtools.yang.common.YangVersion;
import org.opendaylight.yangtools.yang.model.api.Module;
import org.w3c.dom.Element;

/**
 * How a client learns the device's schema, built once per {@link DeviceSchema} and shared by every
 * device of the JVM: the hello's capabilities and the state data of ietf-netconf-monitoring
 * (RFC 6022 {@code /netconf-state}) and ietf-yang-library (RFC 8525 {@code /yang-library} and the
 * deprecated RFC 7895 {@code /modules-state}).
 *
 * <p>The hello names each YANG 1.0 module as {@code NAMESPACE?module=NAME&revision=REV&features=A,B}
 * (RFC 6020 §5.6.4; RFC 7950 §5.6.4 leaves YANG 1.1 modules to the YANG library), then
 * {@code yang-library:1.1?revision=2019-01-04&content-id=ID} (RFC 8526 §2) and, for clients that
 * only know RFC 7950, {@code yang-library:1.0?revision=2019-01-04&module-set-id=ID}: its revision is
 * that of the ietf-yang-library module the device implements (RFC 7950 §5.6.4), whose deprecated
 * {@code modules-state} serves those clients. libnetconf2 fetches the revision a yang-library
 * capability names with get-schema, so naming 2016-06-21, which the device does not have, would
 * break it. Every module of the schema is implemented (yangtools parsed each as such).
 *
 * <p>Features of ietf-netconf are those whose capability the server offers ({@code :candidate}
 * for {@code candidate} and so on), so the module and the protocol capabilities never disagree.
 */
final class SchemaDiscovery {

    static final String MONITORING_NS = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring";
    static final String YANG_LIBRARY_NS = "urn:ietf:params:xml:ns:yang:ietf-yang-library";
    static final String DATASTORES_NS = "urn:ietf:params:xml:ns:yang:ietf-datastores";
    /** The revision of ietf-yang-library the device implements, as both capabilities name it. */
    static final String YANG_LIBRARY_REVISION = "2019-01-04";
    static final String YANG_LIBRARY_1_1 = "urn:ietf:params:netconf:capability:yang-library:1.1";
    static final String YANG_LIBRARY_1_0 = "urn:ietf:params:netconf:capability:yang-library:1.0";
    /** The name of the one module set and schema of the YANG library: every datastore has every module. */
    static final String MODULE_SET = "complete";

    private static final String CAPABILITY_PREFIX = "urn:ietf:params:netconf:capability:";
    private static final Map<DeviceSchema, SchemaDiscovery> BY_SCHEMA = new ConcurrentHashMap<>();

    /** A live session as {@code /netconf-state/sessions/session} reports it. */
    record Login(long sessionId, String username, String transport, Instant time) {
    }

    private final DeviceSchema schema;
    private final List<String> protocolCapabilities;
    private final List<String> capabilities;
    private final List<String> datastores;

    private SchemaDiscovery(DeviceSchema schema, List<String> protocolCapabilities) {
        if (schema.module("ietf-yang-library", Optional.of(YANG_LIBRARY_REVISION)).isEmpty()
                || schema.module("ietf-netconf-monitoring", Optional.empty()).isEmpty()) {
            throw new IllegalStateException("the schema lacks ietf-yang-library@" + YANG_LIBRARY_REVISION
                    + " or ietf-netconf-monitoring, which the device implements");
        }
        this.schema = schema;
        this.protocolCapabilities = List.copyOf(protocolCapabilities);
        List<String> all = new ArrayList<>(protocolCapabilities);
        List<String> stores = new ArrayList<>(List.of("running"));
        if (protocolCapabilities.contains(Netconf.CANDIDATE)) {
            stores.add("candidate");
        }
        if (protocolCapabilities.contains(Netconf.STARTUP)) {
            stores.add("startup");
        }
        this.datastores = List.copyOf(stores);
        for (YangModule module : schema.modules()) {
            if (yangVersion(module) == YangVersion.VERSION_1) {
                all.add(moduleCapability(module, features(module, protocolCapabilities)));
            }
        }
        String id = schema.contentId();
        all.add(YANG_LIBRARY_1_1 + "?revision=" + YANG_LIBRARY_REVISION + "&content-id=" + id);
        all.add(YANG_LIBRARY_1_0 + "?revision=" + YANG_LIBRARY_REVISION + "&module-set-id=" + id);
        this.capabilities = List.copyOf(all);
    }

    /** The discovery of {@code schema}, made on first use and then shared. */
    static SchemaDiscovery of(DeviceSchema schema) {
        return BY_SCHEMA.computeIfAbsent(schema, any -> new SchemaDiscovery(any, DeviceNetconfServer.CAPABILITIES));
    }

    /** As {@link #of}, for the given protocol capabilities, made anew (tests). */
    static SchemaDiscovery forCapabilities(DeviceSchema schema, List<String> protocolCapabilities) {
        return new SchemaDiscovery(schema, protocolCapabilities);
    }

    DeviceSchema schema() {
        return schema;
    }

    /** What the hello of every session offers: the protocol capabilities, the modules, the YANG library. */
    List<String> capabilities() {
        return capabilities;
    }

    /** The module capability of RFC 6020 §5.6.4. */
    static String moduleCapability(YangModule module, List<String> features) {
        StringBuilder uri = new StringBuilder(module.namespace()).append("?module=").append(module.name());
        module.revision().ifPresent(revision -> uri.append("&revision=").append(revision));
        if (!features.isEmpty()) {
            uri.append("&features=").append(String.join(",", features));
        }
        return uri.toString();
    }

    private YangVersion yangVersion(YangModule module) {
        return schema.context().findModule(module.name(), Revision.ofNullable(module.revision().orElse(null)))
                .map(Module::getYangVersion).orElse(YangVersion.VERSION_1_1);
    }

    private static List<String> features(YangModule module, List<String> protocolCapabilities) {
        if (!"ietf-netconf".equals(module.name())) {
            return module.features();
        }
        return module.features().stream().filter(feature -> protocolCapabilities.stream()
                .anyMatch(capability -> capability.startsWith(CAPABILITY_PREFIX + feature + ":"))).toList();
    }

    /**
     * Whether {@code filter} (null: no filter) may select state data: its top-level elements name
     * the monitoring or YANG library namespace, or none, which matches any (RFC 6241 §6.2.1). A get
     * that asks only for configuration then costs nothing more.
     */
    static boolean selectsState(Element filter) {
        if (filter == null) {
            return true;
        }
        for (Element top : XmlTree.childElements(filter)) {
            String namespace = top.getNamespaceURI();
            if (namespace == null || namespace.isEmpty() || BASE_NS.equals(namespace)
                    || MONITORING_NS.equals(namespace) || YANG_LIBRARY_NS.equals(namespace)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends the state data to {@code data}: {@code /netconf-state} with the live sessions of
     * this process and since when it serves, {@code /yang-library}, {@code /modules-state}.
     */
    void appendState(Element data, List<Login> sessions, Instant started, long sessionsStarted) {
        appendNetconfState(data, sessions, started, sessionsStarted);
        appendYangLibrary(data);
        appendModulesState(data);
    }

    private void appendNetconfState(Element data, List<Login> sessions, Instant started, long sessionsStarted) {
        Element state = XmlTree.append(data, MONITORING_NS, "netconf-state", null);
        Element caps = XmlTree.append(state, MONITORING_NS, "capabilities", null);
        for (String capability : capabilities) {
            XmlTree.append(caps, MONITORING_NS, "capability", capability);
        }
        Element stores = XmlTree.append(state, MONITORING_NS, "datastores", null);
        for (String name : datastores) {
            Element store = XmlTree.append(stores, MONITORING_NS, "datastore", null);
            XmlTree.append(store, MONITORING_NS, "name", name);
        }
        Element schemas = XmlTree.append(state, MONITORING_NS, "schemas", null);
        for (YangModule module : schema.modules()) {
            Element entry = XmlTree.append(schemas, MONITORING_NS, "schema", null);
            XmlTree.append(entry, MONITORING_NS, "identifier", module.name());
            XmlTree.append(entry, MONITORING_NS, "version", module.revision().orElse(""));
            // an identityref without prefix is in the default namespace, here the module's own
            XmlTree.append(entry, MONITORING_NS, "format", "yang");
            XmlTree.append(entry, MONITORING_NS, "namespace", module.namespace());
            XmlTree.append(entry, MONITORING_NS, "location", "NETCONF");
        }
        Element live = XmlTree.append(state, MONITORING_NS, "sessions", null);
        for (Login login : sessions) {
            Element session = XmlTree.append(live, MONITORING_NS, "session", null);
            XmlTree.append(session, MONITORING_NS, "session-id", Long.toString(login.sessionId()));
            XmlTree.append(session, MONITORING_NS, "transport", login.transport());
            XmlTree.append(session, MONITORING_NS, "username", login.username());
            XmlTree.append(session, MONITORING_NS, "login-time", dateAndTime(login.time()));
        }
        Element statistics = XmlTree.append(state, MONITORING_NS, "statistics", null);
        XmlTree.append(statistics, MONITORING_NS, "netconf-start-time", dateAndTime(started));
        XmlTree.append(statistics, MONITORING_NS, "in-sessions", Long.toString(sessionsStarted & 0xFFFF_FFFFL));
    }

    private void appendYangLibrary(Element data) {
        Element library = XmlTree.append(data, YANG_LIBRARY_NS, "yang-library", null);
        Element set = XmlTree.append(library, YANG_LIBRARY_NS, "module-set", null);
        XmlTree.append(set, YANG_LIBRARY_NS, "name", MODULE_SET);
        for (YangModule module : schema.modules()) {
            Element entry = XmlTree.append(set, YANG_LIBRARY_NS, "module", null);
            XmlTree.append(entry, YANG_LIBRARY_NS, "name", module.name());
            module.revision().ifPresent(revision -> XmlTree.append(entry, YANG_LIBRARY_NS, "revision", revision));
            XmlTree.append(entry, YANG_LIBRARY_NS, "namespace", module.namespace());
            for (String feature : features(module, protocolCapabilities)) {
                XmlTree.append(entry, YANG_LIBRARY_NS, "feature", feature);
            }
        }
        Element schemaEntry = XmlTree.append(library, YANG_LIBRARY_NS, "schema", null);
        XmlTree.append(schemaEntry, YANG_LIBRARY_NS, "name", MODULE_SET);
        XmlTree.append(schemaEntry, YANG_LIBRARY_NS, "module-set", MODULE_SET);
        for (String name : datastores) {
            Element store = XmlTree.append(library, YANG_LIBRARY_NS, "datastore", null);
            Element storeName = XmlTree.append(store, YANG_LIBRARY_NS, "name", "ds:" + name);
            storeName.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:ds", DATASTORES_NS);
            XmlTree.append(store, YANG_LIBRARY_NS, "schema", MODULE_SET);
        }
        XmlTree.append(library, YANG_LIBRARY_NS, "content-id", schema.contentId());
    }

    private void appendModulesState(Element data) {
        Element state = XmlTree.append(data, YANG_LIBRARY_NS, "modules-state", null);
        XmlTree.append(state, YANG_LIBRARY_NS, "module-set-id", schema.contentId());
        for (YangModule module : schema.modules()) {
            Element entry = XmlTree.append(state, YANG_LIBRARY_NS, "module", null);
            XmlTree.append(entry, YANG_LIBRARY_NS, "name", module.name());
            XmlTree.append(entry, YANG_LIBRARY_NS, "revision", module.revision().orElse(""));
            XmlTree.append(entry, YANG_LIBRARY_NS, "namespace", module.namespace());
            for (String feature : features(module, protocolCapabilities)) {
                XmlTree.append(entry, YANG_LIBRARY_NS, "feature", feature);
            }
            XmlTree.append(entry, YANG_LIBRARY_NS, "conformance-type", "implement");
        }
    }

    /** yang:date-and-time, to the second, in UTC. */
    private static String dateAndTime(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
