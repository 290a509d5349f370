package org.callhome.shared.ssh.cert;

import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.Comparator;
import java.util.function.Function;
import org.apache.sshd.client.kex.DHGClient;
import org.apache.sshd.client.session.AbstractClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.kex.KeyExchange;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

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
 * <p>Host key algorithms MINA cannot read at all, such as RFC 6187's {@code x509v3-*}, come in
 * through the client's signature factories: when the factory of the negotiated host key algorithm
 * is also a {@link HostKeyReader}, this exchange reads K_S with it, verifies the server's signature
 * of the exchange hash with the key it read (through that factory's signature), and makes that key
 * the session's server key, for the verifier to judge like any other. A client that lists no such
 * factory negotiates exactly as before. Such a host key cannot be combined with a key exchange that
 * encapsulates a key (the post-quantum hybrids, which the policy leaves out): MINA keeps that part of
 * the exchange to itself.
 *
 * <p>Group exchange ({@code DHGEXClient}) has no certificate branch to replace and is not in the
 * policy's key exchanges; {@link #FACTORY} refuses it rather than let it slip in unchecked.
 */
public final class VerifierJudgedKeyExchange extends DHGClient {

    /** For {@code SshPolicy.applyTo(client, FACTORY)}. */
    public static final Function<DHFactory, KeyExchangeFactory> FACTORY = VerifierJudgedKeyExchange::factory;

    /**
     * A signature factory that also reads the host key blob of its algorithm, for a host key
     * algorithm MINA's own key parser does not know (see the class comment).
     */
    public interface HostKeyReader {

        /**
         * The server's host key from K_S, as the session's server key: what the server key verifier
         * is handed, and what the factory's signatures verify with.
         *
         * @param hostKeyBlob K_S as received: the key blob, its algorithm name first
         * @throws InvalidKeySpecException if the blob cannot be read, saying why in words safe to log
         */
        PublicKey readHostKey(byte[] hostKeyBlob) throws InvalidKeySpecException;
    }

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

    /** MINA's exchange, or ours for the reply of a server whose host key a {@link HostKeyReader} reads. */
    @Override
    public boolean next(int cmd, Buffer buffer) throws Exception {
        AbstractClientSession session = getClientSession();
        String algorithm = session.getNegotiatedKexParameter(KexProposalOption.SERVERKEYS);
        NamedFactory<Signature> signatures = NamedResource.findByName(algorithm, Comparator.naturalOrder(),
                session.getSignatureFactories());
        if (cmd == SshConstants.SSH_MSG_KEXDH_REPLY && signatures instanceof HostKeyReader reader) {
            return readReply(session, algorithm, signatures, reader, buffer);
        }
        return super.next(cmd, buffer);
    }

    /**
     * SSH_MSG_KEXDH_REPLY (RFC 4253 §8, RFC 5656 §4): {@code string K_S, string f, string signature};
     * the shared secret, the exchange hash H over {@code V_C, V_S, I_C, I_S, K_S, e, f, K}, and the
     * server's signature of H checked with the host key read from K_S.
     */
    private boolean readReply(AbstractClientSession session, String algorithm, NamedFactory<Signature> signatures,
                              HostKeyReader reader, Buffer buffer) throws Exception {
        if (dh.getKeyEncapsulation() != null) {
            throw new SshException(SshConstants.SSH2_DISCONNECT_KEY_EXCHANGE_FAILED, "key exchange " + getName()
                    + " encapsulates a key, which cannot be combined with host key algorithm " + algorithm);
        }
        byte[] hostKeyBlob = buffer.getBytes();
        byte[] f = updateF(buffer);
        byte[] signature = buffer.getBytes();
        dh.setF(f);
        k = normalize(dh.getK());

        PublicKey serverKey;
        try {
            serverKey = reader.readHostKey(hostKeyBlob);
        } catch (InvalidKeySpecException e) {
            throw new SshException(SshConstants.SSH2_DISCONNECT_KEY_EXCHANGE_FAILED, "the server's " + algorithm
                    + " host key cannot be read: " + e.getMessage(), e);
        }

        Buffer hashed = new ByteArrayBuffer();
        hashed.putBytes(v_c);
        hashed.putBytes(v_s);
        hashed.putBytes(i_c);
        hashed.putBytes(i_s);
        hashed.putBytes(hostKeyBlob);
        dh.putE(hashed, getE());
        dh.putF(hashed, f);
        hashed.putBytes(k);
        hash.update(hashed.array(), 0, hashed.available());
        h = hash.digest();

        Signature verifier = signatures.create();
        verifier.initVerifier(session, serverKey);
        verifier.update(session, h);
        if (!verifier.verify(session, signature)) {
            throw new SshException(SshConstants.SSH2_DISCONNECT_KEY_EXCHANGE_FAILED, "the server's signature of the "
                    + "key exchange does not verify with its " + algorithm + " host key");
        }
        session.setServerKey(serverKey);
        return true;
    }
}
