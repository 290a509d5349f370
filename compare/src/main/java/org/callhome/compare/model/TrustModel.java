package org.callhome.compare.model;

import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.text.WireNamed;
import org.callhome.shared.text.WireNames;

/**
 * How the two sides of a run know each other: each peer's key pinned one by one, or keys vouched
 * for by a certificate authority. Every strategy is run, configured, attacked and measured under
 * each trust model asked for (--trust) that applies to it ({@link #appliesTo}): tls has no
 * OpenSSH certificates. In tls, pinned keys means each side holds the other's own certificate,
 * signed by its own key (the NMS approves each device's key, each device holds the NMS's
 * certificate as the one that may issue its client certificate), and x509 the same CAs as RFC 6187
 * with the extended key usages of TLS (serverAuth for a device, clientAuth for the NMS).
 */
public enum TrustModel implements WireNamed {

    /**
     * Every peer key pinned where it is checked: the NMS holds each device's key (a known device in
     * reverse-ssh, an account's key in device-ssh-client), each device the NMS's key.
     */
    PINNED("pinned", "pinned keys"),

    /**
     * OpenSSH certificates: devices present certificates of a device CA the NMS trusts (RFC 8071
     * C6: the device id is the certificate's principal), the NMS presents certificates of an NMS CA
     * the devices trust ({@code cert-authority} in authorized_keys, {@code @cert-authority} in
     * known_hosts).
     */
    OPENSSH_CERT("openssh-cert", "OpenSSH certificates"),

    /**
     * X.509 certificates in SSH (RFC 6187): devices present certificate chains of an X.509 device CA
     * the NMS trusts ({@code --device-ca} with its PEM certificate; the device id is the subject's
     * serialNumber, else its CN), with the extended key usage of their SSH role
     * ({@code id-kp-secureShellServer} for a host, {@code id-kp-secureShellClient} for a login); the
     * NMS presents chains of an X.509 NMS CA the devices trust (its PEM certificate as the NMS
     * account's file, or as the NMS host's trust file).
     */
    X509("x509", "X.509 certificates");

    private final String wireName;
    private final String title;

    TrustModel(String wireName, String title) {
        this.wireName = wireName;
        this.title = title;
    }

    /** The name on the command line (--trust), in results.json and in table headers. */
    @Override
    public String wireName() {
        return wireName;
    }

    /** The name in headings and sentences, e.g. "OpenSSH certificates". */
    public String title() {
        return title;
    }

    /**
     * Whether {@code strategy} can run under this trust model: every one but OpenSSH certificates
     * under tls, which has no SSH key to certify.
     */
    public boolean appliesTo(CallHomeStrategy strategy) {
        return !(this == OPENSSH_CERT && strategy == CallHomeStrategy.TLS);
    }

    /** Why {@code strategy} does not run under this trust model, for a report or a refusal; empty when it does. */
    public String whyNot(CallHomeStrategy strategy) {
        return appliesTo(strategy) ? "" : "TLS peers present X.509 certificates (RFC 8446, RFC 7589); an "
                + "OpenSSH certificate certifies an SSH key and exists in SSH only";
    }

    public static TrustModel fromWireName(String name) {
        return WireNames.lookup(TrustModel.class, name, "trust model");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
