package org.callhome.device.callhome;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.callhome.shared.config.CallHomeJson;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceCallHomeConfig;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceTlsCallHomeConfig;
import org.callhome.shared.config.InvalidConfigException;
import org.callhome.shared.config.TlsCallHomeJson;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * How a strategy's call-home configuration reads and writes as RFC 7951 JSON of
 * ietf-netconf-server: the strategy's own reader and writer in shared's config package, the only
 * place that says what the tree means. reverse-ssh has ssh endpoints, tls has tls endpoints;
 * device-ssh-client has no ietf-netconf-server tree and keeps its configuration in flags and files.
 */
public enum CallHomeFormat {

    /** ssh endpoints with the callhome-device-ssh additions. */
    REVERSE_SSH {
        @Override
        public String write(Config config) {
            return CallHomeJson.write(new DeviceCallHomeConfig(List.of(config.callHome()), config.ssh()));
        }

        @Override
        public Config read(String json, String source) throws InvalidConfigException {
            DeviceCallHomeConfig parsed = CallHomeJson.parse(json, source);
            return new Config(one(parsed.clients(), source), parsed.ssh());
        }
    },

    /** tls endpoints with the callhome-device-tls additions. */
    TLS {
        @Override
        public String write(Config config) {
            return TlsCallHomeJson.write(new DeviceTlsCallHomeConfig(List.of(config.callHome()), config.ssh()));
        }

        @Override
        public Config read(String json, String source) throws InvalidConfigException {
            DeviceTlsCallHomeConfig parsed = TlsCallHomeJson.parse(json, source);
            return new Config(one(parsed.clients(), source), parsed.device());
        }
    };

    /**
     * What the device calls home with: the NMS it calls (the dialer's part) and what it offers
     * that NMS (key, certificate, accounts, revocation list, cert-to-name mappings).
     */
    public record Config(CallHomeSettings callHome, DeviceSshSettings ssh) {
        public Config {
            Objects.requireNonNull(callHome, "callHome");
            Objects.requireNonNull(ssh, "ssh");
        }
    }

    /** The format of {@code strategy}'s configuration; empty for device-ssh-client. */
    public static Optional<CallHomeFormat> of(CallHomeStrategy strategy) {
        return switch (strategy) {
            case REVERSE_SSH -> Optional.of(REVERSE_SSH);
            case TLS -> Optional.of(TLS);
            case DEVICE_SSH_CLIENT -> Optional.empty();
        };
    }

    /** The JSON document of {@code config}, as {@code --print-config} writes it. */
    public abstract String write(Config config);

    /**
     * Reads a JSON document with the strategy's reader.
     *
     * @throws InvalidConfigException what the reader refuses, at its place in the tree; also a
     *                                tree of more than one NMS, as the device calls one
     */
    public abstract Config read(String json, String source) throws InvalidConfigException;

    private static CallHomeSettings one(List<CallHomeSettings> clients, String source) throws InvalidConfigException {
        if (clients.size() != 1) {
            throw new InvalidConfigException(source, "/ietf-netconf-server:netconf-server/call-home/netconf-client",
                    "has " + clients.size() + " NMSs (netconf-client entries); the device calls one");
        }
        return clients.get(0);
    }
}
