package org.callhome.shared.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.junit.jupiter.api.Test;

class CertToNameTest {

    private final X509Lab lab = new X509Lab();
    private final X509Lab.Issued root = lab.root("NMS Root CA").issue();
    private final X509Lab.Issued issuing = lab.intermediate(root, "NMS Users CA").issue();

    private List<X509Certificate> path(X509Certificate endEntity) {
        return List.of(endEntity, issuing.certificate(), root.certificate());
    }

    private List<X509Certificate> pathWith(String subject, GeneralName... sans) {
        X509Lab.Spec spec = lab.device(issuing, null).subject(subject);
        if (sans.length > 0) {
            spec.subjectAltNames(sans);
        }
        return path(spec.issue().certificate());
    }

    private static Optional<String> name(CertToName mappings, List<X509Certificate> path) {
        return mappings.map(path).map(CertToName.Mapped::name);
    }

    private static CertToName any(MapType type) {
        return new CertToName(List.of(CertToNameEntry.derived(1, Optional.empty(), type)), false);
    }

    private static TlsFingerprint sha256(X509Certificate certificate) {
        return TlsFingerprint.of(certificate, TlsFingerprint.HashAlgorithm.SHA256);
    }

    @Test
    void specifiedGivesTheEntrysName() {
        CertToName mappings = new CertToName(List.of(CertToNameEntry.specified(1, Optional.empty(), "ops")), false);

        assertEquals(Optional.of("ops"), name(mappings, pathWith("CN=whoever")));
    }

    @Test
    void sanRfc822NameLowersTheHostPartOnly() {
        List<X509Certificate> path = pathWith("CN=x", new GeneralName(GeneralName.dNSName, "nms.example.net"),
                new GeneralName(GeneralName.rfc822Name, "FooBar@Example.COM"));

        assertEquals(Optional.of("FooBar@example.com"), name(any(MapType.SAN_RFC822_NAME), path));
    }

    @Test
    void sanRfc822NameWithoutAnAtSignIsPassedOver() {
        List<X509Certificate> path = pathWith("CN=x", new GeneralName(GeneralName.rfc822Name, "example.com"),
                new GeneralName(GeneralName.rfc822Name, "ops@Example.com"));

        assertEquals(Optional.of("ops@example.com"), name(any(MapType.SAN_RFC822_NAME), path));
    }

    @Test
    void sanDnsNameIsLowerCased() {
        List<X509Certificate> path = pathWith("CN=x", new GeneralName(GeneralName.dNSName, "NMS-1.Example.NET"),
                new GeneralName(GeneralName.dNSName, "second.example.net"));

        assertEquals(Optional.of("nms-1.example.net"), name(any(MapType.SAN_DNS_NAME), path));
    }

    @Test
    void sanIpAddressIsDottedForIpv4AndHexDigitsForIpv6() {
        List<X509Certificate> v4 = pathWith("CN=x", new GeneralName(GeneralName.iPAddress, "192.0.2.200"));
        List<X509Certificate> v6 = pathWith("CN=x", new GeneralName(GeneralName.iPAddress, "2001:DB8::1"));

        assertEquals(Optional.of("192.0.2.200"), name(any(MapType.SAN_IP_ADDRESS), v4));
        assertEquals(Optional.of("20010db8000000000000000000000001"), name(any(MapType.SAN_IP_ADDRESS), v6));
    }

    @Test
    void sanIpAddressOfAnotherLengthIsPassedOver() {
        List<X509Certificate> path = pathWith("CN=x",
                new GeneralName(GeneralName.iPAddress, new DEROctetString(new byte[] {10, 0, 0, 1, -1, -1, -1, 0})),
                new GeneralName(GeneralName.iPAddress, "10.0.0.2"));

        assertEquals(Optional.of("10.0.0.2"), name(any(MapType.SAN_IP_ADDRESS), path));
    }

