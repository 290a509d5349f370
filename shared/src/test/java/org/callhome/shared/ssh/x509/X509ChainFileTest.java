package org.callhome.shared.ssh.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An X.509 certificate chain read from PEM for a key of ours, and the start errors of a wrong file. */
class X509ChainFileTest {

    @TempDir
    Path dir;

    private final X509Lab lab = new X509Lab();

    @Test
    void aChainOfTheKeyBecomesItsLoginPair() throws IOException {
        X509Lab.Issued root = lab.root("NMS CA").issue();
        KeyPair key = X509Lab.ec("secp256r1");
        X509Certificate user = lab.device(root, null).subject("CN=nms").key(key).issue().certificate();
        Path file = X509Lab.write(dir.resolve("chain.pem"), X509Lab.pem(user, root.certificate()));

        assertTrue(X509ChainFile.isPem(file));
        KeyPair pair = X509PublicKey.keyPair(key, X509ChainFile.load(file, key, dir.resolve("key.pem")));

        X509PublicKey chain = assertInstanceOf(X509PublicKey.class, pair.getPublic());
        assertEquals(user, chain.endEntity());
        assertEquals(2, chain.chain().size());
        assertEquals(key.getPrivate(), pair.getPrivate());
    }

    @Test
    void aChainOfAnotherKeyIsAStartErrorNamingTheFile() {
        X509Lab.Issued root = lab.root("NMS CA").issue();
        X509Certificate user = lab.device(root, null).subject("CN=nms").issue().certificate();
        Path file = X509Lab.write(dir.resolve("chain.pem"), X509Lab.pem(user));

        IOException e = assertThrows(IOException.class, () -> X509ChainFile.load(file, X509Lab.ec("secp256r1"),
                dir.resolve("key.pem")));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("holds key"), e.getMessage());
        assertTrue(e.getMessage().contains("give the private key the certificate was made for"), e.getMessage());
    }

    @Test
    void anOpenSshCertificateLineIsNotPem() throws IOException {
        Path file = X509Lab.write(dir.resolve("id-cert.pub"), "ssh-ed25519-cert-v01@openssh.com AAAA nms\n");
        assertFalse(X509ChainFile.isPem(file));
    }
}
