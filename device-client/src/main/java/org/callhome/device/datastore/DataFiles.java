package org.callhome.device.datastore;

import static org.callhome.shared.netconf.message.Netconf.BASE_NS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Reading the folder's configuration files: a {@code <data>} element in the base namespace. */
final class DataFiles {

    /** The datastore files are ours, but they are still parsed with bounds. */
    private static final NetconfLimits FILE_LIMITS = NetconfLimits.DEFAULT.withMaxXmlElements(10_000_000);

    private DataFiles() {
    }

    /** The file's content, or empty when it does not exist. */
    static Optional<Element> read(Path file) throws IOException {
        try {
            return Optional.of(parse(Files.readAllBytes(file), file.getFileName().toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static Element parse(byte[] bytes, String name) throws IOException {
        try {
            Element root = NetconfXml.parse(bytes, FILE_LIMITS).getDocumentElement();
            if (!BASE_NS.equals(root.getNamespaceURI()) || !"data".equals(root.getLocalName())) {
                throw new IOException(name + " must hold a <data> element in " + BASE_NS);
            }
            return root;
        } catch (NetconfException e) {
            throw new IOException(name + " is not valid XML: " + e.getMessage(), e);
        }
    }

    static Element emptyData() {
        Document document = NetconfXml.newDocument();
        Element data = document.createElementNS(BASE_NS, "data");
        document.appendChild(data);
        return data;
    }
}