    @Test
    void sanAnyTakesTheFirstOfTheThreeKindsInTheCertificatesOrder() {
        List<X509Certificate> path = pathWith("CN=x",
                new GeneralName(GeneralName.uniformResourceIdentifier, "https://nms.example.net/"),
                new GeneralName(GeneralName.iPAddress, "192.0.2.7"),
                new GeneralName(GeneralName.dNSName, "nms.example.net"));

        assertEquals(Optional.of("192.0.2.7"), name(any(MapType.SAN_ANY), path));
    }

    @Test
    void commonNameIsTheSubjectsOneCn() {
        assertEquals(Optional.of("nms-ops"), name(any(MapType.COMMON_NAME), pathWith("CN=nms-ops,O=Example")));
        assertEquals(Optional.empty(), name(any(MapType.COMMON_NAME), pathWith("CN=a,CN=b")), "two CNs: ambiguous");
        assertEquals(Optional.empty(), name(any(MapType.COMMON_NAME), pathWith("O=Example")));
    }

    @Test
    void aSanMapTypeGivesNothingForACertificateWithoutSubjectAltName() {
        for (MapType type : List.of(MapType.SAN_RFC822_NAME, MapType.SAN_DNS_NAME, MapType.SAN_IP_ADDRESS,
                MapType.SAN_ANY)) {
            assertEquals(Optional.empty(), any(type).map(pathWith("CN=x")), type.wireName());
        }
    }

    @Test
    void aFingerprintMatchesTheEndEntityAnIntermediateOrTheTrustedCa() {
        List<X509Certificate> path = pathWith("CN=ops");
        for (int i = 0; i < path.size(); i++) {
            CertToName mappings = new CertToName(List.of(CertToNameEntry.derived(1,
                    Optional.of(sha256(path.get(i))), MapType.COMMON_NAME)), false);

            CertToName.Mapped mapped = mappings.map(path).orElseThrow();

            assertEquals("ops", mapped.name());
            assertTrue(mapped.matched().startsWith(i == 0 ? "end entity 'CN=ops" : "CA 'CN=NMS"), mapped.matched());
        }
    }

    @Test
    void anEntryWhoseFingerprintIsOfNoCertificateOfThePathIsSkipped() {
        X509Certificate other = lab.root("Other CA").issue().certificate();
        CertToName mappings = new CertToName(List.of(
                CertToNameEntry.specified(1, Optional.of(sha256(other)), "other"),
                CertToNameEntry.specified(2, Optional.of(sha256(root.certificate())), "ops")), false);

        CertToName.Mapped mapped = mappings.map(pathWith("CN=x")).orElseThrow();

        assertEquals("ops", mapped.name());
        assertEquals(2, mapped.entry().id());
    }

    @Test
    void entriesAreSearchedByIdLowestFirstWhateverTheirOrderInTheList() {
        CertToName mappings = new CertToName(List.of(
                CertToNameEntry.specified(20, Optional.empty(), "later"),
                CertToNameEntry.specified(7, Optional.empty(), "first"),
                CertToNameEntry.specified(4294967295L, Optional.empty(), "last")), false);

        assertEquals(List.of(7L, 20L, 4294967295L), mappings.entries().stream().map(CertToNameEntry::id).toList());
        assertEquals(Optional.of("first"), name(mappings, pathWith("CN=x")));
    }

    @Test
    void anEntryThatDerivesNoNameLeavesTheSearchToTheNext() {
        CertToName mappings = new CertToName(List.of(
                CertToNameEntry.derived(1, Optional.empty(), MapType.SAN_DNS_NAME),
                CertToNameEntry.derived(2, Optional.empty(), MapType.COMMON_NAME)), false);

        CertToName.Mapped mapped = mappings.map(pathWith("CN=nms-ops")).orElseThrow();

        assertEquals(2, mapped.entry().id());
        assertEquals("cert-to-name entry 2 (common-name, any certificate) matched any certificate and mapped it to"
                + " 'nms-ops'", mapped.toString());
    }

