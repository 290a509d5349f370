package org.callhome.device.bootstrap;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.sztp.Binary;

/**
 * The device's IDevID (IEEE 802.1AR): the private key and certificate chain it presents to bootstrap
 * servers as TLS client, its serial number (the certificate's subject serialNumber, RFC 8572 §5.1,
 * which a voucher must name) and the certificate's authority key identifier (which a voucher's
 * {@code idevid-issuer} must equal).
 *
 * @param chain the IDevID certificate first, then its issuers' as the file gives them
 */
public record Idevid(KeyPair key, List<X509Certificate> chain, String serialNumber, Optional<Binary> issuerKeyId) {

    public Idevid {
        chain = List.copyOf(chain);
    }

    /**
     * Reads {@code keyFile} (PEM or OpenSSH, EC or RSA) and {@code certificateFile} (PEM, the IDevID
     * certificate first), checking that the certificate certifies the key and names a serial number.
     *
     * @throws IOException naming the file that is wrong
     */
    public static Idevid load(Path keyFile, Path certificateFile) throws IOException {
        KeyPair key = SshKeys.loadPrivateKey(keyFile);
        List<X509Certificate> chain = X509ChainFile.load(certificateFile, key, keyFile, "--idevid-key");
        X509Certificate certificate = chain.get(0);
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] serials = subject.getRDNs(BCStyle.SERIALNUMBER);
        if (serials.length != 1) {
            throw new IOException(certificateFile + ": the IDevID certificate's subject (" + subject + ") has "
                    + serials.length + " serialNumber attributes; it needs exactly one, the device's serial number");
        }
        String serial = IETFUtils.valueToString(serials[0].getFirst().getValue());
        return new Idevid(key, chain, serial, authorityKeyId(certificate, certificateFile));
    }

    private static Optional<Binary> authorityKeyId(X509Certificate certificate, Path file) throws IOException {
        byte[] extension = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (extension == null) {
            return Optional.empty();
        }
        try {
            byte[] id = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets())
                    .getKeyIdentifierOctets();
            return Optional.ofNullable(id).map(Binary::of);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the IDevID certificate's authority key identifier is not DER: "
                    + e.getMessage(), e);
        }
    }
}
