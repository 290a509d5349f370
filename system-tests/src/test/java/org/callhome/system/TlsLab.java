package org.callhome.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.callhome.nms.config.NmsSettings;
import org.callhome.shared.ssh.x509.X509Algorithm;
import org.callhome.shared.ssh.x509.trust.X509Authorities;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.ssh.x509.trust.X509Lab.Issued;

/**
 * The X.509 side of a {@link CallHomeLab} for tls (RFC 8071 §4, RFC 7589): a device CA the NMS
 * trusts ({@code --device-ca}), another CA it does not, and an NMS CA whose certificate a device's
 * account file holds. The NMS's client certificate names the account {@value #NMS_ACCOUNT} by its
 * common name (the simple rule, no cert-to-name mapping). Each device's key and certificate are
 * made once, on first use, valid on the system clock, for a TLS server, its id in the subject's
 * serialNumber.
 */
final class TlsLab {

    /** The account the NMS's client certificate names. */
    static final String NMS_ACCOUNT = "nms";

    private final X509Lab pki = new X509Lab();
    private final Path dir;
    private final Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    private final Instant notAfter = notBefore.plus(Duration.ofDays(2));
    private final Issued deviceCa = pki.root("Device CA").validity(notBefore, notAfter).issue();
    private final Issued otherCa = pki.root("Other CA").validity(notBefore, notAfter).issue();
    private final Issued nmsCa = pki.root("NMS CA").validity(notBefore, notAfter).issue();
    /** The NMS's client certificate and key. */
    final Issued nms = pki.device(nmsCa, null).subject("CN=" + NMS_ACCOUNT).ca(false).validity(notBefore, notAfter)
            .key(X509Lab.key(X509Algorithm.ECDSA_NISTP256)).keyUsage(KeyUsage.digitalSignature)
            .extendedKeyUsage(X509Lab.TLS_CLIENT).issue();
    private final Set<String> certified = ConcurrentHashMap.newKeySet();
    private final Map<String, Issued> devices = new ConcurrentHashMap<>();

    TlsLab(Path dir) {
        this.dir = dir;
    }

    /**
     * The device CA certifies {@code deviceIds} when their certificates are first made; any other
     * device's certificate is of a CA the NMS does not trust, so the NMS knows it only once approved.
     */
    void certify(String... deviceIds) {
        certified.addAll(List.of(deviceIds));
    }

    /** What the NMS serves tls with: its key and chain, listening on {@code port} of loopback (0: any). */
    NmsSettings.Tls nmsSettings(int port) {
        return new NmsSettings.Tls(new InetSocketAddress("127.0.0.1", port), nms.keyPair(),
                List.of(nms.certificate()));
    }

    /** The CAs the NMS identifies devices by: the device CA alone. */
    X509Authorities deviceAuthorities() {
        return X509Authorities.of(List.of(deviceCa.certificate()));
    }

    /** The certificate of {@code deviceId}, made on first use by the device CA or, if not certified, the other. */
    Issued device(String deviceId) {
        return devices.computeIfAbsent(deviceId, id -> pki.device(certified.contains(id) ? deviceCa : otherCa, id)
                .ca(false).validity(notBefore, notAfter).key(X509Lab.key(X509Algorithm.ECDSA_NISTP256))
                .keyUsage(KeyUsage.digitalSignature).extendedKeyUsage(X509Lab.TLS_SERVER).issue());
    }

    KeyPair deviceKey(String deviceId) {
        return device(deviceId).keyPair();
    }

    /** The device's key in PKCS#8 PEM, readable by its owner alone, as the device agent wants it. */
    Path deviceKeyFile(String deviceId) {
        Path file = X509Lab.write(dir.resolve(deviceId + ".tls.key.pem"),
                X509Lab.pem("PRIVATE KEY", deviceKey(deviceId).getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The device's chain in PEM: its certificate alone (the NMS holds the root). */
    Path deviceChainFile(String deviceId) {
        return X509Lab.write(dir.resolve(deviceId + ".tls.chain.pem"), X509Lab.pem(device(deviceId).certificate()));
    }

    /** An account's file: the NMS CA's certificate, which may issue the NMS's client certificate. */
    Path nmsCaFile() {
        return X509Lab.write(dir.resolve("nms-ca.pem"), X509Lab.pem(nmsCa.certificate()));
    }
}
