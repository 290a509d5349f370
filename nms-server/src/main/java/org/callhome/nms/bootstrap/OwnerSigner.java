package org.callhome.nms.bootstrap;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.callhome.shared.sztp.ConfigurationHandling;
import org.callhome.shared.sztp.OnboardingInformation;
import org.callhome.shared.sztp.OwnerArtifacts;

/**
 * The owner's signing through shared's {@link OwnerArtifacts}: {@code onboarding-information} with
 * {@code configuration-handling} replace (the conveyed configuration is the device's whole
 * call-home configuration), signed by the owner's key; the owner certificate artifact of its chain.
 */
public final class OwnerSigner implements ConveyedSigner {

    private final OwnerArtifacts artifacts;
    private final byte[] ownerCertificate;

    /** @param ownerChain the owner's certificate first, then its CAs' */
    public OwnerSigner(PrivateKey ownerKey, List<X509Certificate> ownerChain) {
        this.artifacts = new OwnerArtifacts(ownerKey, ownerChain);
        this.ownerCertificate = artifacts.ownerCertificate();
    }

    @Override
    public byte[] signedOnboarding(byte[] configuration) {
        return artifacts.signedConveyedInformation(
                OnboardingInformation.configuration(ConfigurationHandling.REPLACE, configuration));
    }

    @Override
    public byte[] ownerCertificate() {
        return ownerCertificate.clone();
    }
}
