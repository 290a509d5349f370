package org.callhome.shared.ssh.x509.trust;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.cert.CertificateCheck;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.text.PeerText;

/**
 * The identity an end-entity certificate names: its subject's one {@code serialNumber} attribute,
 * or, when it has none, its one {@code CN}; every RDN is searched, multi-valued ones included. Two
 * of the attribute that would name it make the identity ambiguous, and are refused as
 * {@link CertificateRefusal#PRINCIPAL_COUNT}, as is a subject with neither. The value must be a
 * string type and a name a device id may be ({@link CertificateCheck#problemWithPrincipal},
 * {@link KnownDevices#problemWithHostField}), else {@link CertificateRefusal#BAD_PRINCIPAL}.
 */
final class SubjectIdentity {

    private static final ASN1ObjectIdentifier SERIAL_NUMBER = new ASN1ObjectIdentifier("2.5.4.5");
    private static final ASN1ObjectIdentifier COMMON_NAME = new ASN1ObjectIdentifier("2.5.4.3");

    /** The identity and where it came from, or why there is none. */
    record Found(String identity, X509Identity.Source source, CertificateRefusal refusal, String problem) {

        boolean ok() {
            return refusal == null;
        }
    }

    private SubjectIdentity() {
    }

    static Found of(X509Certificate certificate) {
        X500Name subject;
        try {
            subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        } catch (RuntimeException unreadable) {
            return refused(CertificateRefusal.BAD_PRINCIPAL, "its subject cannot be read");
        }
        List<ASN1Encodable> serialNumbers = values(subject, SERIAL_NUMBER);
        List<ASN1Encodable> commonNames = values(subject, COMMON_NAME);
        X509Identity.Source source = serialNumbers.isEmpty() ? X509Identity.Source.COMMON_NAME
                : X509Identity.Source.SERIAL_NUMBER;
        List<ASN1Encodable> values = serialNumbers.isEmpty() ? commonNames : serialNumbers;
        if (values.isEmpty()) {
            return refused(CertificateRefusal.PRINCIPAL_COUNT, "its subject has neither a serialNumber nor a CN, one"
                    + " of which names the identity (such as -subj '/CN=router/serialNumber=dev-1')");
        }
        if (values.size() > 1) {
            return refused(CertificateRefusal.PRINCIPAL_COUNT, "its subject has " + values.size() + " "
                    + source.wireName() + " attributes; exactly one names the identity");
        }
        if (!(values.get(0) instanceof ASN1String string)) {
            return refused(CertificateRefusal.BAD_PRINCIPAL, "its " + source.wireName() + " is not a string");
        }
        String identity = string.getString();
        String problem = CertificateCheck.problemWithPrincipal(identity);
        if (problem == null) {
            problem = KnownDevices.problemWithHostField(identity);
        }
        if (problem != null) {
            return refused(CertificateRefusal.BAD_PRINCIPAL, "its " + source.wireName() + " "
                    + PeerText.quote(identity) + " cannot be an identity: " + problem);
        }
        return new Found(identity, source, null, null);
    }

    private static List<ASN1Encodable> values(X500Name name, ASN1ObjectIdentifier type) {
        List<ASN1Encodable> values = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(type)) {
                    values.add(attribute.getValue());
                }
            }
        }
        return values;
    }

    private static Found refused(CertificateRefusal refusal, String problem) {
        return new Found(null, null, refusal, problem);
    }
}
