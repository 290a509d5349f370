/**
 * The device half of device-ssh-client: the device dials the NMS's SSH server, pins its host key,
 * logs in with its own key and opens the NETCONF subsystem, in which it is still the NETCONF
 * server; {@code DeviceSshStrategy} builds it. It may use {@code strategy}, {@code callhome},
 * {@code accounts}, {@code trust}, {@code netconf} and {@code datastore}, never {@code reversessh} or the
 * agent.
 */
package org.callhome.device.devicessh;
