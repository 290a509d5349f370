package org.callhome.nms.bootstrap;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Whether a TLS client's certificate chain is an IDevID (IEEE 802.1AR) of one of the
 * {@code --idevid-ca} CAs, and the device's serial number: its subject's serialNumber
 * attribute (2.5.4.5). PKIX path validation at the given time; no revocation check. The TLS
 * handshake only proved possession of the end entity's key; this is the trust decision, taken per
 * request so that an unknown device gets a RESTCONF 401 rather than a handshake alert.
 */
final class IdevidCheck {

    /** The longest chain a device may present, end entity included. */
    static final int MAX_CHAIN = 8;
    /** Serial numbers become file names ({@code <serial>.vcj}) and API paths. */
    static final String SERIAL_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> cas;

    IdevidCheck(List<X509Certificate> cas) {
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("at least one IDevID CA is needed");
        }
        this.cas = List.copyOf(cas);
        this.anchors = cas.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toUnmodifiableSet());
    }

    /** The CAs, whose names the TLS server sends as acceptable issuers. */
    List<X509Certificate> cas() {
        return cas;
    }

    /** The serial number of the device presenting {@code chain}, if it is a valid IDevID of a trusted CA. */
    Optional<String> serialOf(List<? extends Certificate> chain, Instant now) {
        if (chain.isEmpty() || chain.size() > MAX_CHAIN || !(chain.get(0) instanceof X509Certificate endEntity)) {
            return Optional.empty();
        }
        List<X509Certificate> path = new ArrayList<>();
        for (Certificate certificate : chain) {
            if (!(certificate instanceof X509Certificate x509)) {
                return Optional.empty();
            }
            if (!cas.contains(x509)) {
                path.add(x509);
            }
        }
        if (path.isEmpty() || !valid(path, now)) {
            return Optional.empty();
        }
        return serialNumber(endEntity).filter(serial -> serial.matches(SERIAL_PATTERN));
    }

    private boolean valid(List<X509Certificate> path, Instant now) {
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The subject's one serialNumber attribute; none when it has none or several. */
    static Optional<String> serialNumber(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] rdns = subject.getRDNs(BCStyle.SERIALNUMBER);
        if (rdns.length != 1 || rdns[0].isMultiValued()) {
            return Optional.empty();
        }
        return Optional.of(IETFUtils.valueToString(rdns[0].getFirst().getValue()));
    }
}
