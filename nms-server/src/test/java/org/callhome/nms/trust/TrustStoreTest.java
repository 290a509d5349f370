package org.callhome.nms.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.callhome.nms.trust.TrustedDevice.Source;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust store on real files: what survives a restart, and how trust files and the API combine. */
class TrustStoreTest {

    private static final CallHomeStrategy REVERSE = CallHomeStrategy.REVERSE_SSH;
    private static final CallHomeStrategy DEVICE_SSH = CallHomeStrategy.DEVICE_SSH_CLIENT;

    @TempDir
    Path dir;

    private final KeyPair key1 = SshKeys.generateEd25519();
    private final KeyPair key2 = SshKeys.generateEd25519();

    @Test
    void anApprovalIsSeenByTheHalvesAtOnceAndSurvivesARestart() throws Exception {
        TrustStore store = open(Map.of());
        DeviceTrust reverse = store.view(REVERSE);
        assertTrue(reverse.deviceFor(key1.getPublic()).isEmpty());

        TrustStore.Approval approval = store.approve("dev-1", REVERSE, key1.getPublic(), null, "rack 7");
        assertTrue(approval.created());
        assertEquals("dev-1", reverse.deviceFor(key1.getPublic()).orElseThrow());
        assertTrue(store.view(DEVICE_SSH).deviceFor(key1.getPublic()).isEmpty(), "trusted for one strategy only");
        assertTrue(store.trusts(REVERSE, "dev-1", SshKeys.fingerprint(key1.getPublic())));

        TrustedDevice reread = open(Map.of()).device("dev-1").orElseThrow();
        assertEquals(REVERSE, reread.strategy());
        assertEquals(SshKeys.fingerprint(key1.getPublic()), reread.fingerprint());
        assertEquals("rack 7", reread.notes());
        assertEquals(Source.API, reread.source());
    }

    @Test
    void trustFileDevicesFollowTheFileWhileApiDevicesStay() throws Exception {
        TrustStore first = open(Map.of(REVERSE, known("dev-file", key1.getPublic())));
        first.approve("dev-api", REVERSE, key2.getPublic(), null, null);
        assertEquals(Source.TRUST_FILE, first.device("dev-file").orElseThrow().source());

        TrustStore second = open(Map.of(REVERSE, KnownDevices.of(Map.of())));
        assertTrue(second.device("dev-file").isEmpty(), "dropped from the file, so no longer trusted");
        assertTrue(second.device("dev-api").isPresent(), "approved through the API, kept");

        TrustStore third = open(Map.of());
        assertTrue(third.device("dev-api").isPresent());
    }

    @Test
    void revokingAnIdTheStoreDoesNotHoldRefusesItToCertificatesUntilItIsApproved() throws Exception {
        TrustStore store = open(Map.of());
        String fingerprint = SshKeys.fingerprint(key1.getPublic());
        Revocation revocation = store.revokeCertified("dev-cert", fingerprint).orElseThrow();
        assertEquals(fingerprint, revocation.fingerprint());
        assertEquals(revocation, store.view(REVERSE).revocationOf("dev-cert").orElseThrow());
        assertEquals(revocation, store.view(DEVICE_SSH).revocationOf("dev-cert").orElseThrow(),
                "an id is one device, whatever strategy it calls with");
        assertEquals(revocation, store.revokeCertified("dev-cert", fingerprint).orElseThrow(), "revoked once");
        assertEquals(revocation, open(Map.of()).revocationOf("dev-cert").orElseThrow(), "kept across a restart");

        store.approve("dev-cert", REVERSE, key2.getPublic(), null, null);
        assertTrue(store.revocationOf("dev-cert").isEmpty(), "an approval of the id ends it");
        assertTrue(store.revokeCertified("dev-cert", fingerprint).isEmpty(), "a trusted id is revoke()'s to revoke");
    }

    @Test
    void revokingAPinnedDeviceAlsoRefusesItsIdToCertificates() throws Exception {
        TrustStore store = open(Map.of());
        store.approve("dev-1", REVERSE, key1.getPublic(), null, null);
        assertTrue(store.revocationOf("dev-1").isEmpty());
        store.revoke("dev-1");
        assertEquals(SshKeys.fingerprint(key1.getPublic()), store.revocationOf("dev-1").orElseThrow().fingerprint());
    }

