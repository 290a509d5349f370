package org.callhome.device.reversessh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.X509ChainFile;

/**
 * The certificate a reverse-ssh device presents for its host key, of one of two kinds, told apart
 * by the file's content: an OpenSSH host certificate (one {@code *-cert-v01@openssh.com} line, as
 * {@code ssh-keygen -s CA -h} writes it), or an X.509 certificate chain in PEM (RFC 6187): one or
 * more {@code -----BEGIN CERTIFICATE-----} blocks, the end-entity certificate first, each followed
 * by its issuer's, up to but not including the root (a root at the end is allowed and sent too).
 *
 * <p>Either must certify the host key itself. An X.509 end-entity certificate's key must also fit
 * an RFC 6187 algorithm ({@link X509Algorithm#forKey}): EC P-256, P-384 or P-521, or RSA of at least
 * 2048 bits. As for OpenSSH certificates, validity and CA are not checked here: the NMS decides on
 * them, and an expired certificate is a reason to renew, not to refuse to start.
 */
public sealed interface HostCertificate permits HostCertificate.OpenSsh, HostCertificate.X509Chain {

    /** A chain file holds a few certificates; 256 KiB is dozens of them. */
    long MAX_FILE_BYTES = CertifiedKey.MAX_CERTIFICATE_FILE_BYTES;

    /** An OpenSSH host certificate, presented with MINA's host key certificate provider. */
    record OpenSsh(OpenSshCertificate certificate) implements HostCertificate {
        public OpenSsh {
            Objects.requireNonNull(certificate, "certificate");
        }
    }

    /**
     * An X.509 chain (RFC 6187), presented with {@code X509HostKeys.present}.
     *
     * @param chain     end-entity first, each certificate followed by its issuer's
     * @param algorithm the RFC 6187 algorithm of the end-entity certificate's key
     */
    record X509Chain(List<X509Certificate> chain, X509Algorithm algorithm) implements HostCertificate {
        public X509Chain {
            chain = List.copyOf(chain);
            Objects.requireNonNull(algorithm, "algorithm");
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("an X.509 chain has at least its end-entity certificate");
            }
        }

        /** The certificate of the host key. */
        public X509Certificate endEntity() {
            return chain.get(0);
        }
    }

    /**
     * Reads the certificate of the host key in {@code keyFile}, of whichever kind the file holds,
     * checked to certify that very key.
     *
     * @throws IOException naming the certificate file, with its line for a PEM block that is wrong;
     *     or naming the key file when it is missing or holds no usable key
     */
    static HostCertificate load(Path certificateFile, Path keyFile) throws IOException {
        String text = TextFiles.read(certificateFile, MAX_FILE_BYTES);
        if (!X509ChainFile.isPem(text)) {
            return new OpenSsh(CertifiedKey.load(certificateFile, keyFile, OpenSshCertificate.Type.HOST)
                    .certificate());
        }
        KeyPair hostKey = SshKeys.loadPrivateKey(keyFile);
        List<X509Certificate> chain = X509ChainFile.load(certificateFile, hostKey, keyFile, "--host-key");
        X509Algorithm algorithm = X509Algorithm.forKey(chain.get(0).getPublicKey()).orElseThrow();
        return new X509Chain(chain, algorithm);
    }
}
