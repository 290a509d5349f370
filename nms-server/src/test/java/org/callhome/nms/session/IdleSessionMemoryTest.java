package org.callhome.nms.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.Test;

/** The NMS's MINA client and server keep an 8 KiB read buffer per session instead of MINA's 32 KiB. */
class IdleSessionMemoryTest {

    @Test
    void mina32KiBDefaultIsWhatTheSettingReplaces() {
        assertEquals(32 * 1024, CoreModuleProperties.NIO2_READ_BUFFER_SIZE.getRequired(SshServer.setUpDefaultServer()));
    }

    @Test
    void setsTheReadBufferOfClientAndServer() {
        SshServer server = SshServer.setUpDefaultServer();
        SshClient client = SshClient.setUpDefaultClient();
        IdleSessionMemory.applyTo(server);
        IdleSessionMemory.applyTo(client);
        assertEquals(8 * 1024, CoreModuleProperties.NIO2_READ_BUFFER_SIZE.getRequired(server));
        assertEquals(8 * 1024, CoreModuleProperties.NIO2_READ_BUFFER_SIZE.getRequired(client));
    }
}
