package org.callhome.shared.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device host keys pinned by device id, in known_hosts format. */
class KnownDevicesTest {

    private static final String ED25519 = SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic());
    private static final String ED25519_OTHER = SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic());
    private static final String ECDSA = ecdsaLine();

    @TempDir
    Path dir;

    @Test
    void loadsDevicesInFileOrderSkippingCommentsAndBlankLines() throws Exception {
        KnownDevices devices = load("""
                # devices of site A
                dev-17 %s router in rack 4

                  dev-3\t%s
                # end
                """.formatted(ED25519, ECDSA));

        assertEquals(List.of("dev-17", "dev-3"), List.copyOf(devices.asMap().keySet()));
        assertEquals(ED25519, SshKeys.toOpenSsh(devices.keyOf("dev-17").orElseThrow()));
        assertEquals(ECDSA, SshKeys.toOpenSsh(devices.keyOf("dev-3").orElseThrow()));
        assertEquals(Optional.empty(), devices.keyOf("dev-4"));
    }

    @Test
    void findsDeviceByKeyBlobWhateverObjectHoldsTheKey() throws Exception {
        KnownDevices devices = load("dev-17 " + ED25519 + "\n");

        assertEquals(Optional.of("dev-17"), devices.deviceFor(SshKeys.parsePublicKey(ED25519 + " another copy")));
        assertEquals(Optional.empty(), devices.deviceFor(SshKeys.parsePublicKey(ED25519_OTHER)));
        assertEquals(Optional.empty(), devices.deviceFor(KeyPairGenerator.getInstance("DSA").generateKeyPair().getPublic()));
    }

    @Test
    void findsJdkEd25519KeyPinnedThroughOf() throws Exception {
        PublicKey jdk = KeyPairGenerator.getInstance("Ed25519", "SunEC").generateKeyPair().getPublic();
        KnownDevices devices = KnownDevices.of(Map.of("dev-1", jdk));
        assertEquals(Optional.of("dev-1"), devices.deviceFor(SshKeys.parsePublicKey(SshKeys.toOpenSsh(jdk))));
    }

    @Test
    void refusesDuplicateDeviceIdNamingBothLines() {
        assertRefused("dev-1 " + ED25519 + "\n# comment\ndev-1 " + ECDSA + "\n",
                3, "device id 'dev-1' is already listed at line 1");
    }

    @Test
    void refusesSameKeyForTwoDevicesNamingBothLines() {
        assertRefused("dev-1 " + ED25519 + "\n\ndev-2 " + ED25519 + " copy\n",
                3, "device 'dev-2' has the same key as device 'dev-1' at line 1; each device needs its own key");
    }

    @Test
    void refusesWhatKnownHostsAllowsButAPinCannotSay() {
        assertRefused("dev-1 " + ED25519 + "\n@cert-authority * " + ECDSA + "\n", 2, "marker @cert-authority is not supported");
        assertRefused("@revoked dev-1 " + ECDSA + "\n", 1, "marker @revoked is not supported");
        assertRefused("|1|F1E1KeoE/eEWhi10WpGv4OdiO6Y=|3988QV0VE8wmZL7suNrYQLITLCg= " + ED25519 + "\n",
                1, "hashed host names (|1|...) are not supported");
        assertRefused("dev-1,dev-2 " + ED25519 + "\n", 1, "'dev-1,dev-2' lists several names");
        assertRefused("dev-* " + ED25519 + "\n", 1, "'dev-*' is a host pattern");
        assertRefused("!dev-1 " + ED25519 + "\n", 1, "'!dev-1' is a host pattern");
    }

    @Test
    void refusesBadKeysWithTheirLineNumber() {
        assertRefused("dev-1\n", 1, "missing public key after device id 'dev-1'");
        assertRefused("\n\ndev-1 ssh-dss AAAAB3NzaC1kc3M=\n", 3, "unsupported public key type 'ssh-dss'");
        assertRefused("dev-1 ssh-ed25519 not-base64!\n", 1, "ssh-ed25519 key data is not valid base64");
        assertRefused("dev-1 " + ECDSA.replace("ecdsa-sha2-nistp256", "ssh-ed25519") + "\n",
                1, "key data holds a ecdsa-sha2-nistp256 key, but the line says ssh-ed25519");
    }

    @Test
    void refusesMissingFileNamingIt() {
        Path file = dir.resolve("absent");
        IOException e = assertThrows(IOException.class, () -> KnownDevices.load(file));
        assertEquals(file + ": file does not exist", e.getMessage());
    }

    @Test
    void roundTripsThroughFileText() throws Exception {
        KnownDevices original = load("b " + ED25519 + " c1\n# x\na " + ECDSA + "\n");

        String text = original.toFileText();
        KnownDevices reloaded = load(text);

        assertEquals("b " + ED25519 + "\na " + ECDSA + "\n", text);
        assertEquals(List.of("b", "a"), List.copyOf(reloaded.asMap().keySet()));
        assertEquals(text, reloaded.toFileText());
    }

    @Test
    void ofRefusesWhatLoadRefuses() {
        PublicKey key = SshKeys.parsePublicKey(ED25519);
        Map<String, PublicKey> twice = new LinkedHashMap<>();
        twice.put("dev-1", key);
        twice.put("dev-2", SshKeys.parsePublicKey(ED25519));

        IllegalArgumentException sameKey = assertThrows(IllegalArgumentException.class, () -> KnownDevices.of(twice));
        assertEquals("device 'dev-2' has the same key as device 'dev-1'; each device needs its own key", sameKey.getMessage());
        IllegalArgumentException list = assertThrows(IllegalArgumentException.class, () -> KnownDevices.of(Map.of("a,b", key)));
        assertTrue(list.getMessage().contains("lists several names"), list.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KnownDevices.of(Map.of("dev 1", key)));
    }

    @Property(tries = 50)
    void anyPlainDeviceIdsRoundTripThroughTheFile(
            @ForAll @Size(min = 1, max = 5) @UniqueElements List<
                    @StringLength(min = 1, max = 20) @AlphaChars @NumericChars @Chars({'-', '_', '@', '.', ':'}) String> raw)
            throws IOException {
        // a device id starts with a letter or digit
        List<String> ids = raw.stream().map(id -> "d" + id).toList();
        Map<String, PublicKey> devices = new LinkedHashMap<>();
        ids.forEach(id -> devices.put(id, SshKeys.generateEd25519().getPublic()));
        KnownDevices original = KnownDevices.of(devices);
        Path file = Files.createTempFile("known-devices", ".txt");
        try {
            Files.writeString(file, original.toFileText());
            KnownDevices reloaded = KnownDevices.load(file);
            assertEquals(ids, List.copyOf(reloaded.asMap().keySet()));
            IntStream.range(0, ids.size()).forEach(i -> assertEquals(Optional.of(ids.get(i)),
                    reloaded.deviceFor(devices.get(ids.get(i)))));
        } finally {
            Files.delete(file);
        }
    }

    /** The API could neither open nor revoke such a device: the file is refused, naming the line. */
    @Test
    void idsTheApiRefusesAreRefusedWithTheirLine() throws Exception {
        for (String id : List.of("..", "a/b", "../etc", "<b>dev</b>", "-dev", "x".repeat(65), "dev\u202e1")) {
            assertRefused("dev-1 " + ED25519 + "\n" + id + " " + ED25519_OTHER + "\n", 2, "device id ");
            assertThrows(IllegalArgumentException.class, () -> KnownDevices.of(Map.of(id, SshKeys.parsePublicKey(
                    ED25519))), id);
        }
        String longest = "x".repeat(64);
        assertEquals(List.of(longest), List.copyOf(load(longest + " " + ED25519 + "\n").asMap().keySet()));
    }

    /** A .pub file given as the trust file: the device id is missing, not the key type unknown. */
    @Test
    void aLineStartingWithAKeyTypeSaysWhatALineMustLookLike() {
        assertRefused("# devices\n" + ED25519 + " root@dev-17\n", 2, "the line starts with the key type "
                + "'ssh-ed25519', but a line must start with the device id: '<device-id> <key-type> <base64-key> "
                + "[comment]', such as 'dev-17 ssh-ed25519 AAAA...'");
        assertRefused(ECDSA + "\n", 1, "the line starts with the key type 'ecdsa-sha2-nistp256'");
    }

    @Test
    void aDeviceIdThatLooksLikeAKeyTypeIsStillADeviceId() throws Exception {
        KnownDevices devices = load("ssh-gateway-1 " + ED25519 + "\n");
        assertEquals(List.of("ssh-gateway-1"), List.copyOf(devices.asMap().keySet()));
    }

    @Test
    void aPrivateKeyGivenAsTheTrustFileSaysWhatTheFileMustHold() throws Exception {
        Path key = dir.resolve("dev-17_host_key");
        SshKeys.writePrivateKey(SshKeys.generateEd25519(), key);
        IOException e = assertThrows(IOException.class, () -> KnownDevices.load(key));
        assertEquals(key + ":1: this is a private key, but this file lists public keys, one a line: '<device-id> "
                + "<key-type> <base64-key> [comment]', such as 'dev-17 ssh-ed25519 AAAA...'; 'ssh-keygen -y -f "
                + "KEYFILE' prints the public key of a private key", e.getMessage());
    }

    private KnownDevices load(String text) throws IOException {
        Path file = Files.createTempFile(dir, "known-devices", ".txt");
        Files.writeString(file, text);
        return KnownDevices.load(file);
    }

    private void assertRefused(String text, int line, String what) {
        Path file = dir.resolve("bad-" + System.nanoTime());
        IOException e = assertThrows(IOException.class, () -> {
            Files.writeString(file, text);
            KnownDevices.load(file);
        });
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": " + what), () -> "message was: " + e.getMessage());
    }

    private static String ecdsaLine() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return SshKeys.toOpenSsh(generator.generateKeyPair().getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
