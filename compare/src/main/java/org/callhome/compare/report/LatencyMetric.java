package org.callhome.compare.report;

import java.util.List;
import java.util.function.Function;
import org.callhome.compare.model.Latency;
import org.callhome.compare.model.StrategyCosts;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * The latency distributions of {@link StrategyCosts}, in report order, each with why it matters
 * (said without SSH's words when tls is among the strategies compared).
 */
enum LatencyMetric {
    SETUP("Setup latency", StrategyCosts::setup,
            "How soon a device that calls home can be managed, after a reboot or a lost connection."),
    HANDSHAKE("Handshake latency", StrategyCosts::handshake,
            "The part of setup the SSH roles decide: key exchange, authentication and the NETCONF hello.",
            "The part of setup the transport and its roles decide (SSH's or TLS's): key exchange, "
                    + "authentication and the NETCONF hello."),
    RPC("RPC latency", StrategyCosts::rpc,
            "Paid by every operation once the session is up.");

    private final String title;
    private final Function<StrategyCosts, Latency> latency;
    private final String matters;
    private final String mattersWithTls;

    LatencyMetric(String title, Function<StrategyCosts, Latency> latency, String matters) {
        this(title, latency, matters, matters);
    }

    LatencyMetric(String title, Function<StrategyCosts, Latency> latency, String matters, String mattersWithTls) {
        this.title = title;
        this.latency = latency;
        this.matters = matters;
        this.mattersWithTls = mattersWithTls;
    }

    String title() {
        return title;
    }

    /** Why the figure matters to an operator, one sentence, for a comparison of {@code strategies}. */
    String matters(List<CallHomeStrategy> strategies) {
        return strategies.contains(CallHomeStrategy.TLS) ? mattersWithTls : matters;
    }

    Latency of(StrategyCosts costs) {
        return latency.apply(costs);
    }
}
