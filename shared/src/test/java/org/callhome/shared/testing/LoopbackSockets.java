package org.callhome.shared.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Two ends of a real TCP connection on 127.0.0.1, on a port the system picked. */
public record LoopbackSockets(Socket client, Socket server) implements AutoCloseable {

    public static LoopbackSockets open() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            Socket server = listener.accept();
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            return new LoopbackSockets(client, server);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
    }
}
