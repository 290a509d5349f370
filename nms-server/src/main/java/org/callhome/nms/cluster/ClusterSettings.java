package org.callhome.nms.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node joins its cluster ({@code --cluster}).
 *
 * @param name       the cluster's name: nodes of another name never join this cluster
 * @param host       the address this node's Hazelcast member and event bus bind and announce, an IP address
 * @param port       Hazelcast's port on {@code host}
 * @param members    the members to find the others at, {@code host:port} each (static TCP-IP discovery)
 * @param configFile a Hazelcast configuration (XML or YAML) used instead of name, port and members
 * @param nodeName   how the API, the events and the metrics name this node
 */
public record ClusterSettings(String name, String host, int port, List<String> members, Optional<Path> configFile,
                              String nodeName) {

    /** Hazelcast's own default port. */
    public static final int DEFAULT_PORT = 5701;
    public static final String DEFAULT_NAME = "callhome";

    public ClusterSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        members = List.copyOf(members);
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(nodeName, "nodeName");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("cluster port " + port + " is not a TCP port");
        }
    }
}
