package org.callhome.device.devicessh;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.sshd.client.channel.ChannelSubsystem;

/**
 * The session channel the device opens to the NMS, with the NMS's answer to the subsystem request
 * (sent with want-reply, RFC 4254 §6.5). MINA's open future completes at channel confirmation,
 * before that answer, and a refused subsystem only logs a warning; the device waits for the
 * answer so that a refused subsystem is a failed attempt, and so that its NETCONF hello goes only
 * into a channel the NMS has attached to its subsystem.
 */
final class SubsystemChannel extends ChannelSubsystem {

    private final CompletableFuture<Boolean> accepted = new CompletableFuture<>();

    SubsystemChannel(String subsystem) {
        super(subsystem);
        // the answer never comes if the channel closes first
        addCloseFutureListener(closed -> accepted.complete(false));
    }

    /** Completes (on a MINA I/O thread) with true when the NMS accepted the subsystem, false otherwise. */
    CompletionStage<Boolean> accepted() {
        return accepted;
    }

    @Override
    public void handleSuccess() throws IOException {
        super.handleSuccess();
        accepted.complete(true);
    }

    @Override
    public void handleFailure() throws IOException {
        super.handleFailure();
        accepted.complete(false);
    }
}
