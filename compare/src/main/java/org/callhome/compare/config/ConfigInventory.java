package org.callhome.compare.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.callhome.compare.model.ConfigBurden;
import org.callhome.compare.model.ConfigItem;
import org.callhome.compare.model.ConfigItem.Kind;
import org.callhome.compare.model.ConfigItem.Origin;
import org.callhome.compare.model.ConfigItem.Side;
import org.callhome.device.DeviceAgent;
import org.callhome.nms.config.NmsSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.ssh.x509.trust.X509TrustFile;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The configuration burden of one strategy, read off the settings the run actually started its
 * devices and its NMS with. Each parameter is looked up in those objects and classified by what
 * its values are, not by a table:
 * <ul>
 * <li>secret: its value is a file that parses as a private key;</li>
 * <li>kind: a private key when secret; otherwise what the setting is for (an address, a name, a
 *     key pinned to recognise a peer, an account a key logs in to, a certificate, a CA key), noted
 *     where it is read; a trust file is a CA's when its lines carry OpenSSH's
 *     {@code cert-authority} marker or it holds PEM certificates (X.509 CAs, RFC 6187), and a
 *     certificate file in PEM is an X.509 chain;</li>
 * <li>unique per device: its values differ between the run's devices (on the NMS: a list with one
 *     entry per device);</li>
 * <li>origin: a device's own private key is generated on the device; every other device value
 *     has to be conveyed to it; the NMS's per-device keys and accounts are learned from the devices,
 *     while its expected device ids (--device-ids) are known before the devices call;</li>
 * <li>optional: the expected device ids, since the NMS works without them (any identity its CAs
 *     vouch for is then accepted).</li>
 * </ul>
 * A parameter that is absent from the settings (a strategy that does not use it) is not listed.
 */
public final class ConfigInventory {

    private ConfigInventory() {
    }

    /**
     * @param devices the settings every device of the run was started with (at least two, so that
     *                per-device values can be told from shared ones)
     * @param nms     the settings the NMS was started with
     */
    public static ConfigBurden of(CallHomeStrategy strategy, List<DeviceAgent.Settings> devices, NmsSettings nms)
            throws IOException {
        return of(strategy, devices, nms, 0);
    }

