/**
 * {@code --ssh-server openssh}: reverse-ssh (RFC 8071) with stock OpenSSH {@code sshd -i} as the
 * device's SSH server. {@link org.callhome.device.reversessh.openssh.OpenSshDevice} dials the NMS
 * and pipes the connection through an {@code sshd -i} process, whose configuration
 * ({@code SshdConfig}) forces each account's session to run {@code device-client stdio} on the
 * device's data folder with that account's role.
 */
package org.callhome.device.reversessh.openssh;
