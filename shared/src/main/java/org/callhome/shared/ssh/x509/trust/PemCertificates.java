package org.callhome.shared.ssh.x509.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.PemBlock;
import org.callhome.shared.text.PeerText;

/**
 * The X.509 certificates of a PEM file of trusted certificates ({@link X509Authorities},
 * {@link X509TrustFile}), each with the block it came from so that what the caller refuses in it is
 * reported at its line: every block must be a certificate ({@code -----BEGIN CERTIFICATE-----}), whole
 * and nothing after it; text between blocks is ignored. A private key, a public key, a request, a CRL
 * or a DER file is refused here with what to give instead. What the certificates may be is the
 * caller's to decide.
 *
 * @param certificates in file order, repeats included
 * @param text         the file's text, for a hint when it holds no certificate
 */
record PemCertificates(List<Read> certificates, String text) {

    private static final String CERTIFICATE = "CERTIFICATE";

    /** One certificate and its block. */
    record Read(PemBlock block, X509Certificate certificate) {
    }

    PemCertificates {
        certificates = List.copyOf(certificates);
    }

    /**
     * The certificates of {@code file}, of at most {@code maxBytes}.
     *
     * @throws IOException {@code "<file>:<line>: block <n>: <what is wrong>"}, or naming the file if it
     *     cannot be read or is DER
     */
    static PemCertificates read(Path file, long maxBytes) throws IOException {
        byte[] bytes = TextFiles.readBytes(file, maxBytes);
        if (bytes.length > 1 && bytes[0] == 0x30 && (bytes[1] & 0xff) >= 0x81 && (bytes[1] & 0xff) <= 0x84) {
            throw new IOException(file + ": holds binary (DER) data, not PEM; if it is the CA's certificate, convert it:"
                    + " openssl x509 -inform DER -in " + file + " -out ca.pem");
        }
        String text = TextFiles.utf8(file, bytes);
        List<Read> certificates = new ArrayList<>();
        for (PemBlock block : PemBlock.parse(file, text, true)) {
            if (!block.label().equals(CERTIFICATE)) {
                throw block.error(wrongBlock(block.label()));
            }
            certificates.add(new Read(block, parse(block)));
        }
        return new PemCertificates(certificates, text);
    }

    /** Why a file without a certificate may have been given, if its text says: an OpenSSH CA key. */
    String hintForNoCertificate() {
        String first = text.strip().split("\\s+", 2)[0];
        if (first.startsWith("ssh-") || first.startsWith("ecdsa-")) {
            return "; this looks like an OpenSSH key, which signs OpenSSH certificates, not X.509 ones";
        }
        return "";
    }

    private static X509Certificate parse(PemBlock block) throws IOException {
        byte[] der = block.bytes();
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw block.error("not a valid X.509 certificate: " + e.getMessage(), e);
        }
        try {
            if (!Arrays.equals(certificate.getEncoded(), der)) {
                throw block.error("not a valid X.509 certificate: extra bytes after it");
            }
        } catch (CertificateEncodingException e) {
            throw block.error("not a valid X.509 certificate: " + e.getMessage(), e);
        }
        return certificate;
    }

    /** What a PEM block of another kind is, and what to give instead. */
    private static String wrongBlock(String label) {
        if (label.contains("PRIVATE KEY")) {
            return "this is a private key; give the CA's certificate (openssl req -x509 ... -out ca.pem writes it),"
                    + " and keep its key where only the CA can read it";
        }
        if (label.equals("TRUSTED CERTIFICATE")) {
            return "this is an OpenSSL trusted certificate (with trust settings); give the plain certificate:"
                    + " openssl x509 -in FILE -out ca.pem";
        }
        if (label.contains("CERTIFICATE REQUEST")) {
            return "this is a certificate request; give the CA's certificate";
        }
        if (label.contains("PUBLIC KEY")) {
            return "this is a public key; give the CA's certificate, which holds its key";
        }
        if (label.equals("X509 CRL")) {
            return "this is a certificate revocation list; it belongs in --revoked-keys, and this file holds the CA's"
                    + " certificate";
        }
        return "a " + PeerText.quote(label) + " block, not a certificate"
                + " (-----BEGIN CERTIFICATE-----)";
    }
}
