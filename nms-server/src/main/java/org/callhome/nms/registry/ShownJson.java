package org.callhome.nms.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.callhome.shared.text.PeerText;

/**
 * What the registry hands to the API and the event stream, made safe to show: every string value,
 * at any depth, has its control, format (the bidirectional overrides and isolates among them) and
 * separator characters escaped ({@link PeerText#neutralised}). Device ids, peers' error messages,
 * banners, usernames, claimed names and addresses all pass here, so no peer-chosen text can reorder
 * or hide what the dashboard shows around it. Ordinary text comes out as it went in.
 */
final class ShownJson {

    private ShownJson() {
    }

    static JsonObject of(JsonObject json) {
        JsonObject shown = new JsonObject();
        for (Map.Entry<String, Object> field : json) {
            shown.put(field.getKey(), value(field.getValue()));
        }
        return shown;
    }

    static JsonArray of(JsonArray json) {
        JsonArray shown = new JsonArray();
        for (Object item : json) {
            shown.add(value(item));
        }
        return shown;
    }

    private static Object value(Object value) {
        if (value instanceof String text) {
            return PeerText.neutralised(text);
        }
        if (value instanceof JsonObject object) {
            return of(object);
        }
        if (value instanceof JsonArray array) {
            return of(array);
        }
        return value;
    }
}
