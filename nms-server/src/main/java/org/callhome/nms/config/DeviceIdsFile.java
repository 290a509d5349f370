package org.callhome.nms.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.TrustFileLine;
import org.callhome.shared.text.PeerText;

/**
 * The identities the NMS expects a certificate to name ({@code --device-ids FILE}, RFC 8071 C6: the
 * identifier must be known before the connection): one device id a line, {@code #} comments and
 * blank lines skipped. A line with more than one word, an id that could not be a device id, an id
 * listed twice, or a file with no id at all is refused with {@code <file>:<line>: <what is wrong>}:
 * an inventory that silently lost an entry would refuse that device, and an empty one every device.
 * At most {@link #MAX_FILE_BYTES}.
 */
public final class DeviceIdsFile {

    /** A million ids of about 60 bytes. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    static final String LINE_FORM = "'<device-id>', one a line, such as 'dev-17'";

    private DeviceIdsFile() {
    }

    /** @throws IOException naming the file, and the line when a line is wrong */
    public static Set<String> read(Path file) throws IOException {
        return read(file, MAX_FILE_BYTES);
    }

    static Set<String> read(Path file, long maxBytes) throws IOException {
        Map<String, Integer> lineById = new LinkedHashMap<>();
        for (TrustFileLine line : TrustFileLine.read(file, maxBytes, LINE_FORM)) {
            String[] words = line.text().split("\\s+");
            if (words.length > 1) {
                throw line.error("holds " + words.length + " words, but a line is one device id: " + LINE_FORM);
            }
            String id = words[0];
            String problem = KnownDevices.problemWithId(id);
            if (problem != null) {
                throw line.error(problem);
            }
            Integer first = lineById.putIfAbsent(id, line.number());
            if (first != null) {
                throw line.error("device id " + PeerText.quote(id) + " is already listed at line " + first);
            }
        }
        if (lineById.isEmpty()) {
            throw new IOException(file + ": holds no device id, so every certificate would be refused; list the "
                    + "expected ids, " + LINE_FORM + ", or leave out --device-ids to take any id a trusted CA vouches for");
        }
        return Set.copyOf(lineById.keySet());
    }
}
