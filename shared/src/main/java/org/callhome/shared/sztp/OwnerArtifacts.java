package org.callhome.shared.sztp;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The owner's side of RFC 8572 §3 (an NMS acting as bootstrap server): signs conveyed information
 * with the owner's key and makes the owner certificate artifact, a degenerate SignedData of the
 * owner's certificate chain. The ownership voucher is the manufacturer's: it is served as it came,
 * nothing of it is built here. The conveyed information's SignedData carries no certificate, as
 * the owner certificate artifact carries them (RFC 8572 §3.1–§3.2).
 */
public final class OwnerArtifacts {

    private final PrivateKey ownerKey;
    private final List<X509Certificate> ownerChain;

    /**
     * @param ownerChain the owner's end-entity certificate first, then the intermediates up to (and
     *                   optionally including) the certificate the voucher pins
     */
    public OwnerArtifacts(PrivateKey ownerKey, List<X509Certificate> ownerChain) {
        if (ownerChain.isEmpty() || ownerChain.size() > SztpLimits.DEFAULT_CERTIFICATES) {
            throw new IllegalArgumentException("the owner chain needs 1 to " + SztpLimits.DEFAULT_CERTIFICATES
                    + " certificates, has " + ownerChain.size());
        }
        this.ownerKey = ownerKey;
        this.ownerChain = List.copyOf(ownerChain);
    }

    /** The conveyed information artifact: {@code information}'s canonical JSON, signed (id-ct-sztpConveyedInfoJSON). */
    public byte[] signedConveyedInformation(ConveyedInformation information) {
        return CmsSigning.sign(SztpContentType.CONVEYED_INFORMATION_JSON, information.toJson(), ownerKey,
                ownerChain.get(0), List.of());
    }

    /**
     * The conveyed information artifact from JSON as an operator wrote it: read strictly first, so
     * that nothing a device would refuse gets signed, then signed as written (not re-encoded).
     */
    public byte[] signedConveyedInformation(byte[] json) throws ArtifactFormatException {
        ConveyedInformation.fromJson(json);
        return CmsSigning.sign(SztpContentType.CONVEYED_INFORMATION_JSON, json, ownerKey, ownerChain.get(0), List.of());
    }

    /** The owner certificate artifact: the chain as a degenerate SignedData (RFC 8572 §3.2). */
    public byte[] ownerCertificate() {
        return CmsSigning.certificatesOnly(ownerChain);
    }

    /** Unsigned conveyed information, for a bootstrap server the device already trusts (RFC 8572 §3.1, §5.3). */
    public static byte[] unsignedConveyedInformation(ConveyedInformation information) {
        return CmsSigning.unsigned(SztpContentType.CONVEYED_INFORMATION_JSON, information.toJson());
    }
}
