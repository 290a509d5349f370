package org.callhome.shared.ssh.x509;

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
import org.apache.sshd.common.config.keys.KeyUtils;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.PemBlock;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.text.PeerText;

/**
 * An X.509 certificate chain of one of our own keys (RFC 6187), as a file such as the NMS's
 * {@code --host-cert} or a device's {@code --identity-cert} holds it: one or more
 * {@code -----BEGIN CERTIFICATE-----} blocks, the end-entity certificate first, each followed by its
 * issuer's, up to but not including the root (a root at the end is allowed and sent too); text
 * between blocks is ignored. The end-entity certificate must certify the given key and its key fit
 * an RFC 6187 algorithm ({@link X509Algorithm#forKey}). Validity and CA are not checked: the peer
 * decides on them, and an expired certificate is a reason to renew, not to refuse to start.
 */
public final class X509ChainFile {

    /** A chain file holds a few certificates; 256 KiB is dozens of them. */
    public static final long MAX_FILE_BYTES = 256 * 1024;

    private X509ChainFile() {
    }

    /** Whether {@code text}, a certificate file's content, is PEM (and so an X.509 chain) rather than OpenSSH. */
    public static boolean isPem(String text) {
        return text.contains("-----BEGIN ");
    }

    /** Whether the file at {@code file} is PEM, told by its content. */
    public static boolean isPem(Path file) throws IOException {
        return isPem(TextFiles.read(file, MAX_FILE_BYTES));
    }

    /**
     * The chain in {@code file}, checked to certify {@code key} (loaded from {@code keyFile}, named in
     * messages).
     *
     * @throws IOException naming the file, with its line for a PEM block that is wrong
     */
    public static List<X509Certificate> load(Path file, KeyPair key, Path keyFile) throws IOException {
        return load(file, key, keyFile, "its own option");
    }

    /**
     * As {@link #load(Path, KeyPair, Path)}, a private key found in the file being pointed to
     * {@code keyOption} (e.g. {@code --host-key}).
     */
    public static List<X509Certificate> load(Path file, KeyPair key, Path keyFile, String keyOption)
            throws IOException {
        List<X509Certificate> chain = read(file, TextFiles.read(file, MAX_FILE_BYTES), keyOption);
        X509Certificate endEntity = chain.get(0);
        PublicKey certified = endEntity.getPublicKey();
        if (X509Algorithm.forKey(certified).isEmpty()) {
            throw new IOException(file + ": " + X509Text.describe(endEntity) + " certifies " + keyKind(certified)
                    + ", which no RFC 6187 algorithm takes; an X.509 certificate needs an EC P-256, P-384 or P-521"
                    + " key, or RSA of at least " + X509Algorithm.MIN_RSA_BITS + " bits");
        }
        if (!KeyUtils.compareKeys(certified, key.getPublic())) {
            throw new IOException(file + ": " + X509Text.describe(endEntity) + " certifies key "
                    + SshKeys.fingerprint(certified) + ", but " + keyFile + " holds key "
                    + SshKeys.fingerprint(key.getPublic()) + "; give the private key the certificate was made for"
                    + " (the end-entity certificate comes first in the file)");
        }
        return chain;
    }

    private static List<X509Certificate> read(Path file, String text, String keyOption) throws IOException {
        List<PemBlock> blocks = PemBlock.parse(file, text, true);
        if (blocks.size() > X509KeyBlob.MAX_CERTIFICATES) {
            throw new IOException(file + ": holds " + blocks.size() + " PEM blocks; a certificate chain has at most "
                    + X509KeyBlob.MAX_CERTIFICATES + " certificates");
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
                throw block.error("this is " + PeerText.quote(block.label()) + ", not a certificate; an X.509"
                        + " certificate file holds our certificate and its CAs' as -----BEGIN CERTIFICATE----- blocks"
                        + (block.label().contains("PRIVATE KEY") ? " (the private key goes to " + keyOption + ")" : ""));
            }
            X509Certificate certificate;
            try {
                certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.bytes()));
            } catch (CertificateException e) {
                throw block.error("not a valid X.509 certificate: " + PeerText.shown(String.valueOf(e.getMessage()),
                        PeerText.MESSAGE_CHARS), e);
            }
            X509Certificate previous = chain.isEmpty() ? null : chain.get(chain.size() - 1);
            if (previous != null && !issues(certificate, previous)) {
                throw block.error(X509Text.describe(certificate) + " did not issue the certificate before it, "
                        + X509Text.describe(previous) + " (issuer " + X509Text.name(previous.getIssuerX500Principal())
                        + "); the file must hold our certificate first, then each issuer's in turn");
            }
            chain.add(certificate);
        }
        if (chain.isEmpty()) {
            throw new IOException(file + ": holds no -----BEGIN CERTIFICATE----- block; give an X.509 certificate"
                    + " chain in PEM, or an OpenSSH certificate");
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