    @Test
    void aFileOnlyGovernsTheStrategyItWasGivenFor() throws Exception {
        open(Map.of(DEVICE_SSH, known("dev-dc", key1.getPublic())));
        TrustStore reopened = open(Map.of(REVERSE, KnownDevices.of(Map.of())));
        assertTrue(reopened.device("dev-dc").isPresent(), "no device-ssh-client file given: its devices stay");
    }

    @Test
    void aRevokedKeyStaysUntrustedEvenIfATrustFileStillListsItUntilApprovedAgain() throws Exception {
        KnownDevices file = known("dev-1", key1.getPublic());
        TrustStore store = open(Map.of(REVERSE, file));
        assertEquals("dev-1", store.revoke("dev-1").orElseThrow().id());
        assertTrue(store.view(REVERSE).deviceFor(key1.getPublic()).isEmpty());

        TrustStore restarted = open(Map.of(REVERSE, file));
        assertTrue(restarted.device("dev-1").isEmpty(), "the file cannot bring back a revoked key");
        assertEquals(SshKeys.fingerprint(key1.getPublic()), restarted.revocations().get(0).fingerprint());

        restarted.approve("dev-1", REVERSE, key1.getPublic(), null, null);
        assertTrue(restarted.revocations().isEmpty());
        assertTrue(open(Map.of(REVERSE, file)).device("dev-1").isPresent());
    }

    @Test
    void oneIdIsOneDeviceAndOneKeyIsOneDevice() throws Exception {
        TrustStore store = open(Map.of());
        store.approve("dev-1", REVERSE, key1.getPublic(), null, null);

        TrustConflictException otherKey = assertThrows(TrustConflictException.class,
                () -> store.approve("dev-1", REVERSE, key2.getPublic(), null, null));
        assertTrue(otherKey.getMessage().contains("another key"), otherKey.getMessage());
        TrustConflictException otherStrategy = assertThrows(TrustConflictException.class,
                () -> store.approve("dev-1", DEVICE_SSH, key1.getPublic(), null, null));
        assertTrue(otherStrategy.getMessage().contains("for reverse-ssh"), otherStrategy.getMessage());
        TrustConflictException sameKey = assertThrows(TrustConflictException.class,
                () -> store.approve("dev-2", DEVICE_SSH, key1.getPublic(), null, null));
        assertTrue(sameKey.getMessage().contains("already trusted for device 'dev-1'"), sameKey.getMessage());

        assertFalse(store.approve("dev-1", REVERSE, key1.getPublic(), null, null).created(), "the same again");
        assertEquals(1, store.devices().size());
    }

    @Test
    void aTrustFileCannotGiveAnApprovedKeyToAnotherId() throws Exception {
        open(Map.of()).approve("dev-api", REVERSE, key1.getPublic(), null, null);
        IOException refused = assertThrows(IOException.class,
                () -> open(Map.of(REVERSE, known("dev-file", key1.getPublic()))));
        assertTrue(refused.getMessage().contains("already trusted for device 'dev-api'"), refused.getMessage());
    }

    @Test
    void idsTheApiCannotCarryAreRefused() throws Exception {
        TrustStore store = open(Map.of());
        for (String id : List.of("", "a b", "../etc", "x".repeat(65), "dev\u0000", "<script>")) {
            assertThrows(IllegalArgumentException.class,
                    () -> store.approve(id, REVERSE, key1.getPublic(), null, null), id);
        }
        assertTrue(store.devices().isEmpty());
    }

