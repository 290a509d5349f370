/**
 * The NMS as one node of several ({@code nms-server --cluster}): a Vert.x cluster through its
 * Hazelcast cluster manager, in which every node serves the whole fleet. One owner per device
 * session ({@link org.callhome.nms.cluster.DeviceOwners}, an owner epoch in a cluster map), RPCs
 * through any node's API routed over the event bus to the node holding the session, the fleet
 * listed and its events streamed from every node, and one trust store replicated to every node's
 * file ({@link org.callhome.nms.cluster.ClusterTrust}). Above the registry and the strategies'
 * halves, below the API: no import from {@code api} or the program.
 */
package org.callhome.nms.cluster;
