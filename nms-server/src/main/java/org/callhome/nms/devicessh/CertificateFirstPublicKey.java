package org.callhome.nms.devicessh;

import java.security.PublicKey;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.session.ServerSession;

/**
 * MINA's public-key login, with a device's certificate put to the NMS before MINA looks at it. MINA
 * refuses a host certificate offered as a login, an expired one or one whose CA signature fails
 * before any authenticator is asked, and says nothing of why; asked first, {@link DeviceAccounts}
 * reports each refusal with its precise reason ({@code wrong-certificate-type}, {@code expired},
 * {@code bad-signature}, ...). A certificate the NMS takes then goes through MINA's checks as usual,
 * which ask the authenticator again; a plain key goes straight to them. Runs on MINA I/O threads.
 */
final class CertificateFirstPublicKey extends UserAuthPublicKey {

    private final DeviceAccounts accounts;

    private CertificateFirstPublicKey(DeviceAccounts accounts) {
        this.accounts = accounts;
    }

    /** The login method of a server whose device logins {@code accounts} decides. */
    static UserAuthPublicKeyFactory factory(DeviceAccounts accounts) {
        return new UserAuthPublicKeyFactory() {
            @Override
            public UserAuthPublicKey createUserAuth(ServerSession session) {
                return new CertificateFirstPublicKey(accounts);
            }
        };
    }

    @Override
    public Boolean doAuth(Buffer buffer, boolean init) throws Exception {
        PublicKey offered = offeredKey(buffer);
        if (offered instanceof OpenSshCertificate && !accounts.authenticate(getUsername(), offered,
                getServerSession())) {
            return Boolean.FALSE;
        }
        return super.doAuth(buffer, init);
    }

    /**
     * The key of a publickey request ({@code boolean has-signature, string algorithm, string key-blob},
     * RFC 4252 §7), read without consuming it; null when it does not parse, which MINA then reports.
     */
    private static PublicKey offeredKey(Buffer buffer) {
        int start = buffer.rpos();
        try {
            buffer.getBoolean();
            buffer.getString();
            return buffer.getPublicKey();
        } catch (SshException | RuntimeException malformed) {
            return null;
        } finally {
            buffer.rpos(start);
        }
    }
}
