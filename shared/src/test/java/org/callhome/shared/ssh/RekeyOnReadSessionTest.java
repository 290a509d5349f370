package org.callhome.shared.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.kex.KexState;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.core.CoreModuleProperties;
import org.callhome.testsupport.polling.Eventually;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A thread that writes past a re-key limit leaves the re-key to the thread reading the session,
 * which starts it with the next packet it reads from the peer: so a re-key is never negotiated
 * on a writing thread while the reading thread handles the peer's key exchange packets. Real MINA
 * client and server on loopback; only the writing side has a small byte limit, so the peer never
 * starts a re-key itself.
 */
class RekeyOnReadSessionTest {

    private static final long LIMIT_BYTES = 64 * 1024;
    private static final int IGNORE_BYTES = 8 * 1024;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aWriterPastTheByteLimitLeavesTheRekeyToTheReader(boolean clientWrites) throws Exception {
        AtomicInteger writerKeyExchanges = new AtomicInteger();
        SessionListener counter = new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.KeyEstablished) {
                    writerKeyExchanges.incrementAndGet();
                }
            }
        };
        try (LoopbackSsh ssh = LoopbackSsh.start(server -> {
            if (!clientWrites) {
                CoreModuleProperties.REKEY_BYTES_LIMIT.set(server, LIMIT_BYTES);
                server.addSessionListener(counter);
            }
        })) {
            SshClient client = ssh.client(c -> {
                if (clientWrites) {
                    CoreModuleProperties.REKEY_BYTES_LIMIT.set(c, LIMIT_BYTES);
                    c.addSessionListener(counter);
                }
            });
            ClientSession clientSession = ssh.connectAndAuthenticate(client);
            Session serverSession = ssh.server.getActiveSessions().get(0);
            Session writer = clientWrites ? clientSession : serverSession;
            Class<?> policySession = clientWrites ? RekeyOnReadClientSession.class : RekeyOnReadServerSession.class;
            assertTrue(policySession.isInstance(writer), "SshPolicy's session: " + writer.getClass());
            // a round trip, so that whatever the server sent after the login has been read
            roundTrip(clientSession);
            // and the writer's reading thread done with the last packet: its check after a packet would
            // rightly start the re-key once the loop below has passed the limit
            Eventually.until(LoopbackSsh.WAIT, () -> !handlingPacket(writer),
                    () -> "the writer's reading thread done with its last packet");
            int before = writerKeyExchanges.get();

            for (long sent = 0; sent <= 2 * LIMIT_BYTES; sent += IGNORE_BYTES) {
                writer.sendIgnoreMessage(new byte[IGNORE_BYTES]);
            }
            assertEquals(KexState.DONE, writer.getKexState(), "no key exchange started by the writing thread");
            assertEquals(before, writerKeyExchanges.get(), "no key exchange completed");

            // the writer reads the next packet from its peer: the request (server) or its reply (client)
            roundTrip(clientSession);
            Eventually.until(LoopbackSsh.WAIT, () -> writerKeyExchanges.get() > before,
                    () -> "a re-key once the writer read a packet; key exchanges: " + writerKeyExchanges.get());
            roundTrip(clientSession);
            assertTrue(clientSession.isOpen() && serverSession.isOpen(), "the session lives on");
        }
    }

    private static boolean handlingPacket(Session session) {
        return session instanceof RekeyOnReadClientSession client ? client.handlingPacket()
                : ((RekeyOnReadServerSession) session).handlingPacket();
    }

    /** A global request the server answers (RFC 4254 §4): OpenSSH's client keepalive, with a reply. */
    private static void roundTrip(ClientSession session) throws Exception {
        String name = "keepalive@openssh.com";
        Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, name.length() + Byte.SIZE);
        request.putString(name);
        request.putBoolean(true);
        session.request(name, request, LoopbackSsh.WAIT);
    }
}
