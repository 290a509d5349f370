package org.callhome.shared.ssh.cert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.callhome.shared.io.TextFiles;
import org.callhome.shared.ssh.PemBlock;
import org.callhome.shared.ssh.X509Text;
import org.callhome.shared.text.PeerText;

/**
 * Reads X.509 certificate revocation lists (RFC 5280 §5) for {@link RevokedKeys}: one CRL in DER, as
 * {@code openssl crl -outform DER} writes it, or one or more in PEM ({@code -----BEGIN X509 CRL-----}),
 * as {@code openssl ca -gencrl} writes them, one a CA. A PEM file holds CRL blocks only, with blank
 * lines and {@code #} comments between them: any other text might be a revoked key someone expected
 * to count, and a list that silently skips a revocation is worse than one that will not load.
 *
 * <p>Only complete CRLs are read: a CRL with a critical extension (a delta CRL's
 * {@code deltaCRLIndicator}, an {@code issuingDistributionPoint} that makes it partial or indirect)
 * or an entry with one ({@code certificateIssuer}) is refused, as is anything not a CRL. The CRL's
 * signature is not checked here, as its issuer's key is not known yet; {@link RevokedKeys} checks it
 * against the issuer of each certificate asked about.
 */
final class CrlReader {

    /** The label of a CRL's PEM block. */
    static final String PEM_LABEL = "X509 CRL";

    /** The BEGIN lines of a CRL's and a certificate's PEM blocks: a file with either is read here. */
    private static final List<byte[]> PEM_BEGINS = List.of(("-----BEGIN " + PEM_LABEL + "-----").getBytes(
            StandardCharsets.US_ASCII), "-----BEGIN CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII));

    private static final String NOT_A_CRL = "not a valid X.509 CRL: ";

    private CrlReader() {
    }

    /**
     * Whether {@code bytes} are X.509 data this reader takes or refuses with a reason: one DER
     * SEQUENCE with a long-form length, filling the file (every CRL is longer than 127 bytes; no
     * text starts with those two bytes, as the second is not valid UTF-8 after an ASCII one), or
     * text with a CRL's PEM BEGIN line, or a certificate's (which is refused, with how to revoke it).
     */
    static boolean isX509(byte[] bytes) {
        return isDer(bytes) || PEM_BEGINS.stream().anyMatch(begin -> indexOf(bytes, begin) >= 0);
    }

    /** @throws IOException naming the file and, in PEM, the block and line of what is wrong */
    static RevokedKeys read(Path file, byte[] bytes) throws IOException {
        List<X509CRL> crls = new ArrayList<>();
        if (isDer(bytes)) {
            crls.add(parse(bytes, what -> new IOException(file + ": " + what)));
        } else {
            for (PemBlock block : PemBlock.parse(file, TextFiles.utf8(file, bytes), false)) {
                if (!block.label().equals(PEM_LABEL)) {
                    throw block.error(wrongBlock(block.label()));
                }
                crls.add(parse(block.bytes(), block::error));
            }
        }
        if (crls.isEmpty()) {
            throw new IOException(file + ": holds no CRL (-----BEGIN " + PEM_LABEL + "----- block)");
        }
        RevokedKeys.Builder builder = new RevokedKeys.Builder();
        for (X509CRL crl : crls) {
            builder.revokeByCrl(crl);
        }
        return builder.build("X.509 CRL file " + file);
    }

    /** What a PEM block of another kind is, and what to give instead. */
    private static String wrongBlock(String label) {
        if (label.contains("CERTIFICATE")) {
            return "this is a certificate, not a CRL; revoke it in a CRL of its CA (openssl ca -revoke, then"
                    + " openssl ca -gencrl)";
        }
        if (label.contains("PRIVATE KEY")) {
            return "this is a private key, not a CRL";
        }
        return "a " + PeerText.quote(label) + " block, not an X.509 CRL ("
                + "-----BEGIN " + PEM_LABEL + "-----)";
    }

    private static X509CRL parse(byte[] der, ErrorFactory error) throws IOException {
        X509CRL crl;
        try {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (CRLException | CertificateException | RuntimeException e) {
            throw error.of(NOT_A_CRL + e.getMessage());
        }
        if (crl == null) {
            throw error.of(NOT_A_CRL + "no CRL in it");
        }
        try {
            if (!Arrays.equals(crl.getEncoded(), der)) {
                throw error.of(NOT_A_CRL + "extra bytes after the CRL");
            }
        } catch (CRLException e) {
            throw error.of(NOT_A_CRL + e.getMessage());
        }
        Set<String> critical = crl.getCriticalExtensionOIDs();
        if (critical != null && !critical.isEmpty()) {
            throw error.of("the CRL of " + X509Text.name(crl.getIssuerX500Principal()) + " carries critical extension "
                    + X509Text.extension(critical.iterator().next()) + ", which is not supported: give the CA's"
                    + " complete CRL, as openssl ca -gencrl writes it (no delta, partitioned or indirect CRLs)");
        }
        Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
        for (X509CRLEntry entry : entries != null ? entries : Set.<X509CRLEntry>of()) {
            Set<String> entryCritical = entry.getCriticalExtensionOIDs();
            if (entryCritical != null && !entryCritical.isEmpty()) {
                throw error.of("the entry for serial " + X509Text.serial(entry.getSerialNumber()) + " carries critical"
                        + " extension " + X509Text.extension(entryCritical.iterator().next()) + ", which is not"
                        + " supported (an indirect CRL's certificateIssuer): give the CA's own complete CRL");
            }
        }
        return crl;
    }

    /** A DER SEQUENCE with a long-form length that spans exactly the whole of {@code bytes}, as one DER CRL does. */
    private static boolean isDer(byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != 0x30 || (bytes[1] & 0xff) < 0x81 || (bytes[1] & 0xff) > 0x84) {
            return false;
        }
        int lengthBytes = bytes[1] & 0x7f;
        if (bytes.length < 2 + lengthBytes) {
            return false;
        }
        long length = 0;
        for (int i = 0; i < lengthBytes; i++) {
            length = length << 8 | (bytes[2 + i] & 0xff);
        }
        return 2 + lengthBytes + length == bytes.length;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The exception for what is wrong, located as the source's errors are: the file, or the file, line and block. */
    @FunctionalInterface
    private interface ErrorFactory {
        IOException of(String what);
    }
}
