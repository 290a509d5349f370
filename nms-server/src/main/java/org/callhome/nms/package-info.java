/**
 * The NMS as a program: {@link org.callhome.nms.NmsServer} assembles the layers below and starts
 * every strategy the settings serve in one loop, and {@link org.callhome.nms.NmsServerMain} is its
 * command line. The top layer: it may use every package of the NMS, and none of them uses it.
 */
package org.callhome.nms;
