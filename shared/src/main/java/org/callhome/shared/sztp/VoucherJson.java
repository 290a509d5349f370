package org.callhome.shared.sztp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.callhome.shared.text.WireNames;

/** Reads and writes {@link Voucher} as RFC 7951 JSON of {@code ietf-voucher:voucher-artifact} (RFC 8366 §5.3). */
final class VoucherJson {

    private static final String[] MEMBERS = {"created-on", "expires-on", "assertion", "serial-number",
        "idevid-issuer", "pinned-domain-cert", "domain-cert-revocation-checks", "nonce", "last-renewal-date"};

    private VoucherJson() {
    }

    static Voucher read(byte[] json) throws ArtifactFormatException {
        JsonTree voucher = JsonTree.parse(json).object(Voucher.MEMBER).required(Voucher.MEMBER).object(MEMBERS);
        JsonTree assertion = voucher.required("assertion");
        VoucherAssertion assertionValue = WireNames.find(VoucherAssertion.class, assertion.text())
                .orElseThrow(() -> assertion.error("expected verified, logged or proximity"));
        Optional<Binary> nonce = Optional.empty();
        if (voucher.has("nonce")) {
            JsonTree member = voucher.required("nonce");
            nonce = Optional.of(member.binary());
            if (nonce.get().length() < Voucher.MIN_NONCE_BYTES || nonce.get().length() > Voucher.MAX_NONCE_BYTES) {
                throw member.error("must have " + Voucher.MIN_NONCE_BYTES + " to " + Voucher.MAX_NONCE_BYTES
                        + " bytes, has " + nonce.get().length());
            }
        }
        if (voucher.has("expires-on") && voucher.has("nonce")) {
            throw voucher.required("nonce").error("a voucher has expires-on or nonce, not both (RFC 8366 §5.3)");
        }
        if (voucher.has("last-renewal-date") && !voucher.has("expires-on")) {
            throw voucher.required("last-renewal-date").error("only allowed with expires-on (RFC 8366 §5.3)");
        }
        return new Voucher(voucher.required("created-on").dateAndTime(), optionalInstant(voucher, "expires-on"),
                assertionValue, voucher.required("serial-number").text(Voucher.MAX_SERIAL_NUMBER_CHARS),
                voucher.optional("idevid-issuer").isPresent() ? Optional.of(voucher.required("idevid-issuer").binary())
                        : Optional.empty(),
                certificate(voucher.required("pinned-domain-cert")),
                voucher.optional("domain-cert-revocation-checks").isPresent()
                        ? Optional.of(voucher.required("domain-cert-revocation-checks").bool()) : Optional.empty(),
                nonce, optionalInstant(voucher, "last-renewal-date"));
    }

    static byte[] write(Voucher voucher) {
        ObjectNode root = JsonTree.mapper().createObjectNode();
        ObjectNode body = root.putObject(Voucher.MEMBER);
        body.put("created-on", voucher.createdOn().toString());
        voucher.expiresOn().ifPresent(at -> body.put("expires-on", at.toString()));
        body.put("assertion", voucher.assertion().wireName());
        body.put("serial-number", voucher.serialNumber());
        voucher.idevidIssuer().ifPresent(issuer -> body.put("idevid-issuer", issuer.base64()));
        try {
            body.put("pinned-domain-cert", Binary.of(voucher.pinnedDomainCert().getEncoded()).base64());
            voucher.domainCertRevocationChecks().ifPresent(checks -> body.put("domain-cert-revocation-checks", checks));
            voucher.nonce().ifPresent(nonce -> body.put("nonce", nonce.base64()));
            voucher.lastRenewalDate().ifPresent(at -> body.put("last-renewal-date", at.toString()));
            return JsonTree.mapper().writeValueAsBytes(root);
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the voucher", e);
        }
    }

    private static Optional<Instant> optionalInstant(JsonTree voucher, String name) throws ArtifactFormatException {
        Optional<JsonTree> member = voucher.optional(name);
        return member.isPresent() ? Optional.of(member.get().dateAndTime()) : Optional.empty();
    }

    /** One X.509 certificate in DER, exactly: the JDK's factory would also take PEM, or ignore bytes after it. */
    static X509Certificate certificate(JsonTree member) throws ArtifactFormatException {
        byte[] der = member.binary().bytes();
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            if (!Arrays.equals(certificate.getEncoded(), der)) {
                throw member.error("not exactly one X.509 certificate in DER");
            }
            return certificate;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw member.error("not an X.509 certificate in DER");
        }
    }
}
