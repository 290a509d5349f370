package org.callhome.device.datastore;

/**
 * Where work caused by a change of running waits for the reply to the RPC that made the change:
 * closing the connection that carried the RPC must not overtake its reply. The RPC handler
 * collects the work and hands it to the session, which runs it once the reply is sent.
 */
@FunctionalInterface
public interface AfterReply {

    /** For changes no RPC waits on (the device's own, another process's): the work runs at once. */
    AfterReply NOW = Runnable::run;

    /** Runs {@code action} once the reply was sent, or at once when there is none to wait for. */
    void add(Runnable action);
}
