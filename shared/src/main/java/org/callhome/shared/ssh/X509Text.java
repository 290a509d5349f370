package org.callhome.shared.ssh;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.callhome.shared.text.PeerText;

/**
 * How X.509 certificates and what is in them are shown in messages, the same way wherever they
 * are: a name (distinguished name, RFC 4514) quoted through {@link PeerText}, as whoever made the
 * certificate chose it; a serial in decimal with the hex {@code openssl x509 -serial} prints; a
 * certificate by its subject and serial; a certificate's fingerprint as
 * {@code openssl x509 -noout -fingerprint -sha256} prints it.
 */
public final class X509Text {

    /** Characters of a distinguished name a message keeps: most names whole, and still one line. */
    public static final int NAME_CHARS = 200;

    /** Attribute names the JDK's RFC 2253 form leaves as OIDs. */
    private static final Map<String, String> KEYWORDS = Map.of("2.5.4.5", "serialNumber");

    private static final Map<String, String> EXTENSION_NAMES = Map.of(
            "2.5.29.15", "keyUsage",
            "2.5.29.17", "subjectAltName",
            "2.5.29.19", "basicConstraints",
            "2.5.29.27", "deltaCRLIndicator",
            "2.5.29.28", "issuingDistributionPoint",
            "2.5.29.29", "certificateIssuer",
            "2.5.29.30", "nameConstraints",
            "2.5.29.32", "certificatePolicies",
            "2.5.29.37", "extendedKeyUsage");

    private X509Text() {
    }

    /** {@code 'CN=Device CA,O=Example'}: {@link #dn}, escaped and cut after {@link #NAME_CHARS}. */
    public static String name(X500Principal name) {
        return PeerText.quote(dn(name), NAME_CHARS);
    }

    /**
     * The name in RFC 4514 form, the JDK's RFC 2253 one with {@code serialNumber} (2.5.4.5, which
     * device certificates name devices by) spelled out rather than as an OID and hex:
     * {@code serialNumber=dev-1,CN=router}. Not escaped: the CA's words as they are.
     */
    public static String dn(X500Principal name) {
        return name.getName(X500Principal.RFC2253, KEYWORDS);
    }

    /** {@code 4096 (0x1000)}: decimal, as the API shows serials, and the hex openssl prints. */
    public static String serial(BigInteger serial) {
        return serial + " (0x" + serial.toString(16).toUpperCase(Locale.ROOT) + ")";
    }

    /** {@code certificate 'CN=dev-1' serial 4096 (0x1000)}. */
    public static String describe(X509Certificate certificate) {
        return "certificate " + name(certificate.getSubjectX500Principal()) + " serial "
                + serial(certificate.getSerialNumber());
    }

    /** An extension by its OID, and its name if it is a common one: {@code 2.5.29.28 (issuingDistributionPoint)}. */
    public static String extension(String oid) {
        String name = EXTENSION_NAMES.get(oid);
        return PeerText.shown(oid) + (name != null ? " (" + name + ")" : "");
    }

    /**
     * The SHA-256 fingerprint of the certificate's DER encoding as {@code openssl x509 -noout
     * -fingerprint -sha256} prints it after {@code sha256 Fingerprint=}: upper-case hex pairs joined
     * by colons. A certificate's fingerprint, never to be confused with a key's {@code SHA256:...}.
     */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage(), e);
        }
    }
}