    @Test
    void aStoreEntryWithAnIdTheApiRefusesStopsTheStartNamingTheEntry() throws Exception {
        open(Map.of()).approve("dev-1", REVERSE, key1.getPublic(), null, null);
        open(Map.of()).approve("dev-2", REVERSE, key2.getPublic(), null, null);
        Path file = dir.resolve(TrustStore.FILE_NAME);
        String good = Files.readString(file);
        for (String id : List.of("..", "a/b", "<img src=x onerror=alert(1)>", "-dev", "x".repeat(65))) {
            String bad = good.replace("\"dev-2\"", "\"" + id.replace("\"", "\\\"") + "\"");
            Files.writeString(file, bad);
            IOException refused = assertThrows(IOException.class, () -> open(Map.of()), id);
            assertTrue(refused.getMessage().startsWith(file + ": devices[1]: device id "), refused.getMessage());
            assertTrue(refused.getMessage().contains("must be 1 to 64 characters"), refused.getMessage());
            assertEquals(bad, Files.readString(file), "left as it was");
        }
        Files.writeString(file, good.replace("\"dev-2\"", "\"" + "x".repeat(64) + "\""));
        assertTrue(open(Map.of()).device("x".repeat(64)).isPresent(), "the longest id is taken");
    }

    @Test
    void temporaryFilesOfWritesKilledMidwayAreRemovedAtStartAndNothingElse() throws Exception {
        open(Map.of()).approve("dev-1", REVERSE, key1.getPublic(), null, null);
        List<Path> leftovers = List.of(dir.resolve(TrustStore.FILE_NAME + ".tmp-" + UUID.randomUUID()),
                dir.resolve(TrustStore.FILE_NAME + ".tmp-"), dir.resolve(".ssh_host_ed25519_key.4711.tmp"));
        List<Path> kept = List.of(dir.resolve("ssh_host_ed25519_key"), dir.resolve(TrustStore.FILE_NAME + ".bak"),
                dir.resolve("notes.tmp"), dir.resolve(".ssh_host_ed25519_key.x.tmp"));
        for (Path file : leftovers) {
            Files.writeString(file, "{half a store");
        }
        for (Path file : kept) {
            Files.writeString(file, "kept");
        }
        TrustStore store = open(Map.of());
        for (Path file : leftovers) {
            assertFalse(Files.exists(file), file + " removed");
        }
        for (Path file : kept) {
            assertEquals("kept", Files.readString(file), file + " kept");
        }
        assertTrue(store.device("dev-1").isPresent(), "the store itself is read as saved");
    }

    @Test
    void aDamagedStoreStopsTheStartAndIsNotOverwritten() throws Exception {
        Path file = dir.resolve(TrustStore.FILE_NAME);
        for (String damaged : List.of("{not json", "[]", "{\"format\": \"other/1\"}",
                "{\"format\": \"callhome-nms-trust/1\", \"devices\": [{\"id\": \"dev-1\"}]}")) {
            Files.writeString(file, damaged);
            IOException refused = assertThrows(IOException.class, () -> open(Map.of()), damaged);
            assertTrue(refused.getMessage().startsWith(file.toString()), refused.getMessage());
            for (String internal : List.of("Failed to decode", "[Source", "`", "LinkedHashMap", "Unexpected")) {
                assertFalse(refused.getMessage().contains(internal), refused.getMessage());
            }
            assertEquals(damaged, Files.readString(file), "left as it was");
        }
        Files.writeString(file, "{not json");
        assertEquals(file + ": line 1, column 2: not valid JSON: unexpected 'n'; expected a member name in double "
                + "quotes", assertThrows(IOException.class, () -> open(Map.of())).getMessage());
        Files.writeString(file, "[]");
        assertEquals(file + ": not a trust store, which is one JSON object with \"format\": \"callhome-nms-trust/1\"",
                assertThrows(IOException.class, () -> open(Map.of())).getMessage());
    }

