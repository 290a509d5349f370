package org.callhome.device.callhome;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.netconf.xml.XmlTree;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.common.XMLNamespace;
import org.opendaylight.yangtools.yang.data.api.schema.NormalizedNode;
import org.opendaylight.yangtools.yang.data.api.schema.stream.NormalizedNodeStreamWriter;
import org.opendaylight.yangtools.yang.data.api.schema.stream.NormalizedNodeWriter;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONCodecFactory;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONCodecFactorySupplier;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONNormalizedNodeStreamWriter;
import org.opendaylight.yangtools.yang.data.codec.gson.JsonParserStream;
import org.opendaylight.yangtools.yang.data.codec.gson.JsonWriterFactory;
import org.opendaylight.yangtools.yang.data.codec.xml.XMLStreamNormalizedNodeStreamWriter;
import org.opendaylight.yangtools.yang.data.codec.xml.XmlParserStream;
import org.opendaylight.yangtools.yang.data.impl.schema.ImmutableNormalizedNodeStreamWriter;
import org.opendaylight.yangtools.yang.data.impl.schema.NormalizationResultHolder;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;
import org.opendaylight.yangtools.yang.model.api.Module;
import org.opendaylight.yangtools.yang.model.util.SchemaInferenceStack;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A strategy's call-home tree (the top container its {@link CallHomeFormat} names:
 * {@code ietf-netconf-server:netconf-server} or {@code callhome-device-ssh-client:device-ssh-client})
 * in its two encodings: the RFC 7951 JSON the configuration readers and writers of the strategies
 * speak, and the XML it has in the running datastore. yangtools converts, by the device's schema,
 * so that the tree means the same in both; what the tree means is left to the strategy's JSON
 * reader. Stateless and thread-safe.
 */
public final class CallHomeTree {

    /** The namespace of ietf-netconf-server, whose top container holds call-home. */
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:yang:ietf-netconf-server";
    /** ietf-netconf-server's top container's name. */
    public static final String ROOT = "netconf-server";

    private final EffectiveModelContext context;
    private final JSONCodecFactory codecs;
    private final QName root;
    private final String prefix;

    /** The tree of {@code format} in {@code context}, which must have its module. */
    public CallHomeTree(EffectiveModelContext context, CallHomeFormat format) {
        this.context = Objects.requireNonNull(context, "context");
        this.codecs = JSONCodecFactorySupplier.RFC7951.getShared(context);
        Module module = context.findModules(XMLNamespace.of(format.namespace())).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the schema has no module of namespace "
                        + format.namespace()));
        this.root = QName.create(module.getQNameModule(), format.root());
        this.prefix = module.getPrefix();
    }

    /** The tree's top container in a {@code <data>} element (running's content), if it has one. */
    public Optional<Element> find(Element data) {
        return Optional.ofNullable(XmlTree.child(data, namespace(), root.getLocalName()));
    }

    /** The namespace of the tree's top container. */
    public String namespace() {
        return root.getNamespace().toString();
    }

    /** The tree's top container as an XPath step with its module's prefix, such as {@code /ncs:netconf-server}. */
    String rootStep() {
        return "/" + prefix + ":" + root.getLocalName();
    }

    /** The prefix of the tree's module, as in {@link #rootStep()}. */
    String prefix() {
        return prefix;
    }

    /**
     * {@code data} with {@code tree} in place of its call-home tree (or added at the end), its
     * other content untouched; a new document, {@code data} is not changed.
     */
    public Element replace(Element data, Element tree) {
        Document document = NetconfXml.newDocument();
        Element copy = (Element) document.importNode(data, true);
        document.appendChild(copy);
        Element imported = XmlTree.importWithScope(document, tree);
        Optional<Element> old = find(copy);
        if (old.isPresent()) {
            copy.replaceChild(imported, old.get());
        } else {
            copy.appendChild(imported);
        }
        return copy;
    }

    /**
     * The XML of a JSON document holding the tree's top container, as the strategy's writer wrote
     * it.
     *
     * @throws IllegalArgumentException the JSON does not fit the schema (our writer's mistake)
     */
    public Element toXml(String json) {
        NormalizationResultHolder holder = new NormalizationResultHolder();
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            JsonParserStream.create(ImmutableNormalizedNodeStreamWriter.from(holder), codecs).parse(reader);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the call-home JSON does not fit the device's schema: "
                    + e.getMessage(), e);
        }
        Document document = NetconfXml.newDocument();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(new DOMResult(document));
            NormalizedNodeStreamWriter stream = XMLStreamNormalizedNodeStreamWriter.create(xml, context);
            try (NormalizedNodeWriter writer = NormalizedNodeWriter.forStreamWriter(stream)) {
                writer.write(holder.result().data());
            }
            xml.flush();
        } catch (IOException | XMLStreamException e) {
            throw new IllegalStateException("writing the call-home tree as XML in memory failed", e);
        }
        return document.getDocumentElement();
    }

    /**
     * The JSON document of a call-home tree (the top container's element), for the strategy's
     * reader.
     *
     * @throws IllegalArgumentException the tree does not fit the schema: an unknown element, a
     *                                  value of the wrong type; the message says which
     */
    public String toJson(Element tree) {
        NormalizationResultHolder holder = new NormalizationResultHolder();
        try {
            XmlParserStream parser = XmlParserStream.create(ImmutableNormalizedNodeStreamWriter.from(holder),
                    SchemaInferenceStack.ofDataTreePath(context, root).toInference());
            parser.traverse(new DOMSource(tree));
        } catch (XMLStreamException | IOException | RuntimeException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
        NormalizedNode node = holder.result().data();
        StringWriter text = new StringWriter();
        try (JsonWriter json = JsonWriterFactory.createJsonWriter(text, 2)) {
            json.beginObject();
            NormalizedNodeStreamWriter stream = JSONNormalizedNodeStreamWriter.createNestedWriter(codecs, json);
            NormalizedNodeWriter.forStreamWriter(stream).write(node).flush();
            json.endObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing the call-home tree as JSON in memory failed", e);
        }
        return text.toString();
    }

    /** A module's prefix by its name, for error paths; empty if the schema has no such module. */
    Optional<String> prefixOf(String moduleName) {
        Iterator<? extends Module> modules = context.findModules(moduleName).iterator();
        return modules.hasNext() ? Optional.of(modules.next().getPrefix()) : Optional.empty();
    }

    /** A module's namespace by its name, for error paths; empty if the schema has no such module. */
    Optional<String> namespaceOf(String moduleName) {
        Iterator<? extends Module> modules = context.findModules(moduleName).iterator();
        return modules.hasNext() ? Optional.of(modules.next().getNamespace().toString()) : Optional.empty();
    }

    /** yangtools' message, with the cause's when it has none of its own. */
    private static String describe(Throwable error) {
        Throwable shown = error;
        while ((shown.getMessage() == null || shown.getMessage().isBlank()) && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        return message == null || message.isBlank() ? shown.getClass().getSimpleName() : message;
    }
}
