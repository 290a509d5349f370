package org.callhome.nms.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hazelcast configuration a node runs with: made of the flags, or read from --cluster-config. */
class NmsClusterConfigTest {

    @TempDir
    Path dir;

    @Test
    void theFlagsMakeStaticDiscoveryOnTheOneAddressGivenWithAFastFailureDetection() throws IOException {
        Config config = NmsCluster.config(new ClusterSettings("lab", "127.0.0.1", 5711,
                List.of("127.0.0.1:5711", "127.0.0.1:5712"), Optional.empty(), "n1"));
        assertEquals("lab", config.getClusterName());
        assertEquals(5711, config.getNetworkConfig().getPort());
        assertFalse(config.getNetworkConfig().isPortAutoIncrement());
        assertFalse(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertTrue(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
        assertEquals(List.of("127.0.0.1:5711", "127.0.0.1:5712"),
                config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertEquals("false", config.getProperty("hazelcast.socket.bind.any"));
        assertEquals(String.valueOf(NmsCluster.MAX_NO_HEARTBEAT_SECONDS),
                config.getProperty("hazelcast.max.no.heartbeat.seconds"));
        assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
        // Vert.x's own maps keep their backups
        assertEquals(1, config.getMapConfig("__vertx.nodeInfo").getBackupCount());
    }

    @Test
    void aConfigurationFileReplacesTheFlagsAndABrokenOneIsNamed() throws IOException {
        Path yaml = Files.writeString(dir.resolve("hazelcast.yaml"), """
                hazelcast:
                  cluster-name: from-file
                  network:
                    port:
                      port: 5799
                      auto-increment: false
                """);
        Config config = NmsCluster.config(new ClusterSettings("ignored", "127.0.0.1", 5701, List.of(),
                Optional.of(yaml), "n1"));
        assertEquals("from-file", config.getClusterName());
        assertEquals(5799, config.getNetworkConfig().getPort());
        assertEquals("slf4j", config.getProperty("hazelcast.logging.type"));

        Path broken = Files.writeString(dir.resolve("broken.xml"), "<hazelcast><network><port>x</port>");
        IOException refused = assertThrows(IOException.class, () -> NmsCluster.config(new ClusterSettings("c",
                "127.0.0.1", 5701, List.of(), Optional.of(broken), "n1")));
        assertTrue(refused.getMessage().startsWith("--cluster-config " + broken + ": not a Hazelcast configuration"),
                refused.getMessage());
    }
}
