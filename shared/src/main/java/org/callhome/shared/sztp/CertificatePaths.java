package org.callhome.shared.sztp;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PKIX path building (RFC 5280 §6, the JDK's {@code CertPathBuilder}) from a signer's certificate
 * to trust anchors through the certificates an artifact carried, at the device's instant, with
 * revocation off (this library does no I/O and holds no CRLs). A certificate that is itself a trust
 * anchor needs no path, only to be valid at that instant: RFC 8366's {@code pinned-domain-cert} may
 * be the owner's end-entity certificate. Also the rule that picks the end entity of a certificate
 * bag.
 */
final class CertificatePaths {

    private CertificatePaths() {
    }

    /** Why no path was found, in one sentence. */
    static final class NoPath extends Exception {

        private static final long serialVersionUID = 1L;

        NoPath(String detail) {
            super(detail);
        }
    }

    static void requirePath(X509Certificate target, Collection<X509Certificate> intermediates,
            Collection<X509Certificate> anchors, Instant now, int maxPathCertificates) throws NoPath {
        try {
            target.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new NoPath("its certificate expired on " + target.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new NoPath("its certificate is valid only from " + target.getNotBefore().toInstant());
        }
        if (anchors.contains(target)) {
            return;
        }
        try {
            X509CertSelector selector = new X509CertSelector();
            selector.setCertificate(target);
            Set<TrustAnchor> trust = new HashSet<>();
            for (X509Certificate anchor : anchors) {
                trust.add(new TrustAnchor(anchor, null));
            }
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(trust, selector);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            parameters.setMaxPathLength(maxPathCertificates);
            List<Certificate> store = new ArrayList<>(intermediates);
            store.add(target);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (GeneralSecurityException e) {
            // the JDK's reasons ("unable to find valid certification path") name no certificate content
            throw new NoPath("no valid certification path from its certificate (" + intermediates.size()
                    + " carried) to the " + anchors.size() + " trust anchor(s) at " + now + ": " + e.getMessage());
        }
    }

    /**
     * The one certificate of {@code bag} that issued none of the others: the end entity of an owner
     * certificate artifact, carried with its intermediates (RFC 8572 §3.2). A self-signed certificate
     * is not counted as issuing itself.
     */
    static X509Certificate endEntity(List<X509Certificate> bag) throws NoPath {
        List<X509Certificate> endEntities = new ArrayList<>();
        for (X509Certificate candidate : bag) {
            boolean issuer = bag.stream().anyMatch(other -> other != candidate && !other.equals(candidate)
                    && other.getIssuerX500Principal().equals(candidate.getSubjectX500Principal()));
            if (!issuer) {
                endEntities.add(candidate);
            }
        }
        if (endEntities.size() != 1) {
            throw new NoPath("its " + bag.size() + " certificates have " + endEntities.size()
                    + " end entities (certificates that issued none of the others); exactly one is needed");
        }
        return endEntities.get(0);
    }

    /** RFC 5280 §4.2.1.3: a key usage extension, when present, must allow signatures. */
    static boolean maySign(X509Certificate certificate) {
        boolean[] usage = certificate.getKeyUsage();
        return usage == null || usage[0];
    }
}
