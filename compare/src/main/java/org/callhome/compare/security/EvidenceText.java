package org.callhome.compare.security;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evidence in the project's own words. Files of the run are named for what they are (a path in
 * a temporary folder means nothing to a reader), and the few messages of the SSH library that
 * reach the evidence through the NMS's events or a device's errors are replaced by what they
 * mean in these scenarios. What the project's own code said is kept as it is. Used on the
 * scenario's thread only.
 */
final class EvidenceText {

    /** Library messages, each with its meaning here. */
    private static final Map<String, String> LIBRARY_MESSAGES = Map.of(
            // MINA's client, when the server accepted none of the public keys offered
            "No more authentication methods available", "the SSH server accepted none of the keys offered",
            // MINA's client, when the peer sent a client's key exchange message instead of a server's
            "Protocol error: expected packet SSH_MSG_KEXDH_REPLY, got SSH_MSG_KEXDH_INIT",
            "the peer sent SSH_MSG_KEXDH_INIT, as an SSH client does: both ends were SSH clients",
            // the device's report adds MINA's closing notice, which says nothing about who closed
            "ended before authenticating the NMS: SSH session closed", "ended before authenticating the NMS");

    private final String folder;
    private final Pattern anyFileOfTheRun;
    private final Map<String, String> files = new LinkedHashMap<>();

    /** @param folder the run's folder: any path under it is one of the run's files */
    EvidenceText(Path folder) {
        this.folder = folder.toAbsolutePath().toString();
        this.anyFileOfTheRun = Pattern.compile(Pattern.quote(this.folder) + "[^\\s;,'\")]*");
    }

    /** From now on, {@code file} is called {@code description} in evidence, e.g. "dev-1's pinned NMS host key file". */
    void name(Path file, String description) {
        files.put(file.toAbsolutePath().toString(), description);
    }

    /** {@code text} with files named and library messages replaced; empty for null. */
    String of(String text) {
        if (text == null) {
            return "";
        }
        String own = text;
        for (Map.Entry<String, String> message : LIBRARY_MESSAGES.entrySet()) {
            own = own.replace(message.getKey(), message.getValue());
        }
        // longest first, so that a file is never taken for the folder it sits in
        for (String path : files.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
                .toList()) {
            own = own.replace(path, files.get(path));
        }
        return anyFileOfTheRun.matcher(own).replaceAll(Matcher.quoteReplacement("a file of the run"));
    }
}
