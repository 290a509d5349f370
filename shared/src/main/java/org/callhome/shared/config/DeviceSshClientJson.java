package org.callhome.shared.config;

import java.io.IOException;
import java.nio.file.Path;
import org.callhome.shared.io.TextFiles;

/**
 * The device's device-ssh-client configuration file: RFC 7951 JSON of
 * {@code callhome-device-ssh-client:device-ssh-client} ({@link CallHomeYang#DEVICE_SSH_CLIENT_MODULE_FILE};
 * validate with {@link CallHomeYang#deviceSshClientCommand}). What {@link #write} produces,
 * {@link #read} reads back to equal settings.
 *
 * <pre>
 * {"callhome-device-ssh-client:device-ssh-client": {
 *    "accounts": {"account": [{"name": "netconf", "role": "admin"}]},
 *    "netconf-clients": {"netconf-client": [{
 *      "name": "nms",
 *      "endpoints": {"endpoint": [{"name": ...,
 *          "tcp-client-parameters": {"remote-address": ..., "remote-port": 2222},
 *          "ssh-client-parameters": {
 *              "client-identity": {"username": "dev-17", "public-key": {"private-key-file": ...,
 *                                                                      "certificate-file": ...}},
 *              "server-authentication": {"ssh-host-keys": {"host-key-file": ...}},
 *              "keepalives": {"max-wait": 30, "max-attempts": 3}}}]},
 *      "subsystem": "netconf-device@callhome.invalid", "bind-account": "netconf",
 *      "connection-type": {"persistent": {}},
 *      "reconnect-strategy": {"start-with": "first-listed", "max-wait": 5, "max-attempts": 3,
 *                             "jitter-fraction": "0.2"}}]}}}
 * </pre>
 */
public final class DeviceSshClientJson {

    /** The document's one top-level member. */
    public static final String MEMBER = DeviceSshClientJsonReader.DEVICE_SSH_CLIENT;

    private DeviceSshClientJson() {
    }

    /**
     * Reads and checks a configuration file; every problem names its place in the file.
     *
     * @throws IOException naming the file when it is missing, unreadable, too large or not UTF-8;
     *     an {@link InvalidConfigException} when its content is wrong
     */
    public static DeviceSshClientConfig read(Path file) throws IOException {
        return parse(TextFiles.read(file, CallHomeJson.MAX_FILE_BYTES), file.toString());
    }

    /** Reads configuration text; {@code source} names it in error messages. */
    public static DeviceSshClientConfig parse(String json, String source) throws InvalidConfigException {
        return DeviceSshClientJsonReader.read(source, CallHomeJson.tree(json, source));
    }

    /**
     * The configuration as an RFC 7951 document, indented by two spaces, ending in a newline.
     *
     * @throws IllegalArgumentException if a setting has no exact form in the model
     */
    public static String write(DeviceSshClientConfig config) {
        return CallHomeJson.print(DeviceSshClientJsonWriter.tree(config));
    }
}
