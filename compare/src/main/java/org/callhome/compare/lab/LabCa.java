package org.callhome.compare.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.certificate.OpenSshCertificateBuilder;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.KrlWriter;

/**
 * A certificate authority of a comparison run: an Ed25519 key pair made for the run, its public
 * key written as the file the NMS's {@code --device-ca} or a device's {@code cert-authority}
 * line names, and the OpenSSH certificates it signs, written as {@code ssh-keygen -s} writes them
 * ({@code <type>-cert-v01@openssh.com <base64> <key id>}). Serials count up from 1, so a
 * certificate can be revoked by its serial.
 */
public final class LabCa implements LabAuthority {

    /** How long a certificate is valid by default: from a few minutes ago for a month. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final String name;
    private final KeyPair key;
    private final Path publicKeyFile;
    private long lastSerial;

    private LabCa(String name, KeyPair key, Path publicKeyFile) {
        this.name = name;
        this.key = key;
        this.publicKeyFile = publicKeyFile;
    }

    /** A new CA named {@code name}; its private key stays in memory, its public key goes to {@code <folder>/<name>.pub}. */
    static LabCa create(Path folder, String name) throws IOException {
        KeyPair key = SshKeys.generateEd25519();
        Path file = Files.createDirectories(folder).resolve(name + ".pub");
        Files.writeString(file, SshKeys.toOpenSsh(key.getPublic()) + " " + name + "\n", StandardCharsets.UTF_8);
        return new LabCa(name, key, file);
    }

    @Override
    public String name() {
        return name;
    }

    public PublicKey publicKey() {
        return key.getPublic();
    }

    /** The CA's public key in OpenSSH form, one line, as {@code --device-ca} reads it. */
    public Path publicKeyFile() {
        return publicKeyFile;
    }

    @Override
    public String fingerprint() {
        return SshKeys.fingerprint(key.getPublic());
    }

    @Override
    public String certificateSuffix() {
        return "-cert.pub";
    }

    /** A certificate this CA signed, and where it was written. */
    public record Issued(Path file, OpenSshCertificate certificate) implements LabAuthority.Certificate {
        @Override
        public long serial() {
            return certificate.getSerial();
        }
    }

    /** Signs {@code subject} for {@code principals}, valid from a few minutes ago for {@link #DEFAULT_VALIDITY}. */
    public Issued issue(Path file, PublicKey subject, OpenSshCertificate.Type type, String keyId,
                        List<String> principals) throws IOException {
        Instant now = Instant.now();
        return issue(file, subject, type, keyId, principals, now.minus(CLOCK_SKEW), now.plus(DEFAULT_VALIDITY));
    }

    /**
     * Signs {@code subject} for {@code principals}, valid from {@code validAfter} to
     * {@code validBefore}, with the next serial, and writes the certificate to {@code file}.
     */
    public synchronized Issued issue(Path file, PublicKey subject, OpenSshCertificate.Type type, String keyId,
                                     List<String> principals, Instant validAfter, Instant validBefore)
            throws IOException {
        Objects.requireNonNull(file, "file");
        OpenSshCertificateBuilder builder = type == OpenSshCertificate.Type.HOST
                ? OpenSshCertificateBuilder.hostCertificate() : OpenSshCertificateBuilder.userCertificate();
        OpenSshCertificate certificate;
        try {
            builder.publicKey(subject).serial(++lastSerial).id(keyId).principals(principals)
                    .validAfter(validAfter).validBefore(validBefore);
            certificate = builder.sign(key);
        } catch (Exception e) {
            throw new IOException("CA " + name + " could not sign " + keyId + ": " + e.getMessage(), e);
        }
        ByteArrayBuffer buffer = new ByteArrayBuffer();
        buffer.putRawPublicKey(certificate);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, KeyUtils.getKeyType(certificate) + " "
                + Base64.getEncoder().encodeToString(buffer.getCompactData()) + " " + keyId + "\n",
                StandardCharsets.UTF_8);
        return new Issued(file, certificate);
    }

    @Override
    public Issued certifyDevice(Path file, PublicKey key, OpenSshCertificate.Type role, String identity,
                                Instant validAfter, Instant validBefore) throws IOException {
        return issue(file, key, role, identity, List.of(identity), validAfter, validBefore);
    }

    @Override
    public void writeRevocations(Path file, List<Long> serials, String comment) throws IOException {
        KrlWriter.Builder krl = KrlWriter.builder().comment(comment);
        if (!serials.isEmpty()) {
            krl.revokeSerials(key.getPublic(), serials.stream().mapToLong(Long::longValue).toArray()).version(1);
        }
        krl.build().write(file);
    }
}
