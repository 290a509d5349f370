package org.callhome.nms.tls;

import java.security.PublicKey;
import java.util.Optional;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.strategy.NmsHalf.RejectionKind;

/**
 * What the NMS decided on the certificate a tls device presented: its key is pinned for a device in
 * the trust store (approved through the API, whatever issued the certificate), or a CA of
 * {@code --device-ca} certifies it, or neither, and why.
 */
sealed interface TlsDeviceVerdict {

    /** The certificate's key is the one the trust store holds for {@code deviceId}. */
    record Pinned(String deviceId, PublicKey key, String fingerprint) implements TlsDeviceVerdict {
    }

    /** A --device-ca CA certifies the chain for a TLS server, naming the device. */
    record Certified(X509Verdict.Accepted accepted) implements TlsDeviceVerdict {
    }

    /**
     * Refused: {@code kind} says why in the words of the SSH strategies' refusals, {@code certificate}
     * the chain's refusal when a CA's rules refused it.
     *
     * @param deviceId the trusted device this was about, or null when the key matched none
     */
    record Refused(RejectionKind kind, String deviceId, Optional<X509Verdict.Refused> certificate, String reason)
            implements TlsDeviceVerdict {

        /** The refusal's word: the chain's ({@code expired}...) when a CA's rules refused it, else the kind's. */
        String word() {
            return certificate.map(chain -> chain.reason().wireName()).orElse(kind.wireName());
        }
    }

    /** {@code "<word>: <reason>"} of a refusal, for the TLS alert's exception; empty when accepted. */
    static Optional<String> refusal(TlsDeviceVerdict verdict) {
        return verdict instanceof Refused refused ? Optional.of(refused.word() + ": " + refused.reason())
                : Optional.empty();
    }
}
