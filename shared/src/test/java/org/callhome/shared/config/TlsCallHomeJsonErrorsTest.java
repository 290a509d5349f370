package org.callhome.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.callhome.shared.testing.Yanglint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a tls file can be wrong, reported at its JSON path. Starts from a written file every time. */
class TlsCallHomeJsonErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "/ietf-netconf-server:netconf-server/call-home/netconf-client[0]";
    private static final String TLS0 = CLIENT + "/endpoints/endpoint[0]/tls";
    private static final String SERVER0 = TLS0 + "/tls-server-parameters";
    private static final String CLIENT_PTR = "/ietf-netconf-server:netconf-server/call-home/netconf-client/0";
    private static final String TLS0_PTR = CLIENT_PTR + "/endpoints/endpoint/0/tls";
    private static final String SERVER0_PTR = TLS0_PTR + "/tls-server-parameters";
    private static final String MAPPINGS0_PTR = TLS0_PTR + "/netconf-server-parameters/client-identity-mappings";

    private static String simple() {
        return TlsCallHomeJson.write(TlsConfigSamples.simple());
    }

    /** The simple sample changed at {@code pointer}. */
    private static String changed(String pointer, Consumer<ObjectNode> change) throws IOException {
        JsonNode tree = JSON.readTree(simple());
        change.accept((ObjectNode) tree.at(pointer));
        return JSON.writeValueAsString(tree);
    }

    private static void assertRefused(String pointer, Consumer<ObjectNode> change, String location, String problem)
            throws IOException {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> TlsCallHomeJson.parse(changed(pointer, change), "device-tls.json"));
        assertEquals(location, e.location(), e.getMessage());
        assertTrue(e.problem().contains(problem), "'" + e.problem() + "' should contain '" + problem + "'");
        assertTrue(e.getMessage().startsWith("device-tls.json: " + location + ": "), e.getMessage());
    }

    @Test
    void tlsHeartbeatsAreRefusedWithWhyAndWhatTheDeviceDoesInstead() throws IOException {
        assertRefused(SERVER0_PTR, server -> server.putObject("keepalives").putObject("test-peer-aliveness"),
                SERVER0 + "/keepalives", "TLS heartbeats (RFC 6520) cannot be sent: Java's TLS does not implement"
                        + " them; the device tests liveness with TCP keepalives, tcp-client-parameters/keepalives");
    }

    @Test
    void tlsHeartbeatsAreOutsideTheDevicesFeaturesForYanglintToo(@TempDir Path dir) throws Exception {
        Yanglint.requireAvailable();
        String json = changed(SERVER0_PTR, server -> server.putObject("keepalives").putArray("peer-allowed-to-send")
                .addNull());
        Yanglint.Result result = Yanglint.run(TlsCallHomeJsonTest.command(Files.writeString(dir.resolve("hb.json"),
                json)));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("keepalives"), result.output());
    }

    @Test
    void anSshEndpointIsRefused() throws IOException {
        assertRefused(CLIENT_PTR + "/endpoints/endpoint/0", endpoint -> {
            endpoint.remove("tls");
            endpoint.putObject("ssh");
        }, CLIENT + "/endpoints/endpoint[0]/ssh", "with --mode tls every endpoint is 'tls'");
    }

    @Test
    void keysAndCertificatesInTheFileOrAKeystoreAreRefused() throws IOException {
        assertRefused(SERVER0_PTR + "/server-identity/certificate", certificate -> {
            certificate.removeAll();
            certificate.putObject("inline-definition");
        }, SERVER0 + "/server-identity/certificate/inline-definition", "callhome-device-tls:private-key-file");
        assertRefused(SERVER0_PTR + "/server-identity/certificate",
                certificate -> certificate.putObject("central-keystore-reference"),
                SERVER0 + "/server-identity/certificate/central-keystore-reference", "central keystore");
        assertRefused(SERVER0_PTR + "/client-authentication/ca-certs",
                caCerts -> caCerts.put("central-truststore-reference", "nms-cas"),
                SERVER0 + "/client-authentication/ca-certs/central-truststore-reference", "central truststore");
        assertRefused(SERVER0_PTR + "/client-authentication", authentication -> authentication.putObject("ee-certs"),
                SERVER0 + "/client-authentication/ee-certs", "pinned end-entity certificates are given through the"
                        + " accounts' files, not here: put the NMS's certificate in the ca-certificates-file of a"
                        + " callhome-device-tls:account under ca-certs");
    }

    @Test
    void theKeyAndTheChainAreBothRequired() throws IOException {
        assertRefused(SERVER0_PTR + "/server-identity/certificate",
                certificate -> certificate.remove("callhome-device-tls:certificate-chain-file"),
                SERVER0 + "/server-identity/certificate",
                "missing member 'callhome-device-tls:certificate-chain-file'");
        assertRefused(SERVER0_PTR + "/server-identity/certificate",
                certificate -> certificate.put("callhome-device-tls:private-key-file", ""),
                SERVER0 + "/server-identity/certificate/callhome-device-tls:private-key-file", "must not be empty");
    }

    @Test
    void aRawPublicKeyIdentityIsRefused() throws IOException {
        assertRefused(SERVER0_PTR + "/server-identity", identity -> {
            identity.remove("certificate");
            identity.putObject("raw-private-key");
        }, SERVER0 + "/server-identity/raw-private-key", "raw public keys (RFC 7250) are not supported");
    }

    @Test
    void accountsAreCheckedWhereTheyStand() throws IOException {
        String account0 = SERVER0 + "/client-authentication/ca-certs/callhome-device-tls:account[0]";
        String account0Ptr = SERVER0_PTR + "/client-authentication/ca-certs/callhome-device-tls:account/0";
        assertRefused(account0Ptr, account -> account.put("role", "root"), account0 + "/role", "root");
        assertRefused(account0Ptr, account -> account.put("name", "n m s"), account0, "without blanks or ':'");
        assertRefused(account0Ptr, account -> account.put("authorized-keys-file", "/x"), account0 + "/authorized-keys-file",
                "unknown or unsupported member");
    }

    @Test
    void aNarrowerRangeOfTlsVersionsOrOwnCipherSuitesAreRefused() throws IOException {
        assertRefused(SERVER0_PTR + "/hello-params/tls-versions",
                versions -> versions.put("min", "ietf-tls-common:tls13"),
                SERVER0 + "/hello-params/tls-versions/min", "the device offers TLS 1.2 and 1.3, both");
        assertRefused(SERVER0_PTR + "/hello-params/tls-versions", versions -> versions.put("max", "tls13"),
                SERVER0 + "/hello-params/tls-versions/max", "give \"ietf-tls-common:tls13\"");
        assertRefused(SERVER0_PTR + "/hello-params", hello -> hello.putObject("cipher-suites"),
                SERVER0 + "/hello-params/cipher-suites", "the device sets its cipher suites itself");
    }

    @Test
    void tcpKeepalivesMustProbeAtThePaceOfTheIdleTime() throws IOException {
        assertRefused(TLS0_PTR + "/tcp-client-parameters/keepalives", alive -> alive.put("probe-interval", 10),
                TLS0 + "/tcp-client-parameters/keepalives", "probe-interval (10 s) differs from idle-time (30 s)");
        assertRefused(TLS0_PTR + "/tcp-client-parameters/keepalives", alive -> alive.put("max-probes", 256),
                TLS0 + "/tcp-client-parameters/keepalives/max-probes", "must be in 1..255");
    }

    @Test
    void aMappingIsRequiredAndTheSimpleRuleStandsAlone() throws IOException {
        assertRefused(TLS0_PTR, tls -> tls.remove("netconf-server-parameters"), TLS0,
                "TLS needs a cert-to-name mapping (RFC 7589 section 7)");
        assertRefused(MAPPINGS0_PTR, mappings -> mappings.withArray("cert-to-name").addObject().put("id", 2)
                        .put("map-type", "ietf-x509-cert-to-name:common-name"),
                TLS0 + "/netconf-server-parameters/client-identity-mappings/cert-to-name[0]/map-type",
                "give it as the only cert-to-name entry");
        assertRefused(MAPPINGS0_PTR + "/cert-to-name/0", entry -> entry.put("name", "nms"),
                TLS0 + "/netconf-server-parameters/client-identity-mappings/cert-to-name[0]/map-type",
                "with id and map-type alone");
        assertRefused(MAPPINGS0_PTR, mappings -> mappings.put("mapping-required", true),
                TLS0 + "/netconf-server-parameters/client-identity-mappings/mapping-required",
                "TLS always requires a mapping");
    }

    @Test
    void aSpecifiedNameMustBeAnAccount() throws IOException {
        assertRefused(MAPPINGS0_PTR + "/cert-to-name/0", entry -> entry.put("map-type",
                "ietf-x509-cert-to-name:specified").put("name", "ghost"),
                TLS0 + "/netconf-server-parameters", "which is not an account");
    }

    @Test
    void endpointsOfOneDeviceShareItsKeyAndAccounts() throws IOException {
        String json = TlsCallHomeJson.write(TlsConfigSamples.nonTrivial());
        JsonNode tree = JSON.readTree(json);
        ((ObjectNode) tree.at(CLIENT_PTR + "/endpoints/endpoint/1/tls/tls-server-parameters/server-identity"
                + "/certificate")).put("callhome-device-tls:private-key-file", "/other-key.pem");

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> TlsCallHomeJson.parse(JSON.writeValueAsString(tree), "device-tls.json"));
        assertEquals(CLIENT + "/endpoints/endpoint[1]/tls", e.location(), e.getMessage());
        assertTrue(e.problem().contains("differ from those at " + TLS0), e.problem());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("absent.json");
        IOException e = assertThrows(IOException.class, () -> TlsCallHomeJson.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
