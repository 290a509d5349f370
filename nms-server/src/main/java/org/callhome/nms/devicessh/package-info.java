/**
 * The NMS half of device-ssh-client: an SSH server that devices log into, one locked-down account
 * each, and the {@link org.callhome.nms.devicessh.DeviceSshStrategy} that builds it. It may use
 * {@code strategy} and the layers below it, never {@code reversessh}.
 */
package org.callhome.nms.devicessh;
