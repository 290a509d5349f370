/**
 * The NMS half of reverse-ssh (RFC 8071): an SSH client on a listening socket that devices call,
 * each identified by its host key, and the {@link org.callhome.nms.reversessh.ReverseSshStrategy}
 * that builds it. It may use {@code strategy} and the layers below it, never {@code devicessh}.
 */
package org.callhome.nms.reversessh;
