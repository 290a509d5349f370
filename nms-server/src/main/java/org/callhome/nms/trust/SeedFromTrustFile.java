package org.callhome.nms.trust;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.callhome.nms.trust.TrustedDevice.Source;
import org.callhome.shared.ssh.KnownDevices;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trust-file rule, applied at start for each strategy given a trust file: the devices it lists
 * are trusted ({@link Source#TRUST_FILE}), re-keyed as it says, and dropped once it no longer lists
 * them; devices approved through the API and those of other strategies stay. A key revoked through
 * the API stays untrusted although the file lists it. A file that would give an id a second
 * strategy, or a trusted key to another id, stops the start.
 */
record SeedFromTrustFile(CallHomeStrategy strategy, KnownDevices file) implements TrustChange<Void, IOException> {

    /** The store's log: an operator finds every trust change under one name. */
    private static final Logger LOG = LoggerFactory.getLogger(TrustStore.class);

    @Override
    public Applied<Void> applyTo(TrustSnapshot before, Instant now) throws IOException {
        TrustSnapshot.Draft draft = before.draft();
        Set<String> listed = new HashSet<>();
        for (Map.Entry<String, PublicKey> line : file.asMap().entrySet()) {
            String id = line.getKey();
            PublicKey key = line.getValue();
            String fingerprint = SshKeys.fingerprint(key);
            Revocation revocation = draft.revocationOf(fingerprint).orElse(null);
            if (revocation != null) {
                LOG.warn("device {} in the {} trust file has key {}, revoked through the API at {}: not trusted "
                        + "until it is approved again", id, strategy.wireName(), fingerprint, revocation.revokedAt());
                continue;
            }
            TrustedDevice existing = draft.device(id).orElse(null);
            if (existing != null && existing.strategy() != strategy) {
                throw new IOException("device id '" + id + "' is in the " + strategy.wireName() + " trust file but "
                        + "already trusted for " + existing.strategy().wireName() + " (" + existing.source().origin()
                        + "): a device uses one strategy");
            }
            String owner = draft.ownerOf(fingerprint, id);
            if (owner != null) {
                throw new IOException("the key of device '" + id + "' in the " + strategy.wireName()
                        + " trust file (" + fingerprint + ") is already trusted for device '" + owner + "' ("
                        + draft.device(owner).orElseThrow().source().origin() + "); each device needs its own key");
            }
            boolean sameKey = existing != null && existing.fingerprint().equals(fingerprint);
            if (existing != null && !sameKey) {
                LOG.warn("device {}: the {} trust file's key {} replaces the trusted key {}", id,
                        strategy.wireName(), fingerprint, existing.fingerprint());
            }
            draft.trust(new TrustedDevice(id, strategy, key, fingerprint,
                    existing == null ? null : existing.credentials(), existing == null ? null : existing.notes(),
                    sameKey ? existing.trustedAt() : now, Source.TRUST_FILE));
            listed.add(id);
        }
        draft.distrustIf(device -> {
            boolean dropped = device.source() == Source.TRUST_FILE && device.strategy() == strategy
                    && !listed.contains(device.id());
            if (dropped) {
                LOG.info("device {} is no longer in the {} trust file: no longer trusted", device.id(),
                        strategy.wireName());
            }
            return dropped;
        });
        return new Applied<>(draft.snapshot(), null);
    }
}
