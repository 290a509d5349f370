package org.callhome.nms.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's place in its cluster: the Hazelcast cluster manager Vert.x runs on, this node's id
 * and name, and who else is in. A member that leaves (stopped, or killed: its sockets close) is
 * reported to {@link #onMemberLeft} listeners as soon as Hazelcast sees it gone, at most its
 * heartbeat timeout ({@link #MAX_NO_HEARTBEAT_SECONDS}) later.
 */
public final class NmsCluster {

    /** How long a member may be silent before the others take it for dead (Hazelcast's default is 60). */
    public static final int MAX_NO_HEARTBEAT_SECONDS = 5;
    /** Where Vert.x's Hazelcast cluster manager keeps a member's Vert.x node id. */
    static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
    private static final Logger LOG = LoggerFactory.getLogger(NmsCluster.class);

    private final ClusterSettings settings;
    private final HazelcastClusterManager manager;
    private final List<Consumer<String>> leftListeners = new CopyOnWriteArrayList<>();
    private Vertx vertx;

    private NmsCluster(ClusterSettings settings, HazelcastClusterManager manager) {
        this.settings = settings;
        this.manager = manager;
    }

    /**
     * The cluster manager for {@code settings}, not yet joined: Vert.x joins it when it builds a
     * clustered instance ({@link #joined}).
     *
     * @throws IOException naming the configuration file when it cannot be read
     */
    public static NmsCluster of(ClusterSettings settings) throws IOException {
        return new NmsCluster(settings, new HazelcastClusterManager(config(settings)));
    }

    /** The Hazelcast configuration of {@code settings}: the file's, or static TCP-IP discovery on the flags. */
    static Config config(ClusterSettings settings) throws IOException {
        Config config;
        if (settings.configFile().isPresent()) {
            try {
                config = Config.loadFromFile(settings.configFile().get().toFile());
            } catch (IOException | RuntimeException e) {
                throw new IOException("--cluster-config " + settings.configFile().get() + ": not a Hazelcast "
                        + "configuration (XML or YAML): " + e.getMessage(), e);
            }
        } else {
            // Vert.x's own configuration first: it sets the backups of the maps the event bus lives on
            config = ConfigUtil.loadConfig();
            config.setClusterName(settings.name());
            NetworkConfig network = config.getNetworkConfig().setPort(settings.port()).setPortAutoIncrement(false);
            network.getInterfaces().setEnabled(true).addInterface(settings.host());
            JoinConfig join = network.getJoin();
            join.getMulticastConfig().setEnabled(false);
            join.getAutoDetectionConfig().setEnabled(false);
            TcpIpConfig tcp = join.getTcpIpConfig().setEnabled(true);
            settings.members().forEach(tcp::addMember);
            if (settings.members().isEmpty()) {
                tcp.addMember(settings.host() + ":" + settings.port());
            }
            // bind the one address given, not every interface
            config.setProperty("hazelcast.socket.bind.any", "false");
            config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
            config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
            config.setProperty("hazelcast.wait.seconds.before.join", "1");
        }
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // the NMS leaves the cluster itself when it stops; Hazelcast's own hook would leave before the NMS closes
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        return config;
    }

    public HazelcastClusterManager manager() {
        return manager;
    }

    /** Called once Vert.x has joined the cluster: membership is watched from now on. */
    public void joined(Vertx clustered) {
        this.vertx = clustered;
        manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                LOG.info("cluster: node {} ({}) joined", nodeIdOf(event.getMember()), event.getMember().getAddress());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String left = nodeIdOf(event.getMember());
                LOG.warn("cluster: node {} ({}) left", left, event.getMember().getAddress());
                if (left != null) {
                    leftListeners.forEach(listener -> listener.accept(left));
                }
            }
        });
        LOG.info("cluster '{}': this node is {} ({}, {}), {} member(s)", name(), settings.nodeName(), nodeId(),
                manager.getHazelcastInstance().getCluster().getLocalMember().getAddress(), members().size());
    }

    public Vertx vertx() {
        return vertx;
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** The cluster's name, as Hazelcast runs it (--cluster-name, or the name --cluster-config gives). */
    public String name() {
        return manager.getConfig().getClusterName();
    }

    /** This node's id in the cluster: Vert.x's node id (not Hazelcast's member id). */
    public String nodeId() {
        return manager.getNodeId();
    }

    public String nodeName() {
        return settings.nodeName();
    }

    /**
     * The ids of the nodes in the cluster now, this one included: Hazelcast's own member list, which
     * drops a node before any listener hears that it left.
     */
    public Set<String> members() {
        Set<String> members = new HashSet<>();
        for (Member member : manager.getHazelcastInstance().getCluster().getMembers()) {
            String node = nodeIdOf(member);
            if (node != null) {
                members.add(node);
            }
        }
        return members;
    }

    /**
     * The Vert.x node id of a Hazelcast member: Vert.x's cluster manager keeps it as the member's
     * attribute {@value #NODE_ID_ATTRIBUTE}; null for a member that has none (not a Vert.x node).
     */
    private static String nodeIdOf(Member member) {
        return member.getAttribute(NODE_ID_ATTRIBUTE);
    }

    /** {@code listener} hears the id of every node that leaves, on a Hazelcast thread (it must not block). */
    public void onMemberLeft(Consumer<String> listener) {
        leftListeners.add(listener);
    }
}
