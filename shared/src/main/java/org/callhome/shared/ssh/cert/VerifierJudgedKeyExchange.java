package org.callhome.shared.ssh.cert;

import java.util.function.Function;
import org.apache.sshd.client.kex.DHGClient;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.kex.KeyExchange;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.session.Session;

/**
 * MINA's client key exchange without MINA's own check of a host certificate, for every SSH client
 * of the project: a host certificate is judged by the client's server key verifier alone, which
 * sees it as the session's server key and gives its own reason.
 *
 * <p>Why: MINA's check ({@code DHGClient.verifyCertificate}) matches the certificate's principals
 * against the address the client connected to. On the NMS's call-home socket, which it accepted,
 * that is the device's own IP and port, and RFC 8071 forbids identifying a device by its address:
 * the NMS's verifier takes the device id from the principal instead. On the device, the verifier
 * matches the principals against the NMS host name it dialed, as OpenSSH does, and keeps a pinned
 * plain key working against an NMS that also presents a certificate. Either verifier checks CA,
 * signature, revocation, type, validity and critical options itself. The exchange hash is still
 * signed with the key the certificate certifies and verified by MINA, so the peer proves it holds
 * that key.
 *
 * <p>Group exchange ({@code DHGEXClient}) has no certificate branch to replace and is not in the
 * policy's key exchanges; {@link #FACTORY} refuses it rather than let it slip in unchecked.
 */
public final class VerifierJudgedKeyExchange extends DHGClient {

    /** For {@code SshPolicy.applyTo(client, FACTORY)}. */
    public static final Function<DHFactory, KeyExchangeFactory> FACTORY = VerifierJudgedKeyExchange::factory;

    private VerifierJudgedKeyExchange(DHFactory factory, Session session) {
        super(factory, session);
    }

    private static KeyExchangeFactory factory(DHFactory dh) {
        if (dh.isGroupExchange()) {
            throw new IllegalArgumentException("key exchange " + dh.getName() + " is a group exchange, whose host "
                    + "certificate check cannot be left to the server key verifier");
        }
        return new KeyExchangeFactory() {
            @Override
            public String getName() {
                return dh.getName();
            }

            @Override
            public KeyExchange createKeyExchange(Session session) {
                return new VerifierJudgedKeyExchange(dh, session);
            }
        };
    }

    /** Deliberately nothing: the server key verifier decides on the certificate (see the class comment). */
    @Override
    protected void verifyCertificate(Session session, OpenSshCertificate certificate) {
        // judged by the client's server key verifier, never against the connect address
    }
}
