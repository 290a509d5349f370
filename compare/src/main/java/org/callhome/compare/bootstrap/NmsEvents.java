package org.callhome.compare.bootstrap;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.callhome.nms.NmsServer;
import org.callhome.nms.registry.DeviceEvent;

/**
 * The {@code bootstrap-progress} events one NMS published, each with the time it arrived
 * ({@link System#nanoTime}); filled on the NMS's registry context, read from the scenario's thread.
 */
final class NmsEvents {

    /** One event as received. */
    record Received(long nanos, JsonObject data) {
        String serial() {
            return data.getString("serial", "");
        }

        String progressType() {
            return data.getString("progressType", "");
        }

        /** The event as a line of evidence, e.g. "NMS event bootstrap-progress SN-1 bootstrap-error: ...". */
        String describe() {
            String message = data.getString("message");
            return "NMS event bootstrap-progress " + serial() + " " + progressType()
                    + (message == null ? "" : ": " + message);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();

    NmsEvents(NmsServer nms) {
        nms.subscribe(event -> {
            if (event.kind() == DeviceEvent.Kind.BOOTSTRAP_PROGRESS) {
                received.add(new Received(System.nanoTime(), event.data().copy()));
            }
        });
    }

    /** All events of device {@code serial} so far, in order. */
    List<Received> of(String serial) {
        return received.stream().filter(event -> event.serial().equals(serial)).toList();
    }

    /** The first event of {@code serial} of {@code progressType}, waiting up to {@code wait} for it. */
    Optional<Received> await(String serial, String progressType, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<Received> found = of(serial).stream()
                    .filter(event -> event.progressType().equals(progressType)).findFirst();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(20);
        }
    }
}
