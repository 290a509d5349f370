package org.callhome.device.devicessh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.callhome.device.trust.NmsVerdict;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.ssh.cert.RevocationWatch;
import org.callhome.shared.ssh.x509.X509PublicKey;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509ChainCheck;
import org.callhome.shared.ssh.x509.trust.X509Verdict;
import org.callhome.shared.strategy.SecurityFacts.PeerVerification;

/**
 * The X.509 CAs (RFC 6187) a device in device-ssh-client trusts to certify its NMS's host key, from
 * an {@code --nms-host-key} file of PEM CA certificates. The NMS proves itself with a host
 * certificate chain that {@link X509ChainCheck} accepts for {@link X509ChainCheck.Purpose#HOST} now
 * (a path to one of these CAs, valid, keyUsage digitalSignature, extendedKeyUsage
 * id-kp-secureShellServer when it has one, not revoked by {@code --revoked-keys}) and that names the
 * host the device called ({@link NmsHostName}). The CAs apply to every {@code --nms} endpoint: the
 * name in the certificate is what ties it to one. Immutable and thread-safe.
 */
final class NmsHostCertificates {

    private final X509Authorities authorities;
    private final String source;

    private NmsHostCertificates(X509Authorities authorities, String source) {
        this.authorities = authorities;
        this.source = source;
    }

    /** @throws IOException {@code "<file>:<line>: ..."} for a block that is not a usable CA certificate */
    static NmsHostCertificates load(Path file) throws IOException {
        return new NmsHostCertificates(X509Authorities.load(file), file.toString());
    }

    static NmsHostCertificates of(X509Authorities authorities) {
        return new NmsHostCertificates(Objects.requireNonNull(authorities, "authorities"), "CAs given in code");
    }

    /** Whether the NMS that presented {@code chain} when called at {@code host} is proven by it. */
    NmsVerdict verify(String host, X509PublicKey chain, RevocationWatch revoked, Clock clock) {
        X509Verdict verdict = new X509ChainCheck(authorities, revoked).check(chain.chain(),
                X509ChainCheck.Purpose.HOST, clock.instant());
        if (verdict instanceof X509Verdict.Refused refused) {
            return new NmsVerdict.Refused(refused.detail() + " (" + refused.reason().wireName() + ")");
        }
        X509Verdict.Accepted accepted = (X509Verdict.Accepted) verdict;
        Optional<String> mismatch = NmsHostName.mismatch(chain.endEntity(), host);
        if (mismatch.isPresent()) {
            return new NmsVerdict.Refused("the NMS host certificate " + accepted.identity() + " does not name the host"
                    + " the device called: " + mismatch.get() + " (" + CertificateRefusal.PRINCIPAL_MISMATCH.wireName()
                    + ")");
        }
        return new NmsVerdict.Accepted(PeerVerification.X509_HOST_CERTIFICATE, accepted.identity().keyFingerprint(),
                "X.509 host certificate for " + accepted.identity() + " naming " + host + ", CA in " + source);
    }

    /** Whether {@code chain}, accepted before, is revoked by the list in force now, and why. */
    Optional<String> whyRevoked(X509PublicKey chain, RevocationWatch revoked, Clock clock) {
        return new X509ChainCheck(authorities, revoked).whyRevoked(chain.chain(), X509ChainCheck.Purpose.HOST,
                clock.instant());
    }

    @Override
    public String toString() {
        return authorities + " from " + source;
    }
}
