/**
 * X.509 certificates in SSH (RFC 6187): the public key algorithms this project offers
 * ({@link org.callhome.shared.ssh.x509.X509Algorithm}) and the key blob that carries a
 * certificate chain on the wire ({@link org.callhome.shared.ssh.x509.X509KeyBlob}). MINA SSHD has
 * no RFC 6187; what it needs is added through its extension points on top of these.
 */
package org.callhome.shared.ssh.x509;