    @Test
    void perDeviceCredentialsKeepOnlyTheKeyFilePathInTheStore() throws Exception {
        Path identity = dir.resolve("dev-1-nms-key");
        KeyPair nmsKey = SshKeys.generateEd25519();
        SshKeys.writePrivateKey(nmsKey, identity);
        TrustStore store = open(Map.of());
        store.approve("dev-1", REVERSE, key1.getPublic(), TrustStore.credentials("dev-1", "ops", identity), null);

        NmsCredentials credentials = open(Map.of()).view(REVERSE).credentialsFor("dev-1").orElseThrow();
        assertEquals("ops", credentials.username());
        assertEquals(SshKeys.fingerprint(nmsKey.getPublic()), SshKeys.fingerprint(credentials.identity().getPublic()));
        String stored = Files.readString(dir.resolve(TrustStore.FILE_NAME), StandardCharsets.UTF_8);
        assertTrue(stored.contains(identity.toString()));
        assertFalse(stored.contains("PRIVATE"), stored);
        assertFalse(credentials.toString().contains("Ed25519PrivateKey"), credentials.toString());

        IOException missing = assertThrows(IOException.class,
                () -> TrustStore.credentials("dev-2", null, dir.resolve("no-such-key")));
        assertTrue(missing.getMessage().contains("dev-2"), missing.getMessage());
    }

