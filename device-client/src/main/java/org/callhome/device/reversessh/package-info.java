/**
 * The device half of reverse-ssh (RFC 8071): the device dials and runs an SSH server on that
 * connection, the built-in MINA one here or stock {@code sshd -i} from {@code reversessh.openssh},
 * chosen by {@code ReverseSshStrategy}. It may use {@code strategy}, {@code callhome},
 * {@code accounts}, {@code trust}, {@code netconf} and {@code datastore}, never {@code devicessh} or the
 * agent.
 */
package org.callhome.device.reversessh;
