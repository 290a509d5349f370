package org.callhome.device.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.sztp.Binary;
import org.callhome.shared.sztp.BootstrapArtifacts;
import org.callhome.shared.sztp.SztpLimits;
import org.callhome.shared.text.PeerText;

/**
 * The device's RESTCONF client of one bootstrap server (RFC 8572 §7, RFC 8040 §3.6 operations, JSON
 * per RFC 7951), on the JDK's HTTP client:
 * <pre>
 * POST /restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data
 *   {"ietf-sztp-bootstrap-server:input": {"signed-data-preferred": [null], "nonce": "&lt;base64&gt;"}}
 *   200 {"ietf-sztp-bootstrap-server:output": {"reporting-level": ..., "conveyed-information": "&lt;base64&gt;",
 *        "owner-certificate": "&lt;base64&gt;", "ownership-voucher": "&lt;base64&gt;"}}
 * POST /restconf/operations/ietf-sztp-bootstrap-server:report-progress
 *   {"ietf-sztp-bootstrap-server:input": {"progress-type": ..., "message": ...,
 *        "ssh-host-keys": {"ssh-host-key": [{"algorithm": ..., "key-data": "&lt;base64&gt;"}]}}}
 *   204
 * </pre>
 * A response larger than {@link #maxResponseBytes} is cut off and refused before it is parsed;
 * every request has a timeout. What the server says is an {@link IOException} naming the server;
 * nothing it sends is trusted here, {@code DeviceArtifactCheck} decides.
 */
final class BootstrapServerClient {

    static final String GET_BOOTSTRAPPING_DATA = "/restconf/operations/ietf-sztp-bootstrap-server:get-bootstrapping-data";
    static final String REPORT_PROGRESS = "/restconf/operations/ietf-sztp-bootstrap-server:report-progress";
    static final String MEDIA_TYPE = "application/yang-data+json";
    private static final String MODULE = "ietf-sztp-bootstrap-server:";
    /** A report's message is for people; longer ones are cut to this. */
    static final int MAX_MESSAGE_CHARS = 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final URI server;
    private final HttpClient http;
    private final Duration timeout;
    private final int maxResponseBytes;

    BootstrapServerClient(URI server, SSLContext tls, Duration timeout, SztpLimits limits) {
        this.server = server;
        this.timeout = timeout;
        // three artifacts in base64 (4 characters per 3 bytes) and the JSON around them
        this.maxResponseBytes = Math.toIntExact(Math.min(Integer.MAX_VALUE - 8,
                3L * ((limits.maxArtifactBytes() + 2L) / 3 * 4) + 4096));
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    URI server() {
        return server;
    }

    /** What the server returned, each artifact decoded, and the reporting level it asked for. */
    record Response(BootstrapArtifacts artifacts, Optional<String> reportingLevel) {
    }

    Response getBootstrappingData(Optional<Binary> nonce, boolean signedDataPreferred) throws IOException {
        ObjectNode input = JSON.createObjectNode();
        if (signedDataPreferred) {
            input.putArray("signed-data-preferred").addNull();
        }
        nonce.ifPresent(value -> input.put("nonce", value.base64()));
        HttpResponse<InputStream> response = post(GET_BOOTSTRAPPING_DATA, input);
        byte[] body = bounded(response);
        if (response.statusCode() != 200) {
            throw new IOException(server + " answered get-bootstrapping-data with HTTP " + response.statusCode()
                    + errorText(body));
        }
        JsonNode output;
        try {
            output = JSON.readTree(body).path(MODULE + "output");
        } catch (JsonProcessingException e) {
            throw new IOException(server + ": the get-bootstrapping-data output is not JSON: "
                    + e.getOriginalMessage());
        }
        if (!output.isObject()) {
            throw new IOException(server + ": the get-bootstrapping-data answer has no " + MODULE + "output object");
        }
        byte[] conveyed = binary(output, "conveyed-information")
                .orElseThrow(() -> new IOException(server + ": the output has no conveyed-information"));
        Optional<String> level = output.has("reporting-level")
                ? Optional.of(output.get("reporting-level").asText()) : Optional.empty();
        return new Response(new BootstrapArtifacts(conveyed, binary(output, "ownership-voucher"),
                binary(output, "owner-certificate")), level);
    }

    /**
     * Sends one progress report.
     *
     * @param hostKey the device's SSH host key, sent with {@code bootstrap-complete} only
     */
    void reportProgress(String progressType, Optional<String> message, Optional<PublicKey> hostKey)
            throws IOException {
        ObjectNode input = JSON.createObjectNode().put("progress-type", progressType);
        message.ifPresent(text -> input.put("message", text.length() > MAX_MESSAGE_CHARS
                ? text.substring(0, MAX_MESSAGE_CHARS) : text));
        if (hostKey.isPresent()) {
            ObjectNode key = input.putObject("ssh-host-keys").putArray("ssh-host-key").addObject();
            key.put("algorithm", SshKeys.toOpenSsh(hostKey.get()).split(" ", 2)[0]);
            key.put("key-data", Binary.of(SshKeys.blob(hostKey.get())).base64());
        }
        HttpResponse<InputStream> response = post(REPORT_PROGRESS, input);
        byte[] body = bounded(response);
        if (response.statusCode() != 204 && response.statusCode() != 200) {
            throw new IOException(server + " answered report-progress (" + progressType + ") with HTTP "
                    + response.statusCode() + errorText(body));
        }
    }

    private HttpResponse<InputStream> post(String path, ObjectNode input) throws IOException {
        ObjectNode document = JSON.createObjectNode();
        document.set(MODULE + "input", input);
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path)).timeout(timeout)
                .header("Content-Type", MEDIA_TYPE).header("Accept", MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(document))).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + server, e);
        }
    }

    /** The body, refused when longer than allowed: it is read to one byte past the limit, never further. */
    private byte[] bounded(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(maxResponseBytes + 1);
            if (body.length > maxResponseBytes) {
                throw new IOException(server + ": the response is longer than the allowed maximum ("
                        + maxResponseBytes + " bytes)");
            }
            return body;
        }
    }

    private Optional<byte[]> binary(JsonNode output, String member) throws IOException {
        JsonNode value = output.get(member);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IOException(server + ": " + member + " is not a base64 string");
        }
        try {
            return Optional.of(Binary.ofBase64(value.asText()).bytes());
        } catch (IllegalArgumentException e) {
            throw new IOException(server + ": " + member + " is not base64: " + e.getMessage());
        }
    }

    /** The start of an error body, quoted as peer text: what RESTCONF's errors say helps the operator. */
    private static String errorText(byte[] body) {
        return body.length == 0 ? "" : ": " + PeerText.quote(new String(body, 0, Math.min(body.length, 300),
                StandardCharsets.UTF_8));
    }
}
