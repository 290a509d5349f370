package org.callhome.device.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.callhome.device.strategy.DeviceStrategy;
import org.callhome.shared.ssh.KeyFile;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.X509ChainFile;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * TLS call home as the agent builds it: the device's key and its X.509 chain are read and checked
 * before anything is created, and the key is never created (a new key would match no certificate).
 */
public final class TlsStrategy implements DeviceStrategy {

    private static final String KEY_TYPES = "EC P-256, P-384 or P-521, or RSA of at least 2048 bits, in PEM or PKCS#8";

    @Override
    public CallHomeStrategy strategy() {
        return CallHomeStrategy.TLS;
    }

    @Override
    public String keyRole() {
        return "TLS";
    }

    /** Reads the key and its chain. */
    @Override
    public Prepared prepare(Settings settings) throws IOException {
        Path keyFile = settings.ssh().hostKeyFile();
        Path chainFile = settings.hostCertificateFile().orElseThrow(() -> new IllegalArgumentException(
                "tls needs the device's X.509 certificate chain for its key"));
        List<X509Certificate> chain = deviceChain(chainFile, keyFile);
        return new TlsServer(KeyFile.open(keyFile), chain, settings);
    }

    /**
     * The device's chain in {@code chainFile} (PEM, its own certificate first), checked to certify the
     * key in {@code keyFile}, which must exist: EC P-256, P-384 or P-521, or RSA of at least 2048 bits.
     *
     * @throws IOException naming the key file when it is missing or unusable, else the chain file
     */
    public static List<X509Certificate> deviceChain(Path chainFile, Path keyFile) throws IOException {
        return X509ChainFile.load(chainFile, deviceKey(keyFile), keyFile, "--host-key");
    }

    /**
     * The device's TLS key in {@code keyFile}, which must exist and be EC P-256, P-384 or P-521, or RSA
     * of at least 2048 bits.
     *
     * @throws IOException naming the file when it is missing, unreadable or of another type
     */
    public static KeyPair deviceKey(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            throw new IOException(keyFile + ": the device's TLS key does not exist; in tls mode it is not created,"
                    + " as a new key would match no certificate: give the key its certificate certifies (" + KEY_TYPES
                    + ")");
        }
        KeyPair key = SshKeys.loadPrivateKey(keyFile);
        if (X509Algorithm.forKey(key.getPublic()).isEmpty()) {
            throw new IOException(keyFile + ": holds " + keyKind(key.getPublic()) + ", which TLS call home"
                    + " does not take here; give " + KEY_TYPES);
        }
        return key;
    }

    private static String keyKind(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "an RSA key of " + rsa.getModulus().bitLength() + " bits";
        }
        if (key instanceof ECPublicKey ec) {
            return "an EC key on a " + ec.getParams().getCurve().getField().getFieldSize() + "-bit curve";
        }
        return "a key of type " + key.getAlgorithm();
    }

    private record TlsServer(KeyFile key, List<X509Certificate> chain, Settings settings) implements Prepared {
        @Override
        public Started start(Pieces pieces) throws IOException {
            TlsDevice device = new TlsDevice(new TlsDevice.Settings(pieces.key(), chain, settings.authTimeout(),
                    settings.callHome().keepalives(), pieces.maxBacklogBytes()), pieces.accounts(), pieces.revoked(),
                    pieces.sink(), pieces.nettyIo());
            return new Started(device, device);
        }
    }
}
