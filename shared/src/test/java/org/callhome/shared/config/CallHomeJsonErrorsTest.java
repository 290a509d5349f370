package org.callhome.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.callhome.shared.testing.RepositoryFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each way a file can be wrong, reported at its JSON path. Starts from the example every time. */
class CallHomeJsonErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "/ietf-netconf-server:netconf-server/call-home/netconf-client[0]";
    private static final String ENDPOINT0 = CLIENT + "/endpoints/endpoint[0]/ssh";
    private static final String SSH0 = ENDPOINT0 + "/ssh-server-parameters";
    private static final String CLIENT_PTR = "/ietf-netconf-server:netconf-server/call-home/netconf-client/0";
    private static final String TCP0_PTR = CLIENT_PTR + "/endpoints/endpoint/0/ssh/tcp-client-parameters";
    private static final String SSH0_PTR = CLIENT_PTR + "/endpoints/endpoint/0/ssh/ssh-server-parameters";
    private static final String USER0_PTR = SSH0_PTR + "/client-authentication/users/user/0";

    private static InvalidConfigException refused(String json) {
        return assertThrows(InvalidConfigException.class, () -> CallHomeJson.parse(json, "device.json"));
    }

    /** Changes the object at {@code pointer} of the example and expects an error at {@code location}. */
    private static void assertRefused(String pointer, Consumer<ObjectNode> change, String location, String problem)
            throws IOException {
        JsonNode tree = JSON.readTree(RepositoryFiles.example().toFile());
        change.accept((ObjectNode) tree.at(pointer));
        InvalidConfigException e = refused(JSON.writeValueAsString(tree));
        assertEquals(location, e.location(), e.getMessage());
        assertTrue(e.problem().contains(problem), "'" + e.problem() + "' should contain '" + problem + "'");
        assertTrue(e.getMessage().startsWith("device.json: " + location + ": "), e.getMessage());
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        InvalidConfigException e = refused("{\n  \"a\": 1,\n  oops\n}");
        assertEquals("line 3, column 3", e.location());
        assertTrue(e.problem().startsWith("not valid JSON"), e.problem());
        assertEquals("the file is empty", refused("  ").problem());
    }

    @Test
    void duplicateMembersAndTrailingContentAreSyntaxErrors() {
        assertEquals("not valid JSON: member 'a' appears twice in the same object",
                refused("{\"a\": 1, \"a\": 2}").problem());
        assertEquals("not valid JSON: more text after the end of the JSON document; a file holds one object",
                refused("{} {}").problem());
    }

    /** Each kind of syntax error the JSON parser reports, said plainly: no parser names, features or "[Source:". */
    @ParameterizedTest
    @MethodSource("syntaxErrors")
    void syntaxErrorsAreSaidPlainlyWithTheirPlace(String json, String location, String reason) {
        InvalidConfigException e = refused(json);
        assertEquals(location, e.location(), e.getMessage());
        assertEquals("not valid JSON: " + reason, e.problem());
        for (String internal : List.of("Unexpected", "[Source", "(code", "Feature", "`", "JsonToken")) {
            assertFalse(e.getMessage().contains(internal), e.getMessage());
        }
    }

    static Stream<Arguments> syntaxErrors() {
        String value = "a string, number, object, array, true, false or null";
        return Stream.of(
                arguments("{\n  'a': 1}", "line 2, column 3",
                        "unexpected single quote (JSON strings use double quotes); expected a member name in double quotes"),
                arguments("{\"a\": 1,}", "line 1, column 9",
                        "unexpected '}'; expected a member name in double quotes (a ',' before '}' has nothing to separate)"),
                arguments("{\"a\" 1}", "line 1, column 6", "unexpected '1'; expected ':' after the member name"),
                arguments("{\"a\": 1 \"b\": 2}", "line 1, column 9",
                        "unexpected '\"'; expected ',' or '}' after a member"),
                arguments("{\"a\": [1 2]}", "line 1, column 10",
                        "unexpected '2'; expected ',' or ']' after an array entry"),
                arguments("{\"a\": nul}", "line 1, column 10", "'nul' is not a JSON value; expected " + value),
                arguments("{\"a\": NaN}", "line 1, column 10", "'NaN' is not a JSON value; expected " + value),
                arguments("{\"a\": .5}", "line 1, column 7", "unexpected '.'; expected " + value),
                arguments("{\"a\": 1, // why\n\"b\": 2}", "line 1, column 10", "comments are not allowed in JSON"),
                arguments("{\"a\": [1}", "line 1, column 9",
                        "'}' where ']' must close the array opened at line 1, column 7"),
                arguments("{\"a\": 01}", "line 1, column 8", "invalid number: leading zeroes not allowed"),
                arguments("{\"a\": \"\\q\"}", "line 1, column 9",
                        "'\\q' is not a JSON escape; a backslash itself is written \\\\"),
                arguments("{\"a\": \"x\ny\"}", "line 1, column 9",
                        "a line break inside a string; write it escaped, such as \\n or \\t"),
                arguments("{\"a\": \"x", "line 1, column 9",
                        "the file ends inside a string: a closing '\"' is missing"),
                arguments("{\"a\": [1,", "line 1, column 10", "the file ends inside an array: a ']' is missing"),
                arguments("{\"a\":\n", "line 2, column 1", "the file ends inside an object: a '}' is missing"));
    }

    @Test
    void unknownTopLevelMember() throws IOException {
        assertRefused("", root -> root.putObject("ietf-keystore:keystore"), "/ietf-keystore:keystore",
                "unknown or unsupported member; expected ietf-netconf-server:netconf-server");
        InvalidConfigException e = refused("[]");
        assertEquals("/", e.location());
        assertEquals("expected a JSON object, got an array", e.problem());
    }

    @Test
    void listenAndTlsAreRefusedWithAReason() throws IOException {
        assertRefused("/ietf-netconf-server:netconf-server", server -> server.putObject("listen"),
                "/ietf-netconf-server:netconf-server/listen", "the device only calls home");
        assertRefused(CLIENT_PTR + "/endpoints/endpoint/0", endpoint -> endpoint.putObject("tls"),
                CLIENT + "/endpoints/endpoint[0]/tls", "the tls tree is read with --mode tls");
    }

    @Test
    void keysWrittenIntoTheFileAreRefused() throws IOException {
        assertRefused(SSH0_PTR + "/server-identity/host-key/0/public-key",
                key -> key.putObject("inline-definition").put("public-key", "AAAA"),
                SSH0 + "/server-identity/host-key[0]/public-key/inline-definition", "private-key-file");
        assertRefused(USER0_PTR, user -> user.putObject("password").put("hashed-password", "$0$x"),
                SSH0 + "/client-authentication/users/user[0]/password", "password authentication is not supported");
    }

    @Test
    void aHostKeyNeedsAFileAndOnlyOneIsPresented() throws IOException {
        assertRefused(SSH0_PTR + "/server-identity/host-key/0/public-key",
                key -> key.remove("callhome-device-ssh:private-key-file"),
                SSH0 + "/server-identity/host-key[0]/public-key",
                "missing member 'callhome-device-ssh:private-key-file'");
        assertRefused(SSH0_PTR + "/server-identity", identity -> {
            ArrayNode keys = (ArrayNode) identity.get("host-key");
            keys.add(keys.get(0).deepCopy());
        }, SSH0 + "/server-identity/host-key[1]", "the device presents one host key; found 2");
        assertRefused(SSH0_PTR + "/server-identity/host-key/0/public-key",
                key -> key.put("callhome-device-ssh:private-key-file", ""),
                SSH0 + "/server-identity/host-key[0]/public-key/callhome-device-ssh:private-key-file",
                "must not be empty");
    }

    @Test
    void typesFollowRfc7951() throws IOException {
        assertRefused(TCP0_PTR, tcp -> tcp.put("remote-port", "4334"), ENDPOINT0 + "/tcp-client-parameters/remote-port",
                "expected a JSON number without fraction, got the string \"4334\"");
        assertRefused(CLIENT_PTR + "/reconnect-strategy", rs -> rs.put("max-wait", 2.5),
                CLIENT + "/reconnect-strategy/max-wait", "expected a JSON number without fraction, got 2.5");
        assertRefused(CLIENT_PTR + "/reconnect-strategy", rs -> rs.put("callhome-device-ssh:jitter-fraction", 0.2),
                CLIENT + "/reconnect-strategy/callhome-device-ssh:jitter-fraction", "expected a JSON string, got 0.2");
        assertRefused(CLIENT_PTR, client -> client.putNull("name"), CLIENT + "/name", "must not be null");
        assertRefused(CLIENT_PTR + "/endpoints", endpoints -> endpoints.putObject("endpoint"),
                CLIENT + "/endpoints/endpoint", "expected a JSON array (a YANG list), got an object");
    }

    @Test
    void rangesAtTheLimitAndOnePast() throws IOException {
        assertRefused(TCP0_PTR, tcp -> tcp.put("remote-port", 65536),
                ENDPOINT0 + "/tcp-client-parameters/remote-port", "must be in 0..65535, got 65536");
        assertRefused(TCP0_PTR, tcp -> tcp.put("remote-port", 0),
                ENDPOINT0 + "/tcp-client-parameters", "port must be in 1..65535, got 0");
        assertRefused(CLIENT_PTR + "/reconnect-strategy", rs -> rs.put("max-attempts", 256),
                CLIENT + "/reconnect-strategy/max-attempts", "must be in 1..255, got 256");
        assertRefused(CLIENT_PTR + "/reconnect-strategy", rs -> rs.put("max-attempts", 0),
                CLIENT + "/reconnect-strategy/max-attempts", "must be in 1..255, got 0");
        assertRefused(SSH0_PTR + "/keepalives", k -> k.put("max-attempts", 0),
                SSH0 + "/keepalives", "keepalive max-attempts must be in 1..255, got 0");
        assertRefused(CLIENT_PTR + "/reconnect-strategy", rs -> rs.put("callhome-device-ssh:jitter-fraction", "0.51"),
                CLIENT + "/reconnect-strategy/callhome-device-ssh:jitter-fraction", "must be a decimal in 0..0.5");
        assertRefused(CLIENT_PTR + "/reconnect-strategy", rs -> rs.put("callhome-device-ssh:jitter-fraction", "0.125"),
                CLIENT + "/reconnect-strategy/callhome-device-ssh:jitter-fraction", "with at most two decimals");
        assertRefused(CLIENT_PTR + "/reconnect-strategy", rs -> rs.put("callhome-device-ssh:jitter-fraction", "lots"),
                CLIENT + "/reconnect-strategy/callhome-device-ssh:jitter-fraction", "expected a decimal number");
    }

    @Test
    void connectionTypeIsExactlyOneOfTwo() throws IOException {
        String at = CLIENT + "/connection-type";
        assertRefused(CLIENT_PTR + "/connection-type", type -> type.putObject("periodic"), at,
                "give exactly one of 'persistent' and 'periodic'");
        assertRefused(CLIENT_PTR + "/connection-type", type -> type.remove("persistent"), at,
                "give exactly one of 'persistent' and 'periodic'");
        assertRefused(CLIENT_PTR + "/connection-type", type -> type.putObject("persistent").put("x", 1),
                at + "/persistent/x", "unknown or unsupported member; expected none");
        assertRefused(CLIENT_PTR, client -> client.remove("connection-type"), CLIENT,
                "missing member 'connection-type'");
    }

    @Test
    void periodicValuesAreChecked() throws IOException {
        String at = CLIENT + "/connection-type/periodic";
        Consumer<ObjectNode> periodic = type -> type.remove("persistent");
        assertRefused(CLIENT_PTR + "/connection-type", periodic.andThen(t -> t.putObject("periodic").put("period", 0)),
                at + "/period", "period must be positive");
        assertRefused(CLIENT_PTR + "/connection-type",
                periodic.andThen(t -> t.putObject("periodic").put("idle-timeout", 0)),
                at + "/idle-timeout", "0 (never drop an idle session) is not supported");
        assertRefused(CLIENT_PTR + "/connection-type",
                periodic.andThen(t -> t.putObject("periodic").put("anchor-time", "2026-01-01T00:15:30Z")),
                at + "/anchor-time", "must be on a whole minute");
        assertRefused(CLIENT_PTR + "/connection-type",
                periodic.andThen(t -> t.putObject("periodic").put("anchor-time", "tomorrow")),
                at + "/anchor-time", "expected a date-and-time such as 2026-01-01T00:15:00Z");
    }

    @Test
    void enumerationsAreChecked() throws IOException {
        assertRefused(CLIENT_PTR + "/reconnect-strategy", rs -> rs.put("start-with", "nearest"),
                CLIENT + "/reconnect-strategy/start-with", "unknown start-with 'nearest'");
        assertRefused(USER0_PTR, user -> user.put("callhome-device-ssh:role", "root"),
                SSH0 + "/client-authentication/users/user[0]/callhome-device-ssh:role", "unknown role 'root'");
    }

    @Test
    void endpointsShareOneHostKeyAccountsAndKeepalives() throws IOException {
        String second = CLIENT + "/endpoints/endpoint[1]/ssh/ssh-server-parameters";
        String secondPtr = CLIENT_PTR + "/endpoints/endpoint/1/ssh/ssh-server-parameters";
        assertRefused(secondPtr + "/server-identity/host-key/0/public-key",
                key -> key.put("callhome-device-ssh:private-key-file", "/etc/other_key"), second,
                "host key, users or client-identity-mappings differ from those at " + SSH0);
        assertRefused(secondPtr + "/keepalives", k -> k.put("max-wait", 31), second,
                "keepalives differ from those at " + SSH0);
    }

    @Test
    void namesMustBeUnique() throws IOException {
        assertRefused(CLIENT_PTR + "/endpoints/endpoint/1", endpoint -> endpoint.put("name", "nms-primary"), CLIENT,
                "endpoint name 'nms-primary' appears more than once");
        assertRefused(SSH0_PTR + "/client-authentication/users/user/1", user -> user.put("name", "netops"),
                SSH0 + "/client-authentication/users", "account 'netops' appears more than once");
        assertRefused("/ietf-netconf-server:netconf-server/call-home", callHome -> {
            ArrayNode clients = (ArrayNode) callHome.get("netconf-client");
            clients.add(clients.get(0).deepCopy());
        }, "/ietf-netconf-server:netconf-server/call-home", "NMS name 'nms' appears more than once");
    }

    @Test
    void emptyNetconfServerParametersAndMappingsMeanNoMappings() throws IOException {
        JsonNode tree = JSON.readTree(RepositoryFiles.example().toFile());
        ((ObjectNode) tree.at(CLIENT_PTR + "/endpoints/endpoint/0/ssh")).putObject("netconf-server-parameters");
        ((ObjectNode) tree.at(CLIENT_PTR + "/endpoints/endpoint/1/ssh")).putObject("netconf-server-parameters")
                .putObject("client-identity-mappings").put("mapping-required", false);
        assertEquals(CallHomeJson.read(RepositoryFiles.example()),
                CallHomeJson.parse(JSON.writeValueAsString(tree), "device.json"));
    }

    /** The example with one cert-to-name entry in each endpoint, changed by {@code change}. */
    private static void assertEntryRefused(Consumer<ObjectNode> change, String member, String problem)
            throws IOException {
        JsonNode tree = JSON.readTree(RepositoryFiles.example().toFile());
        for (int i = 0; i < 2; i++) {
            ObjectNode entry = ((ObjectNode) tree.at(CLIENT_PTR + "/endpoints/endpoint/" + i + "/ssh"))
                    .putObject("netconf-server-parameters").putObject("client-identity-mappings")
                    .putArray("cert-to-name").addObject();
            entry.put("id", 1);
            entry.put("map-type", "ietf-x509-cert-to-name:san-dns-name");
            change.accept(entry);
        }
        InvalidConfigException e = refused(JSON.writeValueAsString(tree));
        String entryPath = ENDPOINT0 + "/netconf-server-parameters/client-identity-mappings/cert-to-name[0]";
        assertEquals(entryPath + member, e.location(), e.getMessage());
        assertTrue(e.problem().contains(problem), "'" + e.problem() + "' should contain '" + problem + "'");
    }

    @Test
    void certToNameEntriesAreChecked() throws IOException {
        assertEntryRefused(entry -> entry.put("fingerprint", "04:AB"), "/fingerprint",
                "a SHA-256 hash is 32 octets, got 1");
        assertEntryRefused(entry -> entry.put("fingerprint", "sha256:AB"), "/fingerprint",
                "is not colon-separated hex octets");
        assertEntryRefused(entry -> entry.put("fingerprint", ConfigSamples.fingerprint(2, 0xAB, 20)), "/fingerprint",
                "02 (SHA-1) is too weak");
        assertEntryRefused(entry -> entry.put("map-type", "san-dns-name"), "/map-type",
                "expected an identity of ietf-x509-cert-to-name with its module");
        assertEntryRefused(entry -> entry.put("map-type", "ietf-x509-cert-to-name:san-uri"), "/map-type",
                "unknown map-type 'san-uri'");
        assertEntryRefused(entry -> entry.put("name", "netops"), "", "a name is only for map-type specified");
        assertEntryRefused(entry -> entry.put("map-type", "ietf-x509-cert-to-name:specified"), "",
                "map-type specified needs a name");
        assertEntryRefused(entry -> entry.put("id", 4294967296L), "/id", "must be in 0..4294967295");
        assertEntryRefused(entry -> entry.put("id", "1"), "/id", "expected a JSON number");
        assertEntryRefused(entry -> entry.put("priority", 1), "/priority", "unknown or unsupported member");
    }

    @Test
    void aSpecifiedNameMustBeAnAccount() throws IOException {
        assertRefused(CLIENT_PTR + "/endpoints/endpoint/0/ssh", ssh -> {
            ObjectNode entry = ssh.putObject("netconf-server-parameters").putObject("client-identity-mappings")
                    .putArray("cert-to-name").addObject();
            entry.put("id", 1).put("map-type", "ietf-x509-cert-to-name:specified").put("name", "root");
        }, ENDPOINT0 + "/netconf-server-parameters", "maps to 'root', which is not an account; accounts: [monitor,"
                + " netops]");
    }

    @Test
    void mappingRequiredIsABoolean() throws IOException {
        assertRefused(CLIENT_PTR + "/endpoints/endpoint/0/ssh",
                ssh -> ssh.putObject("netconf-server-parameters").putObject("client-identity-mappings")
                        .put("mapping-required", "true"),
                ENDPOINT0 + "/netconf-server-parameters/client-identity-mappings/mapping-required",
                "expected true or false");
    }

    @Test
    void endpointsShareOneCertToNameList() throws IOException {
        assertRefused(CLIENT_PTR + "/endpoints/endpoint/1/ssh",
                ssh -> ssh.putObject("netconf-server-parameters").putObject("client-identity-mappings")
                        .put("mapping-required", true),
                CLIENT + "/endpoints/endpoint[1]/ssh/ssh-server-parameters",
                "host key, users or client-identity-mappings differ from those at " + SSH0);
    }

    @Test
    void listsNeedAnEntry() throws IOException {
        assertRefused("/ietf-netconf-server:netconf-server/call-home", callHome -> callHome.putArray("netconf-client"),
                "/ietf-netconf-server:netconf-server/call-home/netconf-client", "must have at least one entry");
    }
}
