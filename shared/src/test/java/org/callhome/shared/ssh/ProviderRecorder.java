package org.callhome.shared.ssh;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.crypto.KeyAgreement;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.helpers.AbstractFactoryManager;
import org.apache.sshd.common.kex.AbstractDH;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.signature.AbstractSignature;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;

/**
 * Records the JCA provider of the very objects MINA creates during a handshake. It swaps in, under
 * the same names, factories that call MINA's own {@code curve25519-sha256} and {@code ssh-ed25519}
 * factories and then look (by reflection: MINA keeps them protected) at the {@code KeyAgreement}
 * and {@code java.security.Signature} those objects will use. Nothing is re-implemented, so what is
 * recorded is what MINA does in production.
 */
final class ProviderRecorder {

    /** "X25519 agreement BC", "Ed25519 sign BC", "Ed25519 verify BC", in the order they happened. */
    final List<String> events = new CopyOnWriteArrayList<>();

    void install(AbstractFactoryManager manager, Function<DHFactory, KeyExchangeFactory> dh2kex) {
        manager.setKeyExchangeFactories(manager.getKeyExchangeFactories().stream()
                .map(factory -> factory.getName().equals(BuiltinDHFactories.curve25519.getName())
                        ? dh2kex.apply(new RecordingX25519()) : factory)
                .toList());
        manager.setSignatureFactories(manager.getSignatureFactories().stream()
                .map(factory -> factory.getName().equals(BuiltinSignatures.ed25519.getName())
                        ? new RecordingEd25519Factory() : factory)
                .toList());
    }

    private final class RecordingX25519 implements DHFactory {
        @Override
        public String getName() {
            return BuiltinDHFactories.curve25519.getName();
        }

        @Override
        public boolean isGroupExchange() {
            return false;
        }

        @Override
        public boolean isSupported() {
            return true;
        }

        @Override
        public AbstractDH create(Object... params) throws Exception {
            AbstractDH dh = BuiltinDHFactories.curve25519.create(params);
            Field agreement = AbstractDH.class.getDeclaredField("myKeyAgree");
            agreement.setAccessible(true);
            events.add("X25519 agreement " + ((KeyAgreement) agreement.get(dh)).getProvider().getName());
            return dh;
        }
    }

    private final class RecordingEd25519Factory implements NamedFactory<Signature> {
        @Override
        public String getName() {
            return BuiltinSignatures.ed25519.getName();
        }

        @Override
        public Signature create() {
            return new RecordingEd25519(BuiltinSignatures.ed25519.create());
        }
    }

    private final class RecordingEd25519 implements Signature {
        private final Signature mina;

        RecordingEd25519(Signature mina) {
            this.mina = mina;
        }

        @Override
        public String getAlgorithm() {
            return mina.getAlgorithm();
        }

        @Override
        public void initVerifier(SessionContext session, PublicKey key) throws Exception {
            mina.initVerifier(session, key);
            events.add("Ed25519 verify " + jcaProvider());
        }

        @Override
        public void initSigner(SessionContext session, PrivateKey key) throws Exception {
            mina.initSigner(session, key);
            events.add("Ed25519 sign " + jcaProvider());
        }

        @Override
        public void update(SessionContext session, byte[] hash, int off, int len) throws Exception {
            mina.update(session, hash, off, len);
        }

        @Override
        public boolean verify(SessionContext session, byte[] sig) throws Exception {
            return mina.verify(session, sig);
        }

        @Override
        public byte[] sign(SessionContext session) throws Exception {
            return mina.sign(session);
        }

        @Override
        public String getSshAlgorithmName(String algorithm) {
            return mina.getSshAlgorithmName(algorithm);
        }

        private String jcaProvider() throws ReflectiveOperationException {
            Method getSignature = AbstractSignature.class.getDeclaredMethod("getSignature");
            getSignature.setAccessible(true);
            return ((java.security.Signature) getSignature.invoke(mina)).getProvider().getName();
        }
    }
}