    /**
     * As above, for an NMS whose trust store held {@code approvedDevices} devices approved by key
     * through the API before they called: how a tls NMS pins devices, as it has no trust file.
     */
    public static ConfigBurden of(CallHomeStrategy strategy, List<DeviceAgent.Settings> devices, NmsSettings nms,
                                  int approvedDevices) throws IOException {
        if (devices.size() < 2) {
            throw new IllegalArgumentException("need at least two devices to tell per-device values from shared ones");
        }
        List<ConfigItem> items = new ArrayList<>();
        List<Parameter> device = new ArrayList<>();
        device.add(new Parameter("NMS address and port", Kind.ADDRESS,
                settings -> settings.callHome().endpoints().toString()));
        device.add(new Parameter("reconnect and keepalive settings", Kind.SETTINGS, settings ->
                settings.callHome().reconnect() + " " + settings.callHome().keepalives() + " "
                        + settings.callHome().connectionType()));
        DeviceAgent.Settings first = devices.get(0);
        if (strategy == CallHomeStrategy.TLS) {
            device.add(Parameter.file("device TLS key", Kind.PINNED_KEY, settings -> settings.ssh().hostKeyFile()));
            device.add(Parameter.file("device TLS certificate chain (PEM)", Kind.CERTIFICATE,
                    settings -> settings.ssh().hostCertificateFile().orElseThrow()));
            device.add(trustsCa(first.ssh().accounts())
                    ? new Parameter("NMS CA certificate trusted for the NMS's account (PEM account file)",
                            Kind.LOGIN_CA, settings -> authorizedKeys(settings.ssh().accounts()))
                    : new Parameter("pinned NMS client certificate (PEM account file, ee-certs)", Kind.LOGIN_ACCOUNT,
                            settings -> authorizedKeys(settings.ssh().accounts())));
            device.add(new Parameter("NETCONF account name and role (named by the NMS's client certificate)",
                    Kind.NAME, settings -> accounts(settings.ssh().accounts())));
        } else if (strategy == CallHomeStrategy.REVERSE_SSH) {
            device.add(Parameter.file("device SSH host key", Kind.PINNED_KEY,
                    settings -> settings.ssh().hostKeyFile()));
            if (first.ssh().hostCertificateFile().isPresent()) {
                boolean x509 = X509ChainFile.isPem(contentOf(first.ssh().hostCertificateFile().get()));
                device.add(Parameter.file(x509 ? "device X.509 host certificate chain (PEM)" : "device host certificate",
                        Kind.CERTIFICATE, settings -> settings.ssh().hostCertificateFile().orElseThrow()));
            }
            String authorizedKeys = authorizedKeys(first.ssh().accounts());
            device.add(X509ChainFile.isPem(authorizedKeys)
                    ? new Parameter("NMS CA certificate trusted for the NMS's account (PEM account file)",
                            Kind.LOGIN_CA, settings -> authorizedKeys(settings.ssh().accounts()))
                    : certificateAuthority(authorizedKeys)
                    ? new Parameter("NMS CA trusted for the NMS's account (cert-authority in authorized_keys)",
                            Kind.LOGIN_CA, settings -> authorizedKeys(settings.ssh().accounts()))
                    : new Parameter("NMS login key (authorized_keys of the NMS's account)", Kind.LOGIN_ACCOUNT,
                            settings -> authorizedKeys(settings.ssh().accounts())));
            device.add(new Parameter("NETCONF account name and role (the NMS's login)", Kind.NAME,
                    settings -> accounts(settings.ssh().accounts())));
        } else {
            device.add(Parameter.file("device login key", Kind.LOGIN_ACCOUNT,
                    settings -> settings.clientLogin().identityFile()));
            if (first.clientLogin().identityCertificateFile().isPresent()) {
                boolean x509 = X509ChainFile.isPem(contentOf(first.clientLogin().identityCertificateFile().get()));
                device.add(Parameter.file(x509 ? "device X.509 login certificate chain (PEM)"
                        : "device login certificate", Kind.CERTIFICATE,
                        settings -> settings.clientLogin().identityCertificateFile().orElseThrow()));
            }
            String nmsTrust = contentOf(first.clientLogin().nmsHostKeyFile());
            boolean x509Ca = X509ChainFile.isPem(nmsTrust);
            boolean nmsCa = x509Ca || certificateAuthority(nmsTrust);
            device.add(Parameter.file(x509Ca ? "NMS CA certificate (PEM)" : nmsCa
                    ? "NMS CA (@cert-authority in known_hosts)" : "pinned NMS host key",
                    nmsCa ? Kind.CA_KEY : Kind.PINNED_KEY, settings -> settings.clientLogin().nmsHostKeyFile()));
            device.add(new Parameter("login name on the NMS", Kind.NAME, settings -> settings.clientLogin().login()));
            device.add(new Parameter("subsystem name", Kind.NAME, settings -> settings.clientLogin().subsystem()));
            device.add(new Parameter("bind account name and role", Kind.NAME, settings ->
                    settings.clientLogin().bindAccount() + " " + accounts(settings.ssh().accounts())));
        }
        for (Parameter parameter : device) {
            Set<String> values = new HashSet<>();
            for (DeviceAgent.Settings settings : devices) {
                values.add(parameter.value().apply(settings));
            }
            boolean secret = parameter.keyFile() != null && isPrivateKey(parameter.keyFile().apply(devices.get(0)));
            items.add(new ConfigItem(Side.DEVICE, parameter.name(), secret ? Kind.PRIVATE_KEY : parameter.kind(),
                    secret, values.size() > 1,
                    secret ? Origin.GENERATED_ON_DEVICE : Origin.CONVEYED_TO_DEVICE, 1));
        }
        int n = devices.size();
        NmsSettings.DeviceCertificates certificates = nms.deviceCertificates();
        int deviceCas = certificates.authorities().map(cas -> cas.all().size()).orElse(0)
                + certificates.x509Authorities().map(cas -> cas.all().size()).orElse(0);
        String caForm = certificates.x509Authorities().isPresent() ? "--device-ca, PEM CA certificates" : "--device-ca";
        if (strategy == CallHomeStrategy.TLS) {
            items.add(nmsLocal("tls call-home listen address", Kind.ADDRESS));
            // the NMS is the TLS client: a device's key or CA opens nothing on the NMS
            if (approvedDevices > 0 || deviceCas == 0) {
                items.add(nmsList("trusted device keys (approved through the API)", Kind.PINNED_KEY, approvedDevices,
                        n));
            }
            if (deviceCas > 0) {
                items.add(nmsShared("device CAs whose certificates identify devices (" + caForm + ")", Kind.CA_KEY,
                        deviceCas));
            }
            items.add(nmsLocal("NMS TLS client key (private, for every device)", Kind.PRIVATE_KEY));
            items.add(nmsLocal("NMS TLS client certificate chain (--identity-cert, PEM), naming its account on "
                    + "the devices", Kind.CERTIFICATE));
        } else if (strategy == CallHomeStrategy.REVERSE_SSH) {
            NmsSettings.ReverseSsh reverse = nms.reverseSsh().orElseThrow();
            items.add(nmsLocal("call-home listen address", Kind.ADDRESS));
            // the NMS only checks these keys as the SSH client: none of them opens anything on the NMS
            int pinned = reverse.knownDevices().asMap().size();
            if (pinned > 0 || deviceCas == 0) {
                items.add(nmsList("trusted device host keys (known devices)", Kind.PINNED_KEY, pinned, n));
            }
            if (deviceCas > 0) {
                items.add(nmsShared("device CAs whose host certificates identify devices (" + caForm + ")",
                        Kind.CA_KEY, deviceCas));
            }
            items.add(nmsLocal("NMS login key (private, for every device)", Kind.PRIVATE_KEY));
            reverse.identityCertificate().ifPresent(certificate ->
                    items.add(nmsLocal("NMS user certificate (--identity-cert)", Kind.CERTIFICATE)));
            reverse.x509Identity().ifPresent(chain ->
                    items.add(nmsLocal("NMS X.509 user certificate chain (--identity-cert, PEM)", Kind.CERTIFICATE)));
            items.add(nmsLocal("NMS username on the devices", Kind.NAME));
        } else {
            NmsSettings.DeviceSsh deviceSsh = nms.deviceSsh().orElseThrow();
            items.add(nmsLocal("SSH server listen address", Kind.ADDRESS));
            items.add(nmsLocal("NMS SSH host key (private)", Kind.PRIVATE_KEY));
            deviceSsh.hostCertificate().ifPresent(certificate ->
                    items.add(nmsLocal("NMS host certificate (--host-cert)", Kind.CERTIFICATE)));
            if (!deviceSsh.hostX509Chain().isEmpty()) {
                items.add(nmsLocal("NMS X.509 host certificate chain (--host-cert, PEM)", Kind.CERTIFICATE));
            }
            // the NMS is the SSH server here: each entry is an account a device's key logs in to
            int accounts = deviceSsh.deviceAccounts().asMap().size();
            if (accounts > 0 || deviceCas == 0) {
                items.add(nmsList("device accounts (login name and login key)", Kind.LOGIN_ACCOUNT, accounts, n));
            }
            if (deviceCas > 0) {
                // every key such a CA certifies logs in: one value, as many logins as it signs
                items.add(nmsShared("device CAs whose user certificates log devices in (" + caForm + ")",
                        Kind.LOGIN_CA, deviceCas));
            }
            items.add(nmsLocal("subsystem name", Kind.NAME));
        }
        certificates.deviceIds().ifPresent(ids -> items.add(expectedIds(ids.size(), n)));
        return new ConfigBurden(strategy, n, items);
    }

