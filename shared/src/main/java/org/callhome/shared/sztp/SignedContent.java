package org.callhome.shared.sztp;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a verified SignedData held: the certificate whose key verified its one signature, the
 * encapsulated content, and the certificates it carried (which the signer's need not be among).
 * The signature is verified; whether the signer is trusted is the caller's decision.
 */
public record SignedContent(X509Certificate signer, byte[] content, List<X509Certificate> certificates) {

    public SignedContent {
        content = content.clone();
        certificates = List.copyOf(certificates);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
