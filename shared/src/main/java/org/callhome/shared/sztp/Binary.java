package org.callhome.shared.sztp;

import java.util.Arrays;
import java.util.Base64;

/**
 * The value of a YANG {@code binary} leaf: bytes that RFC 7951 §6.6 writes as base64 with padding
 * (RFC 4648 §4); reading accepts it without the padding too. Immutable: the bytes are copied in
 * and out, and two values are equal when their bytes are.
 */
public final class Binary {

    private final byte[] bytes;

    private Binary(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static Binary of(byte[] bytes) {
        return new Binary(bytes.clone());
    }

    /**
     * Reads base64 as RFC 7951 writes it: the standard alphabet with padding, no line breaks.
     *
     * @throws IllegalArgumentException when it is not such base64
     */
    public static Binary ofBase64(String text) {
        return new Binary(Base64.getDecoder().decode(text));
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The bytes in base64 with padding, as RFC 7951 writes a binary leaf. */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Binary binary && Arrays.equals(bytes, binary.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The length only: a binary leaf may be a secret (a nonce, a script). */
    @Override
    public String toString() {
        return "Binary[" + bytes.length + " bytes]";
    }
}
