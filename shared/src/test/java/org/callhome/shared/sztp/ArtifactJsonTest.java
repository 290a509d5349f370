package org.callhome.shared.sztp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The voucher and conveyed information in RFC 7951 JSON: strict reading, canonical writing. */
class ArtifactJsonTest {

    private final SztpLab lab = new SztpLab();

    @Test
    void voucherRoundTripsAndIsWrittenInTheModulesOrder() throws Exception {
        Voucher voucher = new Voucher(Instant.parse("2031-02-28T12:00:00Z"), Optional.empty(),
                VoucherAssertion.PROXIMITY, SztpLab.SERIAL, Optional.of(Binary.of(new byte[] {1, 2})),
                lab.ownerRoot.certificate(), Optional.of(false), Optional.of(Binary.of(new byte[8])), Optional.empty());

        String json = text(voucher.toJson());

        assertEquals("{\"ietf-voucher:voucher\":{\"created-on\":\"2031-02-28T12:00:00Z\",\"assertion\":\"proximity\","
                + "\"serial-number\":\"SN-4711\",\"idevid-issuer\":\"AQI=\",\"pinned-domain-cert\":\""
                + base64(encoded()) + "\",\"domain-cert-revocation-checks\":false,"
                + "\"nonce\":\"AAAAAAAAAAA=\"}}", json);
        assertEquals(voucher, Voucher.fromJson(voucher.toJson()));
        assertEquals(lab.voucher(), Voucher.fromJson(lab.voucher().toJson()));
    }

    @Test
    void voucherReadsAnOffsetAsAnInstant() throws Exception {
        Voucher voucher = Voucher.fromJson(voucherJson("\"created-on\":\"2031-02-28T13:00:00+01:00\","));

        assertEquals(Instant.parse("2031-02-28T12:00:00Z"), voucher.createdOn());
    }

    @Test
    void voucherRefusesUnknownAndMissingMembers() {
        assertFormat("/ietf-voucher:voucher/colour: unknown member; expected created-on, expires-on, assertion, "
                + "serial-number, idevid-issuer, pinned-domain-cert, domain-cert-revocation-checks, nonce, "
                + "last-renewal-date", () -> Voucher.fromJson(voucherJson("\"colour\":\"red\",")));
        assertFormat("/ietf-voucher:voucher: missing member 'created-on'", () -> Voucher.fromJson(bytes(
                "{\"ietf-voucher:voucher\":{\"assertion\":\"logged\",\"serial-number\":\"x\",\"pinned-domain-cert\":\""
                + base64(encoded()) + "\"}}")));
        assertFormat("/voucher: unknown member; expected ietf-voucher:voucher", () -> Voucher.fromJson(bytes(
                "{\"voucher\":{}}")));
    }

    @Test
    void voucherRefusesWhatTheModuleForbids() {
        assertFormat("/ietf-voucher:voucher/nonce: a voucher has expires-on or nonce, not both (RFC 8366 §5.3)",
                () -> Voucher.fromJson(voucherJson("\"expires-on\":\"2031-03-08T00:00:00Z\",\"nonce\":\"AAAAAAAAAAA=\",")));
        assertFormat("/ietf-voucher:voucher/nonce: must have 8 to 32 bytes, has 7",
                () -> Voucher.fromJson(voucherJson("\"nonce\":\"" + base64(new byte[7]) + "\",")));
        assertFormat("/ietf-voucher:voucher/last-renewal-date: only allowed with expires-on (RFC 8366 §5.3)",
                () -> Voucher.fromJson(voucherJson("\"last-renewal-date\":\"2031-03-08T00:00:00Z\",")));
        assertFormat("/ietf-voucher:voucher/assertion: expected verified, logged or proximity",
                () -> Voucher.fromJson(bytes(text(voucherJson("")).replace("\"verified\"", "\"trusted\""))));
        assertFormat("/ietf-voucher:voucher/pinned-domain-cert: not an X.509 certificate in DER",
                () -> Voucher.fromJson(bytes(text(lab.voucher().toJson()).replaceAll(
                        "\"pinned-domain-cert\":\"[^\"]*\"", "\"pinned-domain-cert\":\"AAEC\""))));
        assertFormat("/ietf-voucher:voucher/created-on: not a date-and-time (RFC 3339, such as 2031-03-01T12:00:00Z): "
                + "'yesterday'", () -> Voucher.fromJson(voucherJson("\"created-on\":\"yesterday\",")));
    }

    @Test
    void voucherRefusesDuplicateMembersAndTrailingText() {
        assertFormat("/: not JSON, or nested deeper than 16, at line 1, column 50",
                () -> Voucher.fromJson(bytes("{\"ietf-voucher:voucher\":{},\"ietf-voucher:voucher\":{}}")));
        assertThrows(ArtifactFormatException.class, () -> Voucher.fromJson(bytes("{} {}")));
    }