    /** Values set up on the NMS once for every device: {@code values} of them. */
    private static ConfigItem nmsShared(String name, Kind kind, int values) {
        return new ConfigItem(Side.NMS, name, kind, false, false, Origin.NMS_LOCAL, values);
    }

    /**
     * The ids the NMS expects (--device-ids, RFC 8071 C6): one per device, known before the device
     * calls (a serial number, a name in an order) rather than learned from it, and optional: without
     * it, any identity a trusted CA vouches for is accepted.
     */
    private static ConfigItem expectedIds(int entries, int devices) {
        if (entries < devices) {
            throw new IllegalStateException("expected device ids: " + entries + " for " + devices + " devices");
        }
        return new ConfigItem(Side.NMS, "expected device ids (--device-ids)", Kind.NAME, false, true,
                Origin.NMS_LOCAL, entries, true);
    }

    /**
     * Whether a tls device's account files trust a CA, as the device reads them ({@link X509TrustFile}),
     * rather than pin the NMS's own certificate alone.
     */
    private static boolean trustsCa(List<Account> accounts) throws IOException {
        for (Account account : accounts) {
            if (account.authorizedKeysFile().isPresent()
                    && !X509TrustFile.load(account.authorizedKeysFile().get()).authorities().all().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Whether an authorized_keys or known_hosts text trusts a CA rather than keys (OpenSSH's markers). */
    private static boolean certificateAuthority(String trustFile) {
        return trustFile.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .anyMatch(line -> line.split("\\s+", 2)[0].contains("cert-authority"));
    }

    /** One value set up on the NMS by its operator; secret when it is the NMS's private key. */
    private static ConfigItem nmsLocal(String name, Kind kind) {
        return new ConfigItem(Side.NMS, name, kind, kind == Kind.PRIVATE_KEY, false, Origin.NMS_LOCAL, 1);
    }

    /** A list on the NMS with one entry per device; checked against the run's device count. */
    private static ConfigItem nmsList(String name, Kind kind, int entries, int devices) {
        if (entries < devices) {
            throw new IllegalStateException(name + ": " + entries + " entries for " + devices + " devices");
        }
        return new ConfigItem(Side.NMS, name, kind, false, true, Origin.LEARNED_FROM_DEVICE, entries);
    }

    private static String accounts(List<Account> accounts) {
        StringBuilder text = new StringBuilder();
        accounts.forEach(account -> text.append(account.name()).append(':').append(account.role().wireName()).append(' '));
        return text.toString().strip();
    }

    private static String authorizedKeys(List<Account> accounts) {
        StringBuilder text = new StringBuilder();
        accounts.forEach(account -> account.authorizedKeysFile().ifPresent(file -> text.append(contentOf(file))));
        return text.toString();
    }

    /**
     * A parameter of the device's settings: what kind of value it is, how to read it, and its file
     * if it is one ({@code kind} is for the file's public form: one that parses as a private key is
     * a private key whatever is said here).
     */
    private record Parameter(String name, Kind kind, Function<DeviceAgent.Settings, String> value,
                             Function<DeviceAgent.Settings, Path> keyFile) {
        Parameter(String name, Kind kind, Function<DeviceAgent.Settings, String> value) {
            this(name, kind, value, null);
        }

        static Parameter file(String name, Kind kind, Function<DeviceAgent.Settings, Path> file) {
            return new Parameter(name, kind, settings -> contentOf(file.apply(settings)), file);
        }
    }

    /** A file's content: what a parameter's value really is. */
    private static String contentOf(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + " of the run's configuration", e);
        }
    }

    private static boolean isPrivateKey(Path file) {
        try {
            SshKeys.loadPrivateKey(file);
            return true;
        } catch (IOException | RuntimeException notAPrivateKey) {
            return false;
        }
    }
}
