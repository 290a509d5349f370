/**
 * {@code --ssh-server openssh}: reverse-ssh (RFC 8071) with stock OpenSSH {@code sshd -i} as the
 * device's SSH server, where {@link org.callhome.device.reversessh.openssh.OpenSshDevice} pipes the
 * dialed connection through an {@code sshd -i} process whose configuration ({@code SshdConfig})
 * forces each account's session to run {@code device-client stdio} on the data folder with that
 * account's role. Part of reverse-ssh, below {@code reversessh}: it may use {@code strategy},
 * {@code callhome}, {@code accounts}, {@code netconf} and {@code datastore}, never
 * {@code reversessh} itself, {@code devicessh} or the agent.
 */
package org.callhome.device.reversessh.openssh;
