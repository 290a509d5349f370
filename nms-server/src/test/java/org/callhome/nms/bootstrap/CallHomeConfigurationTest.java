package org.callhome.nms.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.callhome.nms.config.NmsSettings;
import org.callhome.shared.config.CallHomeYang;
import org.callhome.shared.config.DeviceSshClientConfig;
import org.callhome.shared.config.DeviceSshClientJson;
import org.callhome.shared.config.DeviceSshClientSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.DeviceTlsCallHomeConfig;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.Keepalives;
import org.callhome.shared.config.TlsCallHomeJson;
import org.callhome.shared.config.TlsCallHomeYang;
import org.callhome.shared.ssh.AuthorizedKeys;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509TrustFile;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.testing.RepositoryFiles;
import org.callhome.shared.testing.Yanglint;
import org.callhome.shared.x509.CertToName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CallHomeConfigurationTest {

    private static final X509Lab X509 = new X509Lab();
    private static final X509Lab.Issued NMS_ROOT = X509.root("nms-root").issue();

    static final CallHomeConfiguration CONFIGURATIONS = configurations(
            new ConveyedTrust.PinnedKey(SshKeys.generateEd25519().getPublic()),
            new ConveyedTrust.PinnedKey(SshKeys.generateEd25519().getPublic()));

    /** The NMS's login and host key, trusted by a CA each, as the three trust models convey them. */
    static Stream<Arguments> trustModels() {
        return Stream.of(Arguments.of("pinned", CONFIGURATIONS),
                Arguments.of("openssh-cert", configurations(new ConveyedTrust.OpenSshCa(SshKeys.generateEd25519()
                        .getPublic()), new ConveyedTrust.OpenSshCa(SshKeys.generateEd25519().getPublic()))),
                Arguments.of("x509", configurations(new ConveyedTrust.X509Anchor(NMS_ROOT.certificate()),
                        new ConveyedTrust.X509Anchor(NMS_ROOT.certificate()))));
    }

    /** The NMS serving the three strategies; tls devices told to trust the root of its TLS chain. */
    private static CallHomeConfiguration configurations(ConveyedTrust login, ConveyedTrust host) {
        return new CallHomeConfiguration(new CallHomeConfiguration.Nms("nms.example.net", Optional.of(4334),
                Optional.of(login), "nms", Optional.of(8322), Optional.of(host), "netconf-device@callhome.invalid",
                Keepalives.DEFAULT, Optional.of(new CallHomeConfiguration.TlsClient(4335, "nms-1",
                        new ConveyedTrust.X509Anchor(NMS_ROOT.certificate())))));
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("trustModels")
    void reverseSshConfigurationValidatesAgainstTheModules(String model, CallHomeConfiguration configurations)
            throws Exception {
        Yanglint.requireAvailable();
        Path file = Files.write(dir.resolve("reverse.json"), configurations.forDevice("SN-1",
                CallHomeStrategy.REVERSE_SSH));
        Yanglint.assertValid(withSztpModule(CallHomeYang.yanglintCommand(RepositoryFiles.ietfYang(),
                RepositoryFiles.projectYang(), file)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trustModels")
    void deviceSshClientConfigurationValidatesAgainstTheModules(String model, CallHomeConfiguration configurations)
            throws Exception {
        Yanglint.requireAvailable();
        Path file = Files.write(dir.resolve("device-ssh.json"), configurations.forDevice("SN-1",
                CallHomeStrategy.DEVICE_SSH_CLIENT));
        Yanglint.assertValid(withSztpModule(CallHomeYang.deviceSshClientCommand(RepositoryFiles.ietfYang(),
                RepositoryFiles.projectYang(), file)));
    }

    @Test
    void reverseSshDevicesTrustAnOpenSshCaOfTheNmsLoginByACertAuthorityLine() throws Exception {
        PublicKey ca = SshKeys.generateEd25519().getPublic();
        AuthorizedKeys keys = AuthorizedKeys.load(conveyedFile(configurations(new ConveyedTrust.OpenSshCa(ca),
                new ConveyedTrust.OpenSshCa(ca)), CallHomeStrategy.REVERSE_SSH, CallHomeConfiguration.NMS_AUTHORIZED_KEYS_FILE));
        assertEquals(List.of(), keys.keys());
        assertEquals(1, keys.certAuthorities().size());
        assertEquals(SshKeys.toOpenSsh(ca), SshKeys.toOpenSsh(keys.certAuthorities().get(0).key()));
        // no principals option: as sshd reads it, the certificate must name the account, "nms"
        assertEquals(List.of(), keys.certAuthorities().get(0).principals());
    }

    @Test
    void reverseSshDevicesTrustTheX509AnchorOfTheNmsLoginAsAPemCaFile() throws Exception {
        CallHomeConfiguration configurations = configurations(new ConveyedTrust.X509Anchor(NMS_ROOT.certificate()),
                new ConveyedTrust.X509Anchor(NMS_ROOT.certificate()));
        X509Authorities authorities = X509Authorities.load(conveyedFile(configurations, CallHomeStrategy.REVERSE_SSH,
                CallHomeConfiguration.NMS_AUTHORIZED_KEYS_FILE));
        assertEquals(List.of(NMS_ROOT.certificate()), authorities.all().stream()
                .map(authority -> authority.certificate()).toList());
    }

    @Test
    void deviceSshClientDevicesTrustAnOpenSshCaOfTheNmsHostKeyForTheAddressTheyCall() throws Exception {
        PublicKey ca = SshKeys.generateEd25519().getPublic();
        CallHomeConfiguration configurations = configurations(new ConveyedTrust.OpenSshCa(ca),
                new ConveyedTrust.OpenSshCa(ca));
        Path file = conveyedFile(configurations, CallHomeStrategy.DEVICE_SSH_CLIENT,
                CallHomeConfiguration.NMS_HOST_KEY_FILE);
        assertEquals("@cert-authority nms.example.net " + SshKeys.toOpenSsh(ca) + " nms-host-ca\n",
                Files.readString(file));
        JsonObject json = configurations.json("SN-1", CallHomeStrategy.DEVICE_SSH_CLIENT);
        json.remove("callhome-sztp:conveyed-files");
        DeviceSshClientSettings client = DeviceSshClientJson.read(Files.writeString(dir.resolve("device.json"),
                json.encode())).clients().get(0);
        assertEquals(DeviceSshClientSettings.HostKeyFormat.KNOWN_HOSTS, client.nmsHostKeyFormat());
    }

    @Test
    void deviceSshClientDevicesTrustTheX509AnchorOfTheNmsHostKeyAsAPemCaFile() throws Exception {
        CallHomeConfiguration configurations = configurations(new ConveyedTrust.X509Anchor(NMS_ROOT.certificate()),
                new ConveyedTrust.X509Anchor(NMS_ROOT.certificate()));
        X509Authorities authorities = X509Authorities.load(conveyedFile(configurations,
                CallHomeStrategy.DEVICE_SSH_CLIENT, CallHomeConfiguration.NMS_HOST_KEY_FILE));
        assertEquals(1, authorities.all().size());
        assertEquals(NMS_ROOT.certificate(), authorities.all().get(0).certificate());
    }

    @Test
    void theNmsConveysTheTopOfItsX509ChainThenItsOpenSshCaThenItsKey() {
        KeyPair key = X509Lab.ec("secp256r1");
        X509Lab.Issued leaf = X509.device(NMS_ROOT, "nms").key(key).issue();
        KeyPair x509 = X509PublicKey.keyPair(key, List.of(leaf.certificate(), NMS_ROOT.certificate()));
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        assertEquals(new ConveyedTrust.X509Anchor(NMS_ROOT.certificate()), ConveyedTrust.ofLogin(
                new NmsSettings.ReverseSsh(any, KnownDevices.of(Map.of()), key, "nms", false, Optional.empty(),
                        Optional.of(x509))));
        assertEquals(new ConveyedTrust.X509Anchor(NMS_ROOT.certificate()), ConveyedTrust.ofHost(
                new NmsSettings.DeviceSsh(any, key, KnownDevices.of(Map.of()), "netconf-device@callhome.invalid",
                        Optional.empty(), List.of(leaf.certificate(), NMS_ROOT.certificate()))));
        // a chain without its CA names no anchor: the plain key is conveyed, which the NMS offers too
        assertEquals(new ConveyedTrust.PinnedKey(key.getPublic()), ConveyedTrust.ofHost(
                new NmsSettings.DeviceSsh(any, key, KnownDevices.of(Map.of()), "netconf-device@callhome.invalid",
                        Optional.empty(), List.of(leaf.certificate()))));
        assertEquals(new ConveyedTrust.PinnedKey(key.getPublic()), ConveyedTrust.ofLogin(
                new NmsSettings.ReverseSsh(any, KnownDevices.of(Map.of()), key, "nms", false)));
    }

    @Test
    void deviceSshClientLogsInWithItsSerialAndPinsTheNmsHostKey() {
        JsonObject json = CONFIGURATIONS.json("SN-1", CallHomeStrategy.DEVICE_SSH_CLIENT);
        JsonObject endpoint = json.getJsonObject("callhome-device-ssh-client:device-ssh-client")
                .getJsonObject("netconf-clients").getJsonArray("netconf-client").getJsonObject(0)
                .getJsonObject("endpoints").getJsonArray("endpoint").getJsonObject(0);
        assertEquals("SN-1", endpoint.getJsonObject("ssh-client-parameters").getJsonObject("client-identity")
                .getString("username"));
        assertEquals(8322, endpoint.getJsonObject("tcp-client-parameters").getInteger("remote-port"));
        JsonObject file = json.getJsonObject("callhome-sztp:conveyed-files").getJsonArray("file").getJsonObject(0);
        assertEquals(CallHomeConfiguration.NMS_HOST_KEY_FILE, file.getString("path"));
    }

    @Test
    void deviceSshClientConfigurationIsOneTheDeviceReadsWithTheBindAccountAsAdmin() throws Exception {
        JsonObject json = CONFIGURATIONS.json("SN-1", CallHomeStrategy.DEVICE_SSH_CLIENT);
        json.remove("callhome-sztp:conveyed-files");
        DeviceSshClientConfig config = DeviceSshClientJson.read(Files.writeString(dir.resolve("device.json"),
                json.encode()));
        DeviceSshClientSettings client = config.clients().get(0);
        assertEquals(Optional.of("SN-1"), client.username());
        assertEquals(Path.of(CallHomeConfiguration.DEVICE_IDEVID_KEY_FILE), client.identityFile());
        assertEquals(Optional.of(Path.of(CallHomeConfiguration.DEVICE_IDEVID_CERT_FILE)),
                client.identityCertificateFile());
        assertEquals(Path.of(CallHomeConfiguration.NMS_HOST_KEY_FILE), client.nmsHostKeyFile());
        assertEquals("nms", client.bindAccount());
        assertEquals(List.of(new Account("nms", Role.ADMIN, Optional.empty())), config.accounts());
    }

    @Test
    void tlsConfigurationValidatesAgainstTheModules() throws Exception {
        Yanglint.requireAvailable();
        Path file = Files.write(dir.resolve("tls.json"), CONFIGURATIONS.forDevice("SN-1", CallHomeStrategy.TLS));
        Yanglint.assertValid(withSztpModule(TlsCallHomeYang.yanglintCommand(RepositoryFiles.ietfYang(),
                RepositoryFiles.projectYang(), file)));
    }

    /**
     * The device's --config reads it: the IDevID (copied by the device) as its TLS key and chain, the
     * NMS at its tls port, one admin account named as the NMS's certificate names it, whose file
     * holds the CA the NMS's chain ends in; no cert-to-name mapping, the simple rule names it.
     */
    @Test
    void tlsConfigurationIsOneTheDeviceReadsWithItsIdevidAndOneAdminAccountForTheNms() throws Exception {
        JsonObject json = CONFIGURATIONS.json("SN-1", CallHomeStrategy.TLS);
        JsonObject file = json.getJsonObject("callhome-sztp:conveyed-files").getJsonArray("file").getJsonObject(0);
        assertEquals(CallHomeConfiguration.NMS_TLS_CERTIFICATE_FILE, file.getString("path"));
        json.remove("callhome-sztp:conveyed-files");
        DeviceTlsCallHomeConfig config = TlsCallHomeJson.read(Files.writeString(dir.resolve("tls.json"),
                json.encode()));
        assertEquals(List.of(new Endpoint("nms", "nms.example.net", 4335)), config.clients().get(0).endpoints());
        assertEquals(Path.of(CallHomeConfiguration.DEVICE_IDEVID_KEY_FILE), config.device().hostKeyFile());
        assertEquals(Optional.of(Path.of(CallHomeConfiguration.DEVICE_IDEVID_CERT_FILE)),
                config.device().hostCertificateFile());
        assertEquals(List.of(new Account("nms-1", Role.ADMIN,
                Optional.of(Path.of(CallHomeConfiguration.NMS_TLS_CERTIFICATE_FILE)))), config.device().accounts());
        assertEquals(CertToName.NONE, config.device().clientIdentityMappings());
        assertEquals(Keepalives.DEFAULT, config.clients().get(0).keepalives());
        X509Authorities authorities = X509Authorities.load(conveyedFile(CONFIGURATIONS, CallHomeStrategy.TLS,
                CallHomeConfiguration.NMS_TLS_CERTIFICATE_FILE));
        assertEquals(List.of(NMS_ROOT.certificate()), authorities.all().stream()
                .map(authority -> authority.certificate()).toList());
    }

    /** The account is the NMS certificate's subject serialNumber, else its CN; the CA is its chain's last. */
    @Test
    void tlsDevicesAreToldTheNmsAccountItsCertificateNamesAndTheCaItsChainEndsIn() {
        X509Lab.Issued intermediate = X509.intermediate(NMS_ROOT, "nms-issuing").issue();
        X509Lab.Issued bySerial = X509.device(intermediate, "nms-7").extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
        CallHomeConfiguration.TlsClient client = CallHomeConfiguration.TlsClient.of(tls(bySerial,
                intermediate.certificate(), NMS_ROOT.certificate()), 4335);
        assertEquals(new CallHomeConfiguration.TlsClient(4335, "nms-7",
                new ConveyedTrust.X509Anchor(NMS_ROOT.certificate())), client);
        X509Lab.Issued byName = X509.device(NMS_ROOT, null).subject("CN=nms").issue();
        assertEquals("nms", CallHomeConfiguration.TlsClient.of(tls(byName, NMS_ROOT.certificate()), 4335).account());
    }

    /**
     * An NMS whose chain is its certificate alone has no CA to convey: its devices pin that certificate
     * (ietf-tls-server's ee-certs, here the account's file), and the configuration still validates.
     */
    @Test
    void aTlsCertificateAloneIsPinnedByItsDevices() throws Exception {
        X509Lab.Issued selfSigned = X509.selfSigned("nms").extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
        CallHomeConfiguration.TlsClient client = CallHomeConfiguration.TlsClient.of(tls(selfSigned), 4335);
        assertEquals(new CallHomeConfiguration.TlsClient(4335, "nms",
                new ConveyedTrust.PinnedCertificate(selfSigned.certificate())), client);
        CallHomeConfiguration configurations = new CallHomeConfiguration(new CallHomeConfiguration.Nms(
                "nms.example.net", Optional.empty(), Optional.empty(), "nms", Optional.empty(), Optional.empty(),
                "netconf-device@callhome.invalid", Keepalives.DEFAULT, Optional.of(client)));

        X509TrustFile accepted = X509TrustFile.load(conveyedFile(configurations, CallHomeStrategy.TLS,
                CallHomeConfiguration.NMS_TLS_CERTIFICATE_FILE));

        assertEquals(List.of(selfSigned.certificate()), accepted.pins().all());
        assertTrue(accepted.authorities().all().isEmpty(), accepted.toString());
        Yanglint.requireAvailable();
        Path file = Files.write(dir.resolve("tls-pinned.json"), configurations.forDevice("SN-1",
                CallHomeStrategy.TLS));
        Yanglint.assertValid(withSztpModule(TlsCallHomeYang.yanglintCommand(RepositoryFiles.ietfYang(),
                RepositoryFiles.projectYang(), file)));
    }

    @Test
    void aTlsCertificateAloneThatIsACaCertificateIsNotConveyed() {
        X509Lab.Issued selfSignedCa = X509.root("nms").issue();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CallHomeConfiguration.TlsClient.of(tls(selfSignedCa), 4335));
        assertTrue(refused.getMessage().contains("which devices would pin, but"), refused.getMessage());
    }

    @Test
    void aTlsCertificateThatNamesNoAccountIsNotConveyed() {
        for (String subject : List.of("CN=NMS One", "O=Example", "CN=nms-a,CN=nms-b")) {
            X509Lab.Issued certificate = X509.device(NMS_ROOT, null).subject(subject).issue();
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> CallHomeConfiguration.TlsClient.of(tls(certificate, NMS_ROOT.certificate()), 4335));
            assertTrue(refused.getMessage().contains("names no account on a device"), refused.getMessage());
        }
    }

    @Test
    void conveysNoPrivateKey() {
        for (CallHomeStrategy strategy : CallHomeStrategy.values()) {
            String text = new String(CONFIGURATIONS.forDevice("SN-1", strategy), StandardCharsets.UTF_8);
            assertFalse(text.contains("PRIVATE KEY"), text);
        }
    }

    /** The NMS's tls settings with {@code certificate} and its issuers. */
    private static NmsSettings.Tls tls(X509Lab.Issued certificate, X509Certificate... issuers) {
        List<X509Certificate> chain = new ArrayList<>(List.of(certificate.certificate()));
        chain.addAll(List.of(issuers));
        return new NmsSettings.Tls(new InetSocketAddress("127.0.0.1", 0), certificate.keyPair(), chain);
    }

    /** The conveyed file at {@code path} of the configuration for {@code strategy}, written to a file. */
    private Path conveyedFile(CallHomeConfiguration configurations, CallHomeStrategy strategy, String path)
            throws Exception {
        JsonObject file = configurations.json("SN-1", strategy).getJsonObject("callhome-sztp:conveyed-files")
                .getJsonArray("file").getJsonObject(0);
        assertEquals(path, file.getString("path"));
        return Files.writeString(dir.resolve("conveyed-" + strategy.wireName()), file.getString("content"));
    }

    /** The command with the module of the conveyed files loaded too, before the data file. */
    static List<String> withSztpModule(List<String> command) {
        List<String> extended = new ArrayList<>(command);
        extended.add(extended.size() - 1, RepositoryFiles.projectYang().resolve("callhome-sztp@2026-12-05.yang")
                .toString());
        return extended;
    }
}
