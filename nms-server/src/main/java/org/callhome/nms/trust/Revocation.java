package org.callhome.nms.trust;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A key revoked through the API: no trust file can bring it back, only an approval. */
public record Revocation(String id, String fingerprint, Instant revokedAt) {

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("fingerprint", fingerprint).put("revokedAt", revokedAt.toString());
    }
}
