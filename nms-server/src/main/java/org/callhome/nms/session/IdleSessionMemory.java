package org.callhome.nms.session;

import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * What an idle SSH session of the NMS holds, set on each strategy's MINA client or server before
 * it starts. An NMS holds thousands of sessions that are mostly quiet, so a buffer kept per session
 * costs thousands of times its size.
 */
public final class IdleSessionMemory {

    /**
     * MINA's NIO2 transport keeps one read buffer per session, for the session's life, and a read
     * is always pending on it: 32 KiB by default. 8 KiB still takes a typical NETCONF reply in one
     * read; a larger SSH packet takes a few (MINA decodes across reads).
     */
    public static final int NIO2_READ_BUFFER_BYTES = 8 * 1024;

    private IdleSessionMemory() {
    }

    public static void applyTo(FactoryManager manager) {
        CoreModuleProperties.NIO2_READ_BUFFER_SIZE.set(manager, NIO2_READ_BUFFER_BYTES);
    }
}
