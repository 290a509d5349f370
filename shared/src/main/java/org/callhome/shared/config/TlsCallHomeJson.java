package org.callhome.shared.config;

import java.io.IOException;
import java.nio.file.Path;
import org.callhome.shared.io.TextFiles;

/**
 * The device's TLS call-home configuration file: RFC 7951 JSON of
 * {@code ietf-netconf-server:netconf-server/call-home} with {@code tls} endpoints, its files and
 * accounts from the project's module callhome-device-tls ({@link TlsCallHomeYang}). What
 * {@link #write} produces, {@link #read} reads back to equal settings, and yanglint accepts.
 *
 * <pre>
 * {"ietf-netconf-server:netconf-server": {"call-home": {"netconf-client": [{
 *    "name": "nms",
 *    "endpoints": {"endpoint": [{"name": ..., "tls": {
 *        "tcp-client-parameters": {"remote-address": ..., "remote-port": 4335,
 *                                  "keepalives": {"idle-time": 30, "max-probes": 3, "probe-interval": 30}},
 *        "tls-server-parameters": {
 *            "server-identity": {"certificate": {"callhome-device-tls:private-key-file": ...,
 *                                                "callhome-device-tls:certificate-chain-file": ...}},
 *            "client-authentication": {"ca-certs": {"callhome-device-tls:account": [
 *                {"name": ..., "role": "admin", "ca-certificates-file": ...}]}},
 *            "hello-params": {"tls-versions": {"min": "ietf-tls-common:tls12", "max": "ietf-tls-common:tls13"}}},
 *        "netconf-server-parameters": {"client-identity-mappings": {"cert-to-name": [
 *            {"id": 1, "map-type": "callhome-device-tls:serial-number-or-common-name"}]}}}}]},
 *    "connection-type": {"persistent": {}},
 *    "reconnect-strategy": {"start-with": "first-listed", "max-wait": 5, "max-attempts": 3,
 *                           "callhome-device-ssh:jitter-fraction": "0.2"}}]}}}
 * </pre>
 */
public final class TlsCallHomeJson {

    private TlsCallHomeJson() {
    }

    /**
     * Reads and checks a configuration file; every problem names its place in the file.
     *
     * @throws IOException naming the file when it is missing, unreadable, too large or not UTF-8
     *     ({@link TextFiles}); an {@link InvalidConfigException} when its content is wrong
     */
    public static DeviceTlsCallHomeConfig read(Path file) throws IOException {
        return parse(TextFiles.read(file, CallHomeJson.MAX_FILE_BYTES), file.toString());
    }

    /** Reads configuration text; {@code source} names it in error messages. */
    public static DeviceTlsCallHomeConfig parse(String json, String source) throws InvalidConfigException {
        return TlsCallHomeJsonReader.read(source, CallHomeJson.tree(json, source));
    }

    /**
     * The configuration as an RFC 7951 document, indented by two spaces, ending in a newline.
     *
     * @throws IllegalArgumentException if a setting has no exact form in the model, such as a
     *                                  keepalive time that is not a whole number of seconds
     */
    public static String write(DeviceTlsCallHomeConfig config) {
        return CallHomeJson.print(TlsCallHomeJsonWriter.tree(config));
    }
}
