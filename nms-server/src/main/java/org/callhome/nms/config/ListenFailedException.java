package org.callhome.nms.config;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import org.callhome.shared.strategy.SecurityFacts;

/**
 * One of the NMS's listeners could not bind its address: the port is taken, the address is not
 * one of this host's, or the port is privileged. Says which listener and address, and the reason
 * in plain words with what to do, so that the command line can put its own option in front.
 */
public final class ListenFailedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What listens where. */
    public enum Listener {
        CALL_HOME("reverse-ssh call home"),
        DEVICE_SSH("device-ssh-client SSH server"),
        TLS_CALL_HOME("tls call home"),
        HTTP("HTTP API"),
        BOOTSTRAP("zero-touch bootstrap server");

        private final String description;

        Listener(String description) {
            this.description = description;
        }
    }

    private final Listener listener;
    private final String reason;

    private ListenFailedException(Listener listener, InetSocketAddress address, String reason, Throwable cause) {
        super(listener.description + " cannot listen on " + SecurityFacts.addressOf(address) + ": " + reason, cause);
        this.listener = listener;
        this.reason = reason;
    }

    /** The failure as a ListenFailedException if a bind failure caused it, else unchanged. */
    public static Exception explain(Listener listener, InetSocketAddress address, Exception failure) {
        Objects.requireNonNull(listener, "listener");
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            // Netty's native transport says "bind(..) failed: Address already in use" without a BindException
            if (cause instanceof BindException || message.startsWith("bind(")) {
                return new ListenFailedException(listener, address, reason(message), failure);
            }
        }
        return failure;
    }

    public Listener listener() {
        return listener;
    }

    /** Why, and what to do, such as {@code address already in use; stop the program that listens there or ...}. */
    public String reason() {
        return reason;
    }

    private static String reason(String message) {
        String system = message.substring(message.lastIndexOf(": ") + 1).strip().toLowerCase(Locale.ROOT);
        return switch (system) {
            case "address already in use" -> system + "; stop the program that listens there or choose another port";
            case "cannot assign requested address" ->
                    "not an address of this host; give one of its addresses, or 0.0.0.0 for all of them";
            case "permission denied" ->
                    "permission denied; ports below 1024 need privileges: choose a port from 1024 up";
            default -> system.isEmpty() ? "cannot bind" : system;
        };
    }
}