    @Test
    void noEntryAppliesGivesNoName() {
        assertEquals(Optional.empty(), CertToName.NONE.map(pathWith("CN=x")));
        assertEquals(Optional.empty(), new CertToName(List.of(), true).map(pathWith("CN=x")));
    }

    @Test
    void mappingRequiredIsConfiguredEvenWithoutEntries() {
        assertTrue(new CertToName(List.of(), true).isConfigured());
        assertEquals(false, CertToName.NONE.isConfigured());
    }

    @Test
    void takesTheMostEntriesAndRefusesOneMore() {
        List<CertToNameEntry> entries = new ArrayList<>(LongStream.range(0, CertToName.MAX_ENTRIES)
                .mapToObj(id -> CertToNameEntry.derived(id, Optional.empty(), MapType.COMMON_NAME)).toList());
        assertEquals(CertToName.MAX_ENTRIES, new CertToName(entries, false).entries().size());

        entries.add(CertToNameEntry.derived(CertToName.MAX_ENTRIES, Optional.empty(), MapType.COMMON_NAME));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CertToName(entries, false));
        assertEquals("cert-to-name list of 65 entries exceeds the allowed maximum (64)", e.getMessage());
    }

    @Test
    void refusesADuplicateId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CertToName(List.of(
                CertToNameEntry.specified(3, Optional.empty(), "a"),
                CertToNameEntry.specified(3, Optional.empty(), "b")), false));
        assertEquals("cert-to-name id 3 appears more than once", e.getMessage());
    }

    @Test
    void anEntrysNameGoesWithSpecifiedOnly() {
        assertThrows(IllegalArgumentException.class,
                () -> new CertToNameEntry(1, Optional.empty(), MapType.SPECIFIED, Optional.empty()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CertToNameEntry(1, Optional.empty(), MapType.SAN_DNS_NAME, Optional.of("ops")));
        assertEquals("cert-to-name entry 1: a name is only for map-type specified, not san-dns-name", e.getMessage());
    }

    @Test
    void takesTheLongestNameAndRefusesOneCharacterMore() {
        String longest = "n".repeat(CertToName.MAX_NAME_CHARS);
        assertEquals(Optional.of(longest), CertToNameEntry.specified(1, Optional.empty(), longest).name());

        assertThrows(IllegalArgumentException.class, () -> CertToNameEntry.specified(1, Optional.empty(),
                longest + "n"));
        assertThrows(IllegalArgumentException.class, () -> CertToNameEntry.specified(1, Optional.empty(), ""));
    }

    @Test
    void aDerivedNameOverTheLimitIsPassedOver() {
        String label = "a".repeat(63);
        String tooLong = String.join(".", label, label, label, label, "net");
        List<X509Certificate> path = pathWith("CN=x", new GeneralName(GeneralName.dNSName, tooLong),
                new GeneralName(GeneralName.dNSName, "ok.example.net"));

        assertEquals(Optional.of("ok.example.net"), name(any(MapType.SAN_DNS_NAME), path));
    }

    @Test
    void refusesAnIdOutsideUint32() {
        assertThrows(IllegalArgumentException.class, () -> CertToNameEntry.specified(-1, Optional.empty(), "a"));
        assertThrows(IllegalArgumentException.class,
                () -> CertToNameEntry.specified(CertToNameEntry.MAX_ID + 1, Optional.empty(), "a"));
    }

    @Test
    void refusesAnEmptyPathOrOneOverTheLimit() {
        assertThrows(IllegalArgumentException.class, () -> any(MapType.COMMON_NAME).map(List.of()));
        List<X509Certificate> longest = new ArrayList<>();
        for (int i = 0; i < CertToName.MAX_PATH_CERTIFICATES; i++) {
            longest.add(root.certificate());
        }
        assertEquals(Optional.of("NMS Root CA"), name(any(MapType.COMMON_NAME), longest));
        longest.add(root.certificate());
        assertThrows(IllegalArgumentException.class, () -> any(MapType.COMMON_NAME).map(longest));
    }
}
