package org.callhome.nms.registry;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.callhome.shared.strategy.NmsHalf.Rejection;

/**
 * The last refused attempt to connect as a trusted device, and how many there were. Anyone can
 * present a trusted device's id (a device-ssh-client login name, a certificate's principal) or call
 * while it is connected; such a refusal says nothing about the device itself, so it is shown apart
 * from the device's own address, state and error.
 *
 * @param offeredFingerprint the key the refused peer presented
 */
record RefusedAttempt(long count, Instant at, String remoteAddress, String kind, String refusal, String reason,
                      String offeredFingerprint) {

    static RefusedAttempt after(RefusedAttempt previous, Rejection rejection, Instant now) {
        return new RefusedAttempt(previous == null ? 1 : previous.count + 1, now, rejection.remoteAddress(),
                rejection.kind().wireName(), rejection.refusal(), rejection.reason(), rejection.fingerprint());
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("at", at.toString())
                .put("remoteAddress", remoteAddress)
                .put("kind", kind)
                .put("refusal", refusal)
                .put("reason", reason)
                .put("offeredFingerprint", offeredFingerprint);
    }
}
