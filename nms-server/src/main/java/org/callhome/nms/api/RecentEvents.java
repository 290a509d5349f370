package org.callhome.nms.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.registry.DeviceRegistry;

/**
 * {@code GET /api/events/recent}: the last {@link #MAX_EVENTS} registry events, oldest first, each
 * as the event stream sends it ({@code sequence} is its {@code id:}, {@code type} its
 * {@code event:}, {@code data} its {@code data:}), so that the dashboard shows what happened before
 * it was opened and a script can read the same with one request. Bounded because any peer that
 * dials the NMS causes events. Lives on the registry's context, as its subscriber.
 */
final class RecentEvents {

    static final int MAX_EVENTS = 100;

    private final Deque<DeviceEvent> events = new ArrayDeque<>(MAX_EVENTS);

    RecentEvents(DeviceRegistry registry) {
        registry.subscribe(this::add);
    }

    private void add(DeviceEvent event) {
        if (events.size() == MAX_EVENTS) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    JsonArray toJson() {
        JsonArray array = new JsonArray();
        for (DeviceEvent event : events) {
            array.add(new JsonObject().put("sequence", event.sequence()).put("type", event.kind().wireName())
                    .put("data", event.data()));
        }
        return array;
    }
}
