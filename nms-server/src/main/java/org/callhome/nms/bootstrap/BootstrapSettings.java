package org.callhome.nms.bootstrap;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The zero-touch bootstrap server's settings, read and checked.
 *
 * @param listen          where it listens (--bootstrap-listen)
 * @param tlsKey          its TLS key (--bootstrap-tls-key)
 * @param tlsChain        its TLS certificate chain, its own first (--bootstrap-tls-cert)
 * @param idevidCas       the CAs whose IDevID certificates authenticate devices (--idevid-ca)
 * @param signer          the owner's signing of conveyed information (--owner-cert, --owner-key)
 * @param vouchers        the folder of {@code <serial>.vcj} ownership vouchers (--vouchers)
 * @param defaultStrategy the strategy devices are bootstrapped for unless the API overrides it
 * @param nmsAddress      the host devices are told to call (--bootstrap-nms-address)
 */
public record BootstrapSettings(InetSocketAddress listen, KeyPair tlsKey, List<X509Certificate> tlsChain,
                                List<X509Certificate> idevidCas, ConveyedSigner signer, Path vouchers,
                                CallHomeStrategy defaultStrategy, String nmsAddress) {

    /** The largest request body taken; larger ones are refused (400, too-big). */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** The largest voucher file served. */
    public static final int MAX_VOUCHER_BYTES = 256 * 1024;

    public BootstrapSettings {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tlsKey, "tlsKey");
        tlsChain = List.copyOf(tlsChain);
        idevidCas = List.copyOf(idevidCas);
        if (tlsChain.isEmpty() || idevidCas.isEmpty()) {
            throw new IllegalArgumentException("the bootstrap server needs a TLS certificate and IDevID CAs");
        }
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(vouchers, "vouchers");
        Objects.requireNonNull(defaultStrategy, "defaultStrategy");
        Objects.requireNonNull(nmsAddress, "nmsAddress");
    }
}
