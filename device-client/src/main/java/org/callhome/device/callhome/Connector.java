package org.callhome.device.callhome;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.callhome.shared.config.Endpoint;

/**
 * What the dialer needs from a call-home strategy (reverse-ssh, device-ssh-client, a plain TCP
 * stand-in in tests): open a connection to an endpoint, far enough that the NMS can use it.
 * Where a connection is "up" (TCP connected, SSH keys exchanged, user authenticated) is the
 * strategy's choice; the dialer only counts attempts and times.
 */
public interface Connector {

    /**
     * Starts connecting and returns at once; the stage completes on any thread.
     *
     * @param maxWait how long the attempt may take; the connector should give up by then. The
     *                dialer enforces it anyway: when it fails the attempt it cancels the stage
     *                (a connector can react to that to abort its handshake), and it closes a
     *                connection that arrives later.
     */
    CompletionStage<Connection> connect(Endpoint endpoint, Duration maxWait);
}
