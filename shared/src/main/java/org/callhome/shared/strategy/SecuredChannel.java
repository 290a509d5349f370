package org.callhome.shared.strategy;

import java.util.Objects;
import java.util.function.Consumer;
import org.callhome.shared.netconf.session.ByteReceiver;
import org.callhome.shared.netconf.session.Transport;

/**
 * What each half of every strategy delivers: an authenticated, bidirectional byte channel for
 * NETCONF, and the facts of how it was secured. The layer above starts its NETCONF engine (the
 * server role on a device, the client role on the NMS) on {@code transport} and then calls
 * {@link #attach} so that bytes start flowing into it.
 *
 * @param openedNanos {@link System#nanoTime()} when the connection under the channel was established
 *                    (TCP accepted or connected), so handshake durations can be measured above
 */
public record SecuredChannel(Transport transport, Consumer<ByteReceiver> attach, SecurityFacts facts,
                             long openedNanos) {

    public SecuredChannel {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(attach, "attach");
        Objects.requireNonNull(facts, "facts");
    }

    /** Starts delivering the peer's bytes to {@code receiver}. */
    public void attach(ByteReceiver receiver) {
        attach.accept(receiver);
    }
}
