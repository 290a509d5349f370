package org.callhome.device.reversessh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.PemBlock;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.ssh.cert.CertifiedKey;
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.X509KeyBlob;
import org.callhome.shared.text.PeerText;

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
        if (!text.contains("-----BEGIN ")) {
            return new OpenSsh(CertifiedKey.load(certificateFile, keyFile, OpenSshCertificate.Type.HOST)
                    .certificate());
        }
        List<X509Certificate> chain = readChain(certificateFile, text);
        X509Certificate endEntity = chain.get(0);
        PublicKey certified = endEntity.getPublicKey();
        X509Algorithm algorithm = X509Algorithm.forKey(certified).orElseThrow(() -> new IOException(certificateFile
                + ": " + X509Text.describe(endEntity) + " certifies " + keyKind(certified) + ", which no RFC 6187"
                + " algorithm takes; an X.509 host certificate needs an EC P-256, P-384 or P-521 key, or RSA of at"
                + " least " + X509Algorithm.MIN_RSA_BITS + " bits"));
        KeyPair hostKey = SshKeys.loadPrivateKey(keyFile);
        if (!KeyUtils.compareKeys(certified, hostKey.getPublic())) {
            throw new IOException(certificateFile + ": " + X509Text.describe(endEntity) + " certifies key "
                    + SshKeys.fingerprint(certified) + ", but " + keyFile + " holds key "
                    + SshKeys.fingerprint(hostKey.getPublic()) + "; give the private key the certificate was made for"
                    + " (the end-entity certificate comes first in the file)");
        }
        return new X509Chain(chain, algorithm);
    }

    /** The certificates of a PEM file, in the order RFC 6187 sends them, each checked to issue the one before. */
    private static List<X509Certificate> readChain(Path file, String text) throws IOException {
        List<PemBlock> blocks = PemBlock.parse(file, text, true);
        if (blocks.size() > X509KeyBlob.MAX_CERTIFICATES) {
            throw new IOException(file + ": holds " + blocks.size() + " PEM blocks; a host certificate chain has at"
                    + " most " + X509KeyBlob.MAX_CERTIFICATES + " certificates");
        }
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("every JDK reads X.509 certificates", e);
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (PemBlock block : blocks) {
            if (!block.label().equals("CERTIFICATE")) {
                throw block.error("this is " + PeerText.quote(block.label()) + ", not a certificate; an X.509 host"
                        + " certificate file holds the host's certificate and its CAs' as -----BEGIN CERTIFICATE-----"
                        + " blocks" + (block.label().contains("PRIVATE KEY") ? " (the private key goes to --host-key)"
                        : ""));
            }
            X509Certificate certificate;
            try {
                certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.bytes()));
            } catch (CertificateException e) {
                throw block.error("not a valid X.509 certificate: " + PeerText.shown(String.valueOf(e.getMessage()),
                        PeerText.MESSAGE_CHARS), e);
            }
            if (!chain.isEmpty() && !issues(certificate, chain.get(chain.size() - 1))) {
                throw block.error(X509Text.describe(certificate) + " did not issue the certificate before it, "
                        + X509Text.describe(chain.get(chain.size() - 1)) + " (issuer " + X509Text.name(
                        chain.get(chain.size() - 1).getIssuerX500Principal()) + "); the file must hold the host's"
                        + " certificate first, then each issuer's in turn");
            }
            chain.add(certificate);
        }
        if (chain.isEmpty()) {
            throw new IOException(file + ": holds no -----BEGIN CERTIFICATE----- block; give the host's X.509"
                    + " certificate chain in PEM, or an OpenSSH host certificate (ssh-keygen -s CA -h)");
        }
        return chain;
    }

    private static boolean issues(X509Certificate issuer, X509Certificate issued) {
        if (!issuer.getSubjectX500Principal().equals(issued.getIssuerX500Principal())) {
            return false;
        }
        try {
            issued.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String keyKind(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "an RSA key of " + rsa.getModulus().bitLength() + " bits";
        }
        if (key instanceof ECPublicKey ec) {
            return "an EC key on a " + ec.getParams().getCurve().getField().getFieldSize() + "-bit curve";
        }
        return "an " + key.getAlgorithm() + " key";
    }
}