    @Test
    void onboardingInformationRoundTrips() throws Exception {
        OnboardingInformation onboarding = new OnboardingInformation(Optional.of(ConfigurationHandling.REPLACE),
                Optional.of(Binary.of(bytes("#!/bin/sh\n"))), Optional.of(Binary.of(SztpLab.CONFIGURATION)),
                Optional.empty());

        assertEquals("{\"ietf-sztp-conveyed-info:onboarding-information\":{\"configuration-handling\":\"replace\","
                + "\"pre-configuration-script\":\"IyEvYmluL3NoCg==\",\"configuration\":\""
                + base64(SztpLab.CONFIGURATION) + "\"}}", text(onboarding.toJson()));
        assertEquals(onboarding, ConveyedInformation.fromJson(onboarding.toJson()));
    }

    @Test
    void redirectInformationRoundTripsWithTheDefaultPortWritten() throws Exception {
        byte[] anchor = CmsSigning.certificatesOnly(List.of(lab.ownerRoot.certificate()));
        ConveyedInformation redirect = ConveyedInformation.fromJson(bytes(
                "{\"ietf-sztp-conveyed-info:redirect-information\":{\"bootstrap-server\":[{\"address\":\"sztp.example\"},"
                + "{\"address\":\"192.0.2.7\",\"port\":8443,\"trust-anchor\":\"" + base64(anchor) + "\"}]}}"));

        assertEquals(new RedirectInformation(List.of(new BootstrapServer("sztp.example", 443, Optional.empty()),
                new BootstrapServer("192.0.2.7", 8443, Optional.of(Binary.of(anchor))))), redirect);
        assertTrue(text(redirect.toJson()).startsWith("{\"ietf-sztp-conveyed-info:redirect-information\":"
                + "{\"bootstrap-server\":[{\"address\":\"sztp.example\",\"port\":443},"), text(redirect.toJson()));
        assertEquals(redirect, ConveyedInformation.fromJson(redirect.toJson()));
    }

    @Test
    void conveyedInformationRefusesWhatTheModuleForbids() {
        String onboarding = "{\"ietf-sztp-conveyed-info:onboarding-information\":";
        assertFormat("/: expected exactly one of ietf-sztp-conveyed-info:redirect-information and "
                + "ietf-sztp-conveyed-info:onboarding-information", () -> ConveyedInformation.fromJson(bytes("{}")));
        assertFormat("/ietf-sztp-conveyed-info:onboarding-information: configuration and configuration-handling "
                + "come together (RFC 8572 §6.3)", () -> ConveyedInformation.fromJson(bytes(onboarding
                + "{\"configuration\":\"AA==\"}}")));
        assertFormat("/ietf-sztp-conveyed-info:onboarding-information/configuration-handling: expected merge or "
                + "replace", () -> ConveyedInformation.fromJson(bytes(onboarding
                + "{\"configuration\":\"AA==\",\"configuration-handling\":\"overwrite\"}}")));
        assertFormat("/ietf-sztp-conveyed-info:onboarding-information/configuration: not base64",
                () -> ConveyedInformation.fromJson(bytes(onboarding
                + "{\"configuration\":\"not base64!\",\"configuration-handling\":\"merge\"}}")));
        assertFormat("/ietf-sztp-conveyed-info:redirect-information/bootstrap-server[1]/address: listed twice; "
                + "address is the list's key", () -> ConveyedInformation.fromJson(bytes(
                "{\"ietf-sztp-conveyed-info:redirect-information\":{\"bootstrap-server\":[{\"address\":\"a\"},"
                + "{\"address\":\"a\"}]}}")));
        assertFormat("/ietf-sztp-conveyed-info:redirect-information/bootstrap-server[0]/port: expected a number in "
                + "0..65535, got 70000", () -> ConveyedInformation.fromJson(bytes(
                "{\"ietf-sztp-conveyed-info:redirect-information\":{\"bootstrap-server\":[{\"address\":\"a\","
                + "\"port\":70000}]}}")));
    }

    @Test
    void bootImageIsRefusedAsUnsupported() {
        ArtifactFormatException e = assertThrows(ArtifactFormatException.class, () -> ConveyedInformation.fromJson(
                bytes("{\"ietf-sztp-conveyed-info:onboarding-information\":{\"boot-image\":{\"os-name\":\"x\"}}}")));

        assertTrue(e.unsupported());
        assertEquals("/ietf-sztp-conveyed-info:onboarding-information/boot-image: not supported: this device "
                + "installs no boot image", e.getMessage());
        assertFalse(assertThrows(ArtifactFormatException.class, () -> ConveyedInformation.fromJson(bytes("[]")))
                .unsupported());
    }

    private byte[] voucherJson(String extraMembers) {
        return bytes("{\"ietf-voucher:voucher\":{" + extraMembers + (extraMembers.contains("created-on") ? ""
                : "\"created-on\":\"2031-02-28T12:00:00Z\",") + "\"assertion\":\"verified\",\"serial-number\":\""
                + SztpLab.SERIAL + "\",\"pinned-domain-cert\":\"" + base64(encoded()) + "\"}}");
    }

    private byte[] encoded() {
        try {
            return lab.ownerRoot.certificate().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertFormat(String expected, Call call) {
        ArtifactFormatException e = assertThrows(ArtifactFormatException.class, call::run);
        assertEquals(expected, e.getMessage());
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private interface Call {
        void run() throws Exception;
    }
}
