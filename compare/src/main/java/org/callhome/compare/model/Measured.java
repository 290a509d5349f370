package org.callhome.compare.model;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One number the run measured, with its unit and how it was measured (shown next to it in every
 * report).
 *
 * @param method how the value was obtained, in one sentence: what was timed or counted, where
 */
public record Measured(double value, String unit, String method) {

    public Measured {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(method, "method");
    }

    public JsonObject toJson() {
        return new JsonObject().put("value", value).put("unit", unit).put("method", method);
    }
}
