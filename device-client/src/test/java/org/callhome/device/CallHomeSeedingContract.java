package org.callhome.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.callhome.device.datastore.AfterReply;
import org.callhome.device.datastore.RunningDatastore;
import org.callhome.device.netconf.DeviceNetconfServer;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.xml.XmlTree;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * What every strategy's call-home tree in running does across restarts: the flags seed it, an
 * edit survives a restart with the same flags, and other flags seed it again while the rest of
 * running stays. A strategy's test implements the agent's start and stop, its data folder and
 * where its tree names the port.
 */
interface CallHomeSeedingContract {

    String SYSTEM_NS = "urn:example:system";
    Duration WAIT = Duration.ofSeconds(30);

    /** Starts the agent with flags that call {@code port}. */
    void start(int port) throws IOException;

    void stop() throws IOException;

    /** The device's data folder. */
    Path dataFolder();

    /** The one {@code remote-port} leaf of running's call-home tree, in {@code data}. */
    Element remotePortLeaf(Element data);

    /** Running's content, read from the data folder. */
    default Element running() throws IOException {
        return RunningDatastore.readIn(dataFolder());
    }

    /** The port running's call-home tree names. */
    default String remotePort(Element data) {
        return XmlTree.text(remotePortLeaf(data));
    }

    /**
     * Edits running, with no agent up, as another process on the folder would: the endpoint calls
     * {@code port}, and example-system's hostname is "edited".
     */
    default void editRunning(int port) throws Exception {
        ExecutorService workers = Executors.newSingleThreadExecutor();
        try (DeviceNetconfServer server = new DeviceNetconfServer(dataFolder(), NetconfLimits.DEFAULT, workers)) {
            server.running().modify(RunningDatastore.DEVICE, AfterReply.NOW, current -> {
                remotePortLeaf(current).setTextContent(Integer.toString(port));
                Element system = current.getOwnerDocument().createElementNS(SYSTEM_NS, "system");
                XmlTree.append(system, SYSTEM_NS, "hostname", "edited");
                current.appendChild(system);
                return current;
            });
        } finally {
            workers.shutdownNow();
        }
    }

    /** The element {@code names} lead to below {@code from}, each in {@code namespace}; fails the test if one is missing. */
    static Element descend(Element from, String namespace, String... names) {
        Element at = from;
        for (String name : names) {
            at = XmlTree.child(at, namespace, name);
            assertNotNull(at, "no " + name + " in the tree of " + namespace);
        }
        return at;
    }

    /** The one {@code name} child of {@code parent}; fails the test unless there is exactly one. */
    static Element only(Element parent, String namespace, String name) {
        List<Element> found = XmlTree.children(parent, namespace, name);
        assertEquals(1, found.size());
        return found.get(0);
    }

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
