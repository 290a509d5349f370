package org.callhome.shared.sztp;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;

/**
 * The parties of a zero-touch bootstrap, made with {@link X509Lab}: a manufacturer (a root CA and
 * the MASA's voucher-signing certificate under an intermediate), an owner (a root the voucher pins,
 * an intermediate and the end entity that signs conveyed information), and the device's serial
 * number. Artifacts are signed as each party would, at {@link X509Lab#NOW}.
 */
final class SztpLab {

    static final Instant NOW = X509Lab.NOW;
    static final String SERIAL = "SN-4711";
    static final byte[] CONFIGURATION = "{\"ietf-netconf-server:netconf-server\":{}}".getBytes(StandardCharsets.UTF_8);

    final X509Lab lab = new X509Lab();
    final Issued manufacturerRoot = lab.root("Manufacturer Root").issue();
    final Issued manufacturerIntermediate = lab.intermediate(manufacturerRoot, "Manufacturer Vouchers").issue();
    final Issued masa = lab.device(manufacturerIntermediate, "masa-1").keyUsage(KeyUsage.digitalSignature).issue();
    final Issued ownerRoot = lab.root("Owner Root").issue();
    final Issued ownerIntermediate = lab.intermediate(ownerRoot, "Owner Issuing").issue();
    final Issued owner = lab.device(ownerIntermediate, "owner-1").issue();

    /** A nonceless voucher for {@link #SERIAL} pinning the owner's root, expiring in a week. */
    Voucher voucher() {
        return new Voucher(NOW.minus(Duration.ofDays(1)), Optional.of(NOW.plus(Duration.ofDays(7))),
                VoucherAssertion.VERIFIED, SERIAL, Optional.empty(), ownerRoot.certificate(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** {@code voucher} signed by the MASA, carrying its certificate and the manufacturer's intermediate. */
    byte[] signedVoucher(Voucher voucher) {
        return signedVoucher(voucher.toJson());
    }

    byte[] signedVoucher(byte[] json) {
        return CmsSigning.sign(SztpContentType.VOUCHER_JSON, json, masa.keyPair().getPrivate(), masa.certificate(),
                List.of(masa.certificate(), manufacturerIntermediate.certificate()));
    }

    /** The owner's side: its end entity and intermediate, as the owner certificate artifact carries them. */
    OwnerArtifacts ownerArtifacts() {
        return new OwnerArtifacts(owner.keyPair().getPrivate(),
                List.of(owner.certificate(), ownerIntermediate.certificate()));
    }

    static OnboardingInformation onboarding() {
        return OnboardingInformation.configuration(ConfigurationHandling.MERGE, CONFIGURATION);
    }

    /** All three artifacts, as a bootstrap server returns them for signed data. */
    BootstrapArtifacts signedArtifacts(Voucher voucher) {
        OwnerArtifacts artifacts = ownerArtifacts();
        return BootstrapArtifacts.signed(artifacts.signedConveyedInformation(onboarding()), signedVoucher(voucher),
                artifacts.ownerCertificate());
    }

    /** The device's check: the manufacturer's root as trust anchor, its serial number, no IDevID issuer. */
    DeviceArtifactCheck device() {
        return new DeviceArtifactCheck(List.of(manufacturerRoot.certificate()), SERIAL, Optional.empty(),
                SztpLimits.DEFAULT);
    }

    static List<X509Certificate> none() {
        return List.of();
    }
}
