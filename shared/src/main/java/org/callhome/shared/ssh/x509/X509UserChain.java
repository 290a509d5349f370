package org.callhome.shared.ssh.x509;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.PemBlock;
import org.callhome.shared.text.PeerText;

/**
 * An X.509 user certificate chain (RFC 6187) to log in with, read from a PEM file such as the NMS's
 * {@code --identity-cert}: the end-entity certificate first, then its issuers'. A certificate file is
 * told to be X.509 by its content ({@link #isPem}); an OpenSSH certificate line is not.
 */
public final class X509UserChain {

    /** A chain file holds a few certificates. */
    public static final long MAX_FILE_BYTES = 256 * 1024;

    private X509UserChain() {
    }

    /** Whether {@code file} holds a PEM certificate ({@code -----BEGIN CERTIFICATE-----}), not an OpenSSH line. */
    public static boolean isPem(Path file) throws IOException {
        return TextFiles.utf8(file, TextFiles.readBytes(file, MAX_FILE_BYTES)).contains("-----BEGIN CERTIFICATE-----");
    }

    /**
     * The pair to log in with: the chain of {@code file} in the public half ({@link X509PublicKey#keyPair}).
     *
     * @throws IOException naming the file: not a PEM chain, a block that is no certificate, or an end entity
     *     that does not certify {@code key} or whose key fits no RFC 6187 algorithm
     */
    public static KeyPair load(Path file, KeyPair key) throws IOException {
        String text = TextFiles.utf8(file, TextFiles.readBytes(file, MAX_FILE_BYTES));
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("every JDK reads X.509 certificates", e);
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (PemBlock block : PemBlock.parse(file, text, true)) {
            if (!block.label().equals("CERTIFICATE")) {
                throw block.error("this is " + PeerText.quote(block.label()) + ", not a certificate; the file holds"
                        + " the user certificate and its CAs' as -----BEGIN CERTIFICATE----- blocks");
            }
            try {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.bytes())));
            } catch (CertificateException e) {
                throw block.error("not a valid X.509 certificate: " + PeerText.shown(String.valueOf(e.getMessage()),
                        PeerText.MESSAGE_CHARS), e);
            }
        }
        if (chain.isEmpty()) {
            throw new IOException(file + ": holds no -----BEGIN CERTIFICATE----- block");
        }
        try {
            return X509PublicKey.keyPair(key, chain);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
