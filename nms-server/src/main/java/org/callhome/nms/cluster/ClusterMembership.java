package org.callhome.nms.cluster;

import java.util.Objects;

/** A node that joined its cluster: its place in it and the cluster's trust store. */
public record ClusterMembership(NmsCluster cluster, ClusterTrust trust) {

    public ClusterMembership {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(trust, "trust");
    }
}
