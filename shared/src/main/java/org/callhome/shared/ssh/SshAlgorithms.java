package org.callhome.shared.ssh;

import java.util.List;
import java.util.function.Function;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.OptionalFeature;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.mac.Mac;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;

/**
 * {@link SshPolicy}'s algorithm names turned into MINA factories, checked against what the
 * running MINA and JCA providers support. Resolving on every {@code applyTo} costs microseconds
 * and makes a missing algorithm an {@link IllegalStateException} at the call, not a class-init error.
 */
record SshAlgorithms(
        List<DHFactory> keyExchanges,
        List<NamedFactory<Cipher>> ciphers,
        List<NamedFactory<Mac>> macs,
        List<NamedFactory<Signature>> signatures) {

    static SshAlgorithms resolve() {
        return new SshAlgorithms(
                List.copyOf(resolveAll("key exchange", SshPolicy.KEY_EXCHANGES, BuiltinDHFactories::fromFactoryName)),
                List.copyOf(resolveAll("cipher", SshPolicy.CIPHERS, BuiltinCiphers::fromFactoryName)),
                List.copyOf(resolveAll("mac", SshPolicy.MACS, BuiltinMacs::fromFactoryName)),
                List.copyOf(resolveAll("signature", SshPolicy.SIGNATURES, BuiltinSignatures::fromFactoryName)));
    }

    /** @param dh2kex {@code ClientBuilder.DH2KEX} or {@code ServerBuilder.DH2KEX}: the side decides the kex class */
    List<KeyExchangeFactory> keyExchangeFactories(Function<DHFactory, KeyExchangeFactory> dh2kex) {
        return keyExchanges.stream().map(dh2kex).toList();
    }

    /** @throws IllegalStateException naming the first name {@code lookup} does not know or that is unsupported */
    static <F extends OptionalFeature> List<F> resolveAll(
            String kind, List<String> names, Function<String, F> lookup) {
        return names.stream().map(name -> {
            F factory = lookup.apply(name);
            if (factory == null) {
                throw new IllegalStateException(kind + " '" + name + "' is unknown to the running MINA SSHD");
            }
            if (!factory.isSupported()) {
                throw new IllegalStateException(kind + " '" + name
                        + "' is not supported by the running MINA SSHD and JCA providers");
            }
            return factory;
        }).toList();
    }
}
