package org.callhome.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.callhome.shared.netconf.xml.XmlTree;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * What every strategy's call-home tree in running does across restarts: the flags seed it, an
 * edit survives a restart with the same flags, and other flags seed it again while the rest of
 * running stays. A strategy's test implements the agent's start and stop, its edit of the tree
 * (which also sets example-system's hostname to "edited") and where its tree names the port.
 */
interface CallHomeSeedingContract {

    String SYSTEM_NS = "urn:example:system";
    Duration WAIT = Duration.ofSeconds(30);

    /** Starts the agent with flags that call {@code port}. */
    void start(int port) throws IOException;

    void stop() throws IOException;

    /** Edits running, with no agent up, to call {@code port}, and sets the hostname to "edited". */
    void editRunning(int port) throws Exception;

    /** Running's content, read from the data folder. */
    Element running() throws IOException;

    /** The port running's call-home tree names. */
    String remotePort(Element data);

    /** Waits for the device's call on {@code listener} and closes it, so the device may call again. */
    static void awaitCall(ServerSocket listener) throws IOException {
        listener.setSoTimeout((int) WAIT.toMillis());
        Socket call = listener.accept();
        call.close();
    }

    static ServerSocket listener() throws IOException {
        return new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    private static String hostname(Element data) {
        return XmlTree.text(XmlTree.child(XmlTree.child(data, SYSTEM_NS, "system"), SYSTEM_NS, "hostname"));
    }

    @Test
    default void restartWithTheSameFlagsKeepsTheEditedTreeAndCallsWhereItSays() throws Exception {
        try (ServerSocket flags = listener(); ServerSocket edited = listener()) {
            start(flags.getLocalPort());
            awaitCall(flags);
            stop();
            editRunning(edited.getLocalPort());

            start(flags.getLocalPort());
            awaitCall(edited);
            Element content = running();
            assertEquals(Integer.toString(edited.getLocalPort()), remotePort(content), "running's tree won");
            assertEquals("edited", hostname(content));
        }
    }

    @Test
    default void restartWithOtherFlagsSeedsAgainAndKeepsTheRestOfRunning() throws Exception {
        try (ServerSocket first = listener(); ServerSocket edited = listener(); ServerSocket second = listener()) {
            start(first.getLocalPort());
            awaitCall(first);
            stop();
            editRunning(edited.getLocalPort());

            start(second.getLocalPort());
            awaitCall(second);
            Element content = running();
            assertEquals(Integer.toString(second.getLocalPort()), remotePort(content), "the new flags' tree");
            assertEquals("edited", hostname(content), "running's other content is kept");
        }
    }
}