    @Test
    void readsAnswerAtOnceFromTheLastSavedStateWhileASaveIsStalled() throws Exception {
        StalledSaves saves = new StalledSaves();
        TrustStore store = saves.open(dir, Map.of());
        store.approve("dev-1", REVERSE, key1.getPublic(), null, null);
        saves.stall();
        CompletableFuture<TrustStore.Approval> approving = CompletableFuture.supplyAsync(() -> {
            try {
                return store.approve("dev-2", REVERSE, key2.getPublic(), null, null);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        assertTrue(saves.awaitStalledSave(Duration.ofSeconds(10)), "the approval reached its save");

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals(List.of("dev-1"), store.devices().stream().map(TrustedDevice::id).toList());
            assertTrue(store.device("dev-2").isEmpty());
            assertTrue(store.revocations().isEmpty());
            assertTrue(store.view(REVERSE).deviceFor(key2.getPublic()).isEmpty());
            assertEquals(1, store.view(REVERSE).size());
            assertFalse(store.trusts(REVERSE, "dev-2", SshKeys.fingerprint(key2.getPublic())));
        }, "a read waited for the save");
        assertFalse(saves.released());
        assertFalse(approving.isDone());

        saves.release();
        assertTrue(approving.get(10, TimeUnit.SECONDS).created());
        assertEquals("dev-2", store.view(REVERSE).deviceFor(key2.getPublic()).orElseThrow());
        assertTrue(open(Map.of()).device("dev-2").isPresent());
    }

    @Test
    void aFailedSaveLeavesTheStoreAndItsFileAsTheyWere() throws Exception {
        AtomicBoolean diskFull = new AtomicBoolean();
        TrustStore store = TrustStore.open(dir, Map.of(), Clock.systemUTC(), (file, bytes) -> {
            if (diskFull.get()) {
                throw new IOException("No space left on device");
            }
            TrustFile.ATOMIC.replace(file, bytes);
        });
        store.approve("dev-1", REVERSE, key1.getPublic(), null, null);
        store.approve("dev-2", REVERSE, key2.getPublic(), null, null);
        store.revoke("dev-1");
        Path file = dir.resolve(TrustStore.FILE_NAME);
        String saved = Files.readString(file);

        diskFull.set(true);
        assertEquals("No space left on device", assertThrows(IOException.class,
                () -> store.approve("dev-1", REVERSE, key1.getPublic(), null, null)).getMessage());
        assertThrows(IOException.class, () -> store.revoke("dev-2"));
        assertTrue(store.device("dev-1").isEmpty(), "not approved again");
        assertEquals(SshKeys.fingerprint(key1.getPublic()), store.revocations().get(0).fingerprint(), "still revoked");
        assertEquals(1, store.revocations().size());
        assertEquals("dev-2", store.view(REVERSE).deviceFor(key2.getPublic()).orElseThrow(), "not revoked");
        assertTrue(store.view(REVERSE).deviceFor(key1.getPublic()).isEmpty());
        assertEquals(saved, Files.readString(file));

        diskFull.set(false);
        assertEquals("dev-2", store.revoke("dev-2").orElseThrow().id());
        assertEquals(2, open(Map.of()).revocations().size());
    }

    @Test
    void eachSavedChangeAddsARevisionAndTheFileKeepsItButAChangeOfNothingDoesNot() throws Exception {
        TrustStore store = open(Map.of(REVERSE, known("dev-file", key1.getPublic())));
        assertEquals(0, store.revision(), "applying the trust files at start is no revision");
        store.approve("dev-api", REVERSE, key2.getPublic(), null, null);
        assertEquals(1, store.revision());
        store.approve("dev-api", REVERSE, key2.getPublic(), null, null);
        assertEquals(1, store.revision(), "the same approval again changes nothing");
        store.reseed();
        assertEquals(1, store.revision(), "the same trust files again change nothing");
        store.revoke("dev-api");
        assertEquals(2, store.revision());
        assertEquals(2, open(Map.of(REVERSE, known("dev-file", key1.getPublic()))).revision(), "kept in the file");
    }

    @Test
    void aNewerCopyIsTakenWithWhatItChangedAndAnOlderOneIsNot() throws Exception {
        TrustStore here = open(Map.of(REVERSE, known("dev-file", key1.getPublic())));
        Path elsewhere = dir.resolve("elsewhere");
        TrustStore there = TrustStore.open(elsewhere, Map.of(REVERSE, known("dev-file", key1.getPublic())),
                Clock.systemUTC());
        there.approve("dev-api", DEVICE_SSH, key2.getPublic(), null, null);
        there.revoke("dev-file");

        TrustStore.Adopted adopted = here.adopt(there.encoded(), "node b", false).orElseThrow();
        assertEquals(List.of("dev-api"), adopted.trusted().stream().map(TrustedDevice::id).toList());
        assertEquals(List.of("dev-file"), adopted.distrusted().stream().map(TrustedDevice::id).toList());
        assertEquals(2, here.revision());
        assertTrue(here.device("dev-api").isPresent());
        assertTrue(here.view(REVERSE).deviceFor(key1.getPublic()).isEmpty(), "the revocation applies here at once");
        TrustStore reread = open(Map.of());
        assertEquals(2, reread.revision(), "saved here before it was taken");
        assertTrue(reread.device("dev-file").isEmpty());

        assertTrue(here.adopt(there.encoded(), "node b", false).isEmpty(), "the same revision again is not taken");
        here.approve("dev-3", REVERSE, SshKeys.generateEd25519().getPublic(), null, null);
        assertTrue(here.adopt(there.encoded(), "node b", true).isEmpty(), "an older copy is never taken");
        assertTrue(here.device("dev-3").isPresent());
    }

    @Test
    void aCopyThatIsNotAStoreIsRefusedAndChangesNothing() throws Exception {
        TrustStore store = open(Map.of());
        store.approve("dev-1", REVERSE, key1.getPublic(), null, null);
        IOException refused = assertThrows(IOException.class,
                () -> store.adopt("{\"format\": \"callhome-nms-trust/1\", \"revision\": \"x\"}", "node b", true));
        assertTrue(refused.getMessage().startsWith("node b: "), refused.getMessage());
        assertTrue(store.device("dev-1").isPresent());
        assertEquals(1, open(Map.of()).revision());
    }

    @Test
    void aChangeTheOtherCopiesDidNotTakeIsNotMade() throws Exception {
        TrustStore store = open(Map.of());
        store.replicateThrough(() -> new TrustStore.Replication.Turn() {
            @Override
            public void share(long revision, String encoded) throws IOException {
                throw new IOException("the cluster did not hand the change to the cluster: no members");
            }

            @Override
            public void close() {
            }
        });
        assertThrows(IOException.class, () -> store.approve("dev-1", REVERSE, key1.getPublic(), null, null));
        assertTrue(store.device("dev-1").isEmpty());
        assertEquals(0, store.revision());
        assertTrue(open(Map.of()).device("dev-1").isEmpty(), "nor saved");
    }

    private TrustStore open(Map<CallHomeStrategy, KnownDevices> seeds) throws IOException {
        return TrustStore.open(dir, seeds, Clock.systemUTC());
    }

    private static KnownDevices known(String id, PublicKey key) {
        return KnownDevices.of(Map.of(id, key));
    }
}
