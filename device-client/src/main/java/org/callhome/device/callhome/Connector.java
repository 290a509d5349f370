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
     *                dialer enforces it anyway: when it fails the attempt it cancels the stage, and
     *                the connector must then close whatever it opened for the attempt, at whatever
     *                stage its handshake is, so that no session the dialer does not know of lives
     *                on (a stalled NMS would otherwise run NETCONF on it later); the dialer also
     *                closes a connection that arrives after it gave up.
     */
    CompletionStage<Connection> connect(Endpoint endpoint, Duration maxWait);
}
