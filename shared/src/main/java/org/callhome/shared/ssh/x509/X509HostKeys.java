package org.callhome.shared.ssh.x509;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.signature.SignatureFactoriesManager;
import org.apache.sshd.common.util.GenericUtils;
import org.apache.sshd.server.ServerFactoryManager;

/**
 * X.509 host certificates (RFC 6187) on MINA's servers and clients, beside plain host keys.
 *
 * <p>A server {@link #present presents} a certificate chain for one of its keys: its key pair
 * provider then also yields the pair whose public half is the chain ({@link X509PublicKey}), under
 * the {@code x509v3-*} key type, and its signature factories include that algorithm's; MINA offers a
 * host key algorithm for which it has both, writes K_S as the key's wire form, which is the RFC 6187
 * blob, and names the exchange hash's signature by the base algorithm. Plain host keys stay offered
 * as before; a client that asks for neither never sees the chain.
 *
 * <p>A client {@link #accept accepts} them by listing the {@code x509v3-*} algorithms first among
 * its host key algorithms; it must make its key exchange with {@code VerifierJudgedKeyExchange}
 * (as {@code SshPolicy.applyTo(client, VerifierJudgedKeyExchange.FACTORY)} does), which reads the
 * blob MINA cannot, checks the signature with the end-entity key and hands the client's server key
 * verifier an {@link X509PublicKey}: that verifier decides on the chain. A client not asked to
 * accept them offers none, and negotiates as before.
 */
public final class X509HostKeys {

    private X509HostKeys() {
    }

    /**
     * Makes {@code server} present {@code chain} (end-entity first, up to but not including the trust
     * anchor) for {@code key}, besides the host keys it has. Call after {@code SshPolicy.applyTo}
     * and after setting its key pair provider, before it starts; call again to present another
     * chain for a key of another algorithm.
     *
     * @throws IllegalArgumentException if the end-entity certificate does not certify {@code key} or
     *     its key fits no RFC 6187 algorithm
     */
    public static void present(ServerFactoryManager server, KeyPair key, List<X509Certificate> chain) {
        KeyPair presented = X509PublicKey.keyPair(key, chain);
        X509Algorithm algorithm = ((X509PublicKey) presented.getPublic()).x509Algorithm();
        server.setKeyPairProvider(new WithX509HostKey(server.getKeyPairProvider(), algorithm.wireName(), presented));
        withSignatures(server, List.of(X509Signature.factory(algorithm)), false);
    }

    /**
     * Makes {@code client} offer the {@code x509v3-*} host key algorithms, first, and take such a
     * host key when the server picks one; its server key verifier is then handed an
     * {@link X509PublicKey} and decides on its chain. Call after {@code SshPolicy.applyTo(client,
     * VerifierJudgedKeyExchange.FACTORY)}, before the client connects.
     */
    public static void accept(SshClient client) {
        withSignatures(client, X509Signature.FACTORIES, true);
    }

    /** Adds those of {@code added} that {@code manager} lacks, before or after the ones it has. */
    static void withSignatures(SignatureFactoriesManager manager, List<NamedFactory<Signature>> added, boolean first) {
        Set<String> present = new LinkedHashSet<>(manager.getSignatureFactoriesNames());
        List<NamedFactory<Signature>> missing = added.stream().filter(factory -> !present.contains(factory.getName()))
                .toList();
        List<NamedFactory<Signature>> all = new ArrayList<>();
        List<NamedFactory<Signature>> current = GenericUtils.isEmpty(manager.getSignatureFactories()) ? List.of()
                : manager.getSignatureFactories();
        all.addAll(first ? missing : current);
        all.addAll(first ? current : missing);
        manager.setSignatureFactories(all);
    }

    /** The server's own host keys, and one more: the pair whose public half is a chain. */
    private record WithX509HostKey(KeyPairProvider plain, String type, KeyPair presented) implements KeyPairProvider {

        WithX509HostKey {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(presented, "presented");
        }

        @Override
        public Iterable<KeyPair> loadKeys(SessionContext session) throws IOException, GeneralSecurityException {
            List<KeyPair> keys = new ArrayList<>();
            if (plain != null) {
                plain.loadKeys(session).forEach(keys::add);
            }
            keys.add(presented);
            return keys;
        }

        @Override
        public Iterable<String> getKeyTypes(SessionContext session) throws IOException, GeneralSecurityException {
            Set<String> types = new LinkedHashSet<>();
            if (plain != null) {
                plain.getKeyTypes(session).forEach(types::add);
            }
            types.add(type);
            return types;
        }

        @Override
        public KeyPair loadKey(SessionContext session, String keyType) throws IOException, GeneralSecurityException {
            if (type.equals(keyType)) {
                return presented;
            }
            return plain == null ? null : plain.loadKey(session, keyType);
        }
    }
}
