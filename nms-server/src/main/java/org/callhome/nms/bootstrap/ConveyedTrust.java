package org.callhome.nms.bootstrap;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.nms.config.NmsSettings;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a bootstrapped device is told to recognise one of the NMS's credentials (its login for
 * reverse-ssh, its host key for device-ssh-client, its TLS client certificate for tls): the key
 * itself, pinned; the OpenSSH CA that certified it; or the X.509 certificate at the top of the chain
 * the NMS presents, as the trust anchor. Taken from what the NMS itself presents, the strongest
 * first: an X.509 chain, then an OpenSSH certificate, then the plain key, as the NMS offers them in
 * that order. An X.509 chain of one certificate that its CA did not come with names no anchor, so the
 * next one is conveyed; in tls, where the NMS has nothing but its certificate, that certificate
 * itself is pinned. Conveying a CA means the NMS's key can be renewed without bootstrapping its
 * devices again.
 */
public sealed interface ConveyedTrust {

    Logger LOG = LoggerFactory.getLogger(ConveyedTrust.class);

    /** The trust model's name, as the comparison and {@code --trust} name it. */
    String model();

    /** The NMS's own key, pinned. */
    record PinnedKey(PublicKey key) implements ConveyedTrust {
        public PinnedKey {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String model() {
            return "pinned";
        }
    }

    /** The OpenSSH CA whose certificate the NMS presents. */
    record OpenSshCa(PublicKey ca) implements ConveyedTrust {
        public OpenSshCa {
            Objects.requireNonNull(ca, "ca");
        }

        @Override
        public String model() {
            return "openssh-cert";
        }
    }

    /**
     * The NMS's own TLS client certificate, pinned as an end entity (ietf-tls-server's
     * {@code ee-certs}): a tls device takes it whatever issued it, byte for byte.
     */
    record PinnedCertificate(X509Certificate certificate) implements ConveyedTrust {
        public PinnedCertificate {
            Objects.requireNonNull(certificate, "certificate");
        }

        @Override
        public String model() {
            return "pinned";
        }
    }

    /** The top certificate of the X.509 chain the NMS presents (RFC 6187, or TLS), as trust anchor. */
    record X509Anchor(X509Certificate anchor) implements ConveyedTrust {
        public X509Anchor {
            Objects.requireNonNull(anchor, "anchor");
        }

        @Override
        public String model() {
            return "x509";
        }
    }

    /** What a reverse-ssh device is to trust the NMS's login by. */
    public static ConveyedTrust ofLogin(NmsSettings.ReverseSsh reverse) {
        return strongest("--identity-cert", reverse.x509Identity().map(pair -> ((X509PublicKey) pair.getPublic())
                .chain()), reverse.identityCertificate().map(certified -> certified.certificate()),
                reverse.identity().getPublic());
    }

    /** What a device-ssh-client device is to trust the NMS's host key by. */
    public static ConveyedTrust ofHost(NmsSettings.DeviceSsh device) {
        return strongest("--host-cert", device.hostX509Chain().isEmpty() ? Optional.empty()
                : Optional.of(device.hostX509Chain()), device.hostCertificate(), device.hostKey().getPublic());
    }

    /**
     * What a tls device is to accept the NMS's TLS client certificate by: the top of its chain when
     * the chain holds the CA that issued it, else the certificate itself, pinned.
     */
    public static ConveyedTrust ofTlsClient(NmsSettings.Tls tls) {
        List<X509Certificate> chain = tls.chain();
        if (chain.size() > 1) {
            return new X509Anchor(chain.get(chain.size() - 1));
        }
        return new PinnedCertificate(chain.get(0));
    }

    private static ConveyedTrust strongest(String option, Optional<List<X509Certificate>> chain,
                                           Optional<OpenSshCertificate> certificate, PublicKey key) {
        Optional<X509Certificate> anchor = chain.map(certificates -> certificates.get(certificates.size() - 1))
                .filter(top -> chain.get().size() > 1
                        || top.getSubjectX500Principal().equals(top.getIssuerX500Principal()));
        if (anchor.isPresent()) {
            return new X509Anchor(anchor.get());
        }
        if (chain.isPresent()) {
            LOG.warn("the X.509 chain of {} holds no CA certificate, so bootstrapped devices are conveyed {}; append"
                    + " the issuing CA's certificate to that file to convey the CA instead", option,
                    certificate.isPresent() ? "its OpenSSH CA" : "its plain key");
        }
        return certificate.<ConveyedTrust>map(present -> new OpenSshCa(present.getCaPubKey()))
                .orElseGet(() -> new PinnedKey(key));
    }
}
