package org.callhome.device.devicessh;

import java.util.List;
import org.apache.sshd.client.kex.DHGClient;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.kex.KeyExchange;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.session.Session;

/**
 * The device's key exchanges: MINA's own ({@code DHGClient}), except that a host certificate is
 * judged by the device's host key verifier alone ({@link NmsHostKeys#verify}), which runs right
 * after the key exchange, before the device sends anything about itself. MINA 2.20 would check
 * the certificate first ({@code DHGClient.verifyCertificate}: type, validity, CA signature, no
 * critical option, a principal matching the connect host) and end the key exchange on the first
 * failure with its own message; the device could then neither say which of its checks failed nor,
 * as OpenSSH does, take a certificate of a CA it does not pin for the key it certifies. The
 * verifier makes every one of MINA's checks and more (the CA must be pinned, nothing revoked).
 * The signature over the exchange is still MINA's to verify, with the certified key.
 */
final class HostCertificateKex {

    private HostCertificateKex() {
    }

    /**
     * The same key exchanges, in the same order, as {@code policy}, which must be elliptic-curve
     * Diffie-Hellman ones ({@code SshPolicy.KEY_EXCHANGES}).
     *
     * @throws IllegalStateException for a key exchange that is not one of MINA's Diffie-Hellman ones
     */
    static List<KeyExchangeFactory> of(List<KeyExchangeFactory> policy) {
        return policy.stream().map(factory -> wrap(factory.getName())).toList();
    }

    private static KeyExchangeFactory wrap(String name) {
        DHFactory dh = BuiltinDHFactories.resolveFactory(name);
        if (dh == null || dh.isGroupExchange()) {
            throw new IllegalStateException("key exchange '" + name + "' is not a fixed-group Diffie-Hellman one;"
                    + " its host certificate checks could not be left to the device's verifier");
        }
        return new KeyExchangeFactory() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public KeyExchange createKeyExchange(Session session) throws Exception {
                return new DHGClient(dh, session) {
                    @Override
                    protected void verifyCertificate(Session s, OpenSshCertificate certificate) {
                        // judged by NmsHostKeys.verify, the host key verifier, with the reason it gives
                    }
                };
            }
        };
    }
}
