package org.callhome.compare.report;

import java.util.function.Function;
import org.callhome.compare.model.Latency;
import org.callhome.compare.model.StrategyCosts;

/** The latency distributions of {@link StrategyCosts}, in report order, each with why it matters. */
enum LatencyMetric {
    SETUP("Setup latency", StrategyCosts::setup,
            "How soon a device that calls home can be managed, after a reboot or a lost connection."),
    HANDSHAKE("Handshake latency", StrategyCosts::handshake,
            "The part of setup the SSH roles decide: key exchange, authentication and the NETCONF hello."),
    RPC("RPC latency", StrategyCosts::rpc,
            "Paid by every operation once the session is up.");

    private final String title;
    private final Function<StrategyCosts, Latency> latency;
    private final String matters;

    LatencyMetric(String title, Function<StrategyCosts, Latency> latency, String matters) {
        this.title = title;
        this.latency = latency;
        this.matters = matters;
    }

    String title() {
        return title;
    }

    /** Why the figure matters to an operator, one sentence. */
    String matters() {
        return matters;
    }

    Latency of(StrategyCosts costs) {
        return latency.apply(costs);
    }
}
