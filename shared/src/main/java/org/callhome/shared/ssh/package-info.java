/**
 * SSH policy and key material shared by both call-home strategies: the algorithm lists both sides
 * use ({@link org.callhome.shared.ssh.SshPolicy}), keys and fingerprints in OpenSSH formats
 * ({@link org.callhome.shared.ssh.SshKeys}), and the two trust files, device host keys pinned by
 * device id ({@link org.callhome.shared.ssh.KnownDevices}) and accepted user keys
 * ({@link org.callhome.shared.ssh.AuthorizedKeys}). No I/O besides reading and writing those files.
 */
package org.callhome.shared.ssh;
