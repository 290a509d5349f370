package org.callhome.compare.report;

import java.util.function.Function;
import org.callhome.compare.model.Latency;
import org.callhome.compare.model.StrategyCosts;

/** The latency distributions of {@link StrategyCosts}, in report order. */
enum LatencyMetric {
    SETUP("Setup latency", StrategyCosts::setup),
    HANDSHAKE("Handshake latency", StrategyCosts::handshake),
    RPC("RPC latency", StrategyCosts::rpc);

    private final String title;
    private final Function<StrategyCosts, Latency> latency;

    LatencyMetric(String title, Function<StrategyCosts, Latency> latency) {
        this.title = title;
        this.latency = latency;
    }

    String title() {
        return title;
    }

    Latency of(StrategyCosts costs) {
        return latency.apply(costs);
    }
}
