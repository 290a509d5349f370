package org.callhome.shared.ssh.x509;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.UserAuthFactory;
import org.apache.sshd.client.auth.pubkey.PublicKeyAuthenticationReporter;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.kex.extension.DefaultClientKexExtensionHandler;
import org.apache.sshd.common.kex.extension.parser.HostBoundPubkeyAuthentication;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.GenericUtils;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * MINA's client {@code publickey} login (RFC 4252 §7), able to log in with an RFC 6187 certificate
 * chain: an identity whose public half is an {@link X509PublicKey} is offered under its
 * {@code x509v3-*} algorithm with the blob as its key, as MINA does by itself once the algorithm's
 * signature factory is known (this login knows the four, for itself only: the session's host key
 * algorithms stay as they are). What MINA cannot do is taken over here for such an identity: read the
 * server's SSH_MSG_USERAUTH_PK_OK, whose key MINA's parser does not know, and name the signature by
 * the base algorithm (RFC 6187 §3), where MINA writes the {@code x509v3-*} name. Other identities go
 * through MINA's code unchanged.
 */
final class X509UserAuthClient extends UserAuthPublicKey {

    /** A client's {@code publickey} login with this class. */
    static final UserAuthFactory FACTORY = new UserAuthPublicKeyFactory() {
        @Override
        public UserAuthPublicKey createUserAuth(ClientSession session) {
            return new X509UserAuthClient();
        }
    };

    private X509UserAuthClient() {
    }

    /** Puts this login in place of {@code client}'s {@code publickey} method (first, if it had none). */
    static void installOn(SshClient client) {
        List<UserAuthFactory> methods = new ArrayList<>(GenericUtils.isEmpty(client.getUserAuthFactories())
                ? SshClient.DEFAULT_USER_AUTH_FACTORIES : client.getUserAuthFactories());
        int at = 0;
        while (at < methods.size() && !NAME.equals(methods.get(at).getName())) {
            at++;
        }
        if (at == methods.size()) {
            methods.add(0, FACTORY);
        } else {
            methods.set(at, FACTORY);
        }
        client.setUserAuthFactories(methods);
    }

    /** The session's signature factories, then the X.509 ones it lacks: for choosing and making login signatures. */
    @Override
    public void init(ClientSession session, String service) throws Exception {
        List<NamedFactory<Signature>> factories = new ArrayList<>(GenericUtils.isEmpty(session.getSignatureFactories())
                ? List.of() : session.getSignatureFactories());
        Set<String> known = factories.stream().map(NamedResource::getName).collect(Collectors.toSet());
        X509Signature.FACTORIES.stream().filter(factory -> !known.contains(factory.getName())).forEach(factories::add);
        setSignatureFactories(factories);
        super.init(session, service);
    }

    /** The server's answer to a query: MINA reads it, except for a chain, which is signed for here. */
    @Override
    protected boolean processAuthDataRequest(ClientSession session, String service, Buffer buffer) throws Exception {
        KeyPair identity = current == null ? null : current.getKeyIdentity();
        if (identity == null || !(identity.getPublic() instanceof X509PublicKey key)) {
            return super.processAuthDataRequest(session, service, buffer);
        }
        int cmd = buffer.getUByte();
        if (cmd != SshConstants.SSH_MSG_USERAUTH_PK_OK) {
            throw new SshException("expected SSH_MSG_USERAUTH_PK_OK for the " + key.getKeyType() + " chain, got "
                    + SshConstants.getCommandMessageName(cmd));
        }
        buffer.getString();
        byte[] blob = key.encodedBlob();
        if (!Arrays.equals(buffer.getBytes(), blob)) {
            throw new SshException("the server acknowledged another key than the " + key.getKeyType() + " chain offered");
        }

        String method = getName();
        PublicKey serverKey = null;
        Integer hostBound = session.getAttribute(DefaultClientKexExtensionHandler.HOSTBOUND_AUTHENTICATION);
        if (hostBound != null && hostBound == 0) {
            method = HostBoundPubkeyAuthentication.AUTH_NAME;
            serverKey = session.getServerKey();
        }
        Buffer request = new ByteArrayBuffer();
        request.putString(session.getUsername());
        request.putString(service);
        request.putString(method);
        request.putBoolean(true);
        request.putString(chosenAlgorithm);
        request.putBytes(blob);
        if (serverKey != null) {
            request.putPublicKey(serverKey);
        }
        byte[] body = request.getCompactData();

        Buffer signed = new ByteArrayBuffer();
        signed.putBytes(session.getSessionId());
        signed.putByte(SshConstants.SSH_MSG_USERAUTH_REQUEST);
        signed.putRawBytes(body);
        Map.Entry<String, byte[]> signature = current.sign(session, chosenAlgorithm, signed.getCompactData());
        Buffer signatureBlob = new ByteArrayBuffer();
        signatureBlob.putString(key.x509Algorithm().signatureName());
        signatureBlob.putBytes(signature.getValue());

        Buffer packet = session.createBuffer(SshConstants.SSH_MSG_USERAUTH_REQUEST);
        packet.putRawBytes(body);
        packet.putBytes(signatureBlob.getCompactData());
        PublicKeyAuthenticationReporter reporter = session.getPublicKeyAuthenticationReporter();
        if (reporter != null) {
            reporter.signalSignatureAttempt(session, service, identity, chosenAlgorithm, signature.getValue());
        }
        setCancellable(false);
        session.writePacket(packet);
        return true;
    }
}
