package org.callhome.shared.sztp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.callhome.shared.ssh.x509.trust.OpenSsl;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with OpenSSL's {@code cms} command (3.0), the tool a manufacturer or an owner
 * without our code would sign artifacts with: what it signs our device accepts, and what our owner
 * side signs it verifies. Certificates are checked at {@link SztpLab#NOW}, OpenSSL's with
 * {@code -attime}. Fails on CI when openssl is missing, skips elsewhere ({@link OpenSsl#require}).
 */
class SztpOpenSslTest {

    private static final String VOUCHER_TYPE = "1.2.840.113549.1.9.16.1.40";
    private static final String CONVEYED_TYPE = "1.2.840.113549.1.9.16.1.43";

    private final SztpLab lab = new SztpLab();

    @TempDir
    Path dir;

    private String attime;

    @BeforeEach
    void setUp() throws IOException {
        OpenSsl.require();
        attime = Long.toString(SztpLab.NOW.getEpochSecond());
        write("manufacturer-root.pem", lab.manufacturerRoot.certificate());
        write("manufacturer-intermediate.pem", lab.manufacturerIntermediate.certificate());
        writeWithKey("masa", lab.masa);
        write("owner-root.pem", lab.ownerRoot.certificate());
        write("owner-cas.pem", lab.ownerRoot.certificate(), lab.ownerIntermediate.certificate());
        write("owner-chain.pem", lab.owner.certificate(), lab.ownerIntermediate.certificate());
        writeWithKey("owner", lab.owner);
    }

    @Test
    void deviceAcceptsArtifactsOpenSslSigned() throws Exception {
        Files.write(dir.resolve("voucher.json"), lab.voucher().toJson());
        Files.write(dir.resolve("conveyed.json"), SztpLab.onboarding().toJson());
        // as a manufacturer signs a voucher: its signing certificate and intermediate carried
        OpenSsl.run(dir, "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-econtent_type", VOUCHER_TYPE,
                "-md", "sha256", "-signer", "masa.pem", "-inkey", "masa.key", "-certfile",
                "manufacturer-intermediate.pem", "-in", "voucher.json", "-out", "voucher.cms");
        // as an owner signs conveyed information: no certificate, the owner certificate artifact carries them
        OpenSsl.run(dir, "cms", "-sign", "-binary", "-nodetach", "-nocerts", "-outform", "DER", "-econtent_type",
                CONVEYED_TYPE, "-signer", "owner.pem", "-inkey", "owner.key", "-in", "conveyed.json", "-out",
                "conveyed.cms");
        // the owner certificate artifact: a degenerate SignedData (PKCS #7 and CMS agree on it)
        OpenSsl.run(dir, "crl2pkcs7", "-nocrl", "-certfile", "owner-chain.pem", "-outform", "DER", "-out",
                "owner.p7");

        VerifiedBootstrapData data = lab.device().fromUntrustedServer(BootstrapArtifacts.signed(
                read("conveyed.cms"), read("voucher.cms"), read("owner.p7")), Optional.empty(), SztpLab.NOW);

        assertEquals(SztpLab.onboarding(), data.information());
        assertEquals(Optional.of(lab.voucher()), data.voucher());
        assertEquals(Optional.of(lab.owner.certificate()), data.ownerCertificate());
    }

    @Test
    void deviceRefusesAnOpenSslVoucherOfTheWrongContentType() throws Exception {
        Files.write(dir.resolve("voucher.json"), lab.voucher().toJson());
        OpenSsl.run(dir, "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-signer", "masa.pem", "-inkey",
                "masa.key", "-in", "voucher.json", "-out", "voucher-as-data.cms");
        BootstrapArtifacts ours = lab.signedArtifacts(lab.voucher());

        BootstrapRefusedException e = assertThrows(BootstrapRefusedException.class, () -> lab.device()
                .fromUntrustedServer(BootstrapArtifacts.signed(ours.conveyedInformation(), read("voucher-as-data.cms"),
                        ours.ownerCertificate().orElseThrow()), Optional.empty(), SztpLab.NOW));
        assertEquals(BootstrapRefusal.MALFORMED, e.reason());
        assertTrue(e.detail().contains("encapsulated content type 1.2.840.113549.1.7.1"), e.detail());
    }

    @Test
    void openSslVerifiesWhatTheOwnerSideSigned() throws Exception {
        OwnerArtifacts owner = lab.ownerArtifacts();
        Files.write(dir.resolve("conveyed.cms"), owner.signedConveyedInformation(SztpLab.onboarding()));
        Files.write(dir.resolve("owner.cms"), owner.ownerCertificate());

        // the signer's certificate is not in the SignedData: -certfile supplies it, but OpenSSL 3.0 only looks
        // for signers there and builds the path from the SignedData's certificates and -CAfile, so the
        // intermediate goes into -CAfile with the pinned root; -purpose any: S/MIME's purpose checks do not apply
        OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "conveyed.cms", "-certfile",
                "owner.pem", "-CAfile", "owner-cas.pem", "-purpose", "any", "-attime", attime, "-out",
                "conveyed.out");
        assertArrayEquals(SztpLab.onboarding().toJson(), read("conveyed.out"));
        // -noverify: the signature only, no certificate path
        OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "conveyed.cms", "-certfile",
                "owner.pem", "-noverify", "-out", "conveyed-noverify.out");
        assertArrayEquals(SztpLab.onboarding().toJson(), read("conveyed-noverify.out"));
        String printed = OpenSsl.run(dir, "pkcs7", "-inform", "DER", "-in", "owner.cms", "-print_certs", "-noout");
        assertTrue(printed.contains("owner-1") && printed.contains("Owner Issuing"), printed);
        String content = OpenSsl.run(dir, "cms", "-cmsout", "-print", "-inform", "DER", "-in", "conveyed.cms");
        assertTrue(content.contains("eContentType: undefined (1.2.840.113549.1.9.16.1.43)"), content);
    }

    @Test
    void openSslVerifiesAVoucherSignedHereAndRefusesAnotherAnchor() throws Exception {
        Files.write(dir.resolve("voucher.cms"), lab.signedVoucher(lab.voucher()));

        OpenSsl.run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "voucher.cms", "-CAfile",
                "manufacturer-root.pem", "-purpose", "any", "-attime", attime, "-out", "voucher.out");
        assertArrayEquals(lab.voucher().toJson(), read("voucher.out"));
        IOException e = assertThrows(IOException.class, () -> OpenSsl.run(dir, "cms", "-verify", "-binary",
                "-inform", "DER", "-in", "voucher.cms", "-CAfile", "owner-root.pem", "-purpose", "any", "-attime",
                attime, "-out", "voucher-other.out"));
        assertTrue(e.getMessage().contains("Verification failure"), e.getMessage());
    }

    private void write(String name, X509Certificate... certificates) throws IOException {
        Files.writeString(dir.resolve(name), X509Lab.pem(certificates));
    }

    private void writeWithKey(String name, Issued issued) throws IOException {
        write(name + ".pem", issued.certificate());
        Files.writeString(dir.resolve(name + ".key"), X509Lab.pem("PRIVATE KEY",
                issued.keyPair().getPrivate().getEncoded()));
    }

    private byte[] read(String name) throws IOException {
        return Files.readAllBytes(dir.resolve(name));
    }
}
