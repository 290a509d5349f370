package org.callhome.shared.config;

import java.util.List;
import java.util.Objects;

/**
 * A device's whole TLS call-home configuration file: the NMSs it calls and what it offers all of
 * them as TLS server. The device side is the record the SSH strategies use, read for TLS: its
 * {@code hostKeyFile} is the TLS key, its {@code hostCertificateFile} the X.509 chain (required),
 * its accounts' files the CA certificates that prove them, and its cert-to-name mappings replace
 * the simple rule when configured.
 *
 * @param clients the netconf-client entries, at least one, names unique
 * @param device  the device's key, chain, accounts, revocation list and cert-to-name mappings
 */
public record DeviceTlsCallHomeConfig(List<CallHomeSettings> clients, DeviceSshSettings device) {

    public DeviceTlsCallHomeConfig {
        clients = new DeviceCallHomeConfig(clients, device).clients();
        Objects.requireNonNull(device, "device");
        if (device.hostCertificateFile().isEmpty()) {
            throw new IllegalArgumentException("the device's X.509 certificate chain is needed: it is the TLS server");
        }
    }
}
