package org.callhome.nms.reversessh;

import java.util.function.Function;
import org.apache.sshd.client.kex.DHGClient;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.kex.KeyExchange;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.session.Session;

/**
 * MINA's client key exchange for the NMS's SSH client on a socket it <em>accepted</em>, without
 * MINA's own check of a host certificate. That check ({@code DHGClient.verifyCertificate}) matches
 * the certificate's principals against the address the client connected to, which on a call-home
 * socket is the device's own IP and port: RFC 8071 forbids identifying a device by its address, and
 * a device's certificate names its id, not where it happens to call from. Everything else it checks
 * is checked, stricter, by the NMS's server key verifier, which sees the certificate as the session's
 * server key ({@link ReverseSshAcceptor}, {@code DeviceCertificateCheck}: CA, signature, revocation,
 * type, validity, critical options, one principal). The exchange hash is still signed with the key
 * the certificate certifies and verified by MINA, so the device proves it holds that key.
 *
 * <p>Group exchange ({@code DHGEXClient}) has no certificate branch to replace and is not in the
 * policy's key exchanges; {@link #FACTORY} refuses it rather than let it slip in unchecked.
 */
final class AcceptedSocketKeyExchange extends DHGClient {

    /** For {@code SshPolicy.applyTo(client, FACTORY)}. */
    static final Function<DHFactory, KeyExchangeFactory> FACTORY = AcceptedSocketKeyExchange::factory;

    private AcceptedSocketKeyExchange(DHFactory factory, Session session) {
        super(factory, session);
    }

    private static KeyExchangeFactory factory(DHFactory dh) {
        if (dh.isGroupExchange()) {
            throw new IllegalArgumentException("key exchange " + dh.getName() + " is a group exchange, which the NMS "
                    + "does not offer on call-home sockets");
        }
        return new KeyExchangeFactory() {
            @Override
            public String getName() {
                return dh.getName();
            }

            @Override
            public KeyExchange createKeyExchange(Session session) {
                return new AcceptedSocketKeyExchange(dh, session);
            }
        };
    }

    /** Deliberately nothing: the server key verifier decides on the certificate (see the class comment). */
    @Override
    protected void verifyCertificate(Session session, OpenSshCertificate certificate) {
        // the principal names the device; matching it against the connect address would identify it by address
    }
}
