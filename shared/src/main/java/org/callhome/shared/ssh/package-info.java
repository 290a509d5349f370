/**
 * SSH policy and key material shared by both call-home strategies: the algorithm lists both sides
 * use ({@link org.callhome.shared.ssh.SshPolicy}, whose MINA sessions start re-keys only while
 * reading, {@link org.callhome.shared.ssh.RekeyOnReadServerSession}), keys and fingerprints in OpenSSH formats
 * ({@link org.callhome.shared.ssh.SshKeys}), and the two trust files, device host keys pinned by
 * device id ({@link org.callhome.shared.ssh.KnownDevices}) and accepted user keys
 * ({@link org.callhome.shared.ssh.AuthorizedKeys}), with no I/O besides key and trust files; and
 * what both OpenSSH and X.509 trust read: PEM blocks ({@link org.callhome.shared.ssh.PemBlock}) and
 * how X.509 names, serials and fingerprints are shown ({@link org.callhome.shared.ssh.X509Text}). It
 * may use MINA SSHD and shared's bottom layer ({@code text}, {@code io}, {@code cli},
 * {@code threads}, {@code netconf}'s limits), never the NETCONF stack, {@code config} or
 * {@code ssh.channel}.
 */
package org.callhome.shared.ssh;
