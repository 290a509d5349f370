package org.callhome.compare.model;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * What one strategy cost in the run, for {@code devices} devices.
 *
 * @param setup             TCP connection to the first rpc-reply, per device
 * @param handshake         TCP connection to the device's NETCONF hello, per device (as the NMS saw it)
 * @param bytesToNetconf    bytes on the wire, both directions, until NETCONF was up, per connection
 * @param roundTrips        round trips on the wire until NETCONF was up, per connection
 * @param deviceCpuPerSession CPU time of the device process per session set up
 * @param nmsCpuPerSession  CPU time of the NMS process per session set up
 * @param nmsHeapPerIdleSession NMS heap per idle session
 * @param rpc               get-config round trips on established sessions
 * @param recovery          NMS restart to every device connected again
 * @param nmsCryptoFloor    CPU time of the crypto one side of a session cannot avoid, measured in the NMS's JVM
 *                          for the algorithms the sessions negotiated
 * @param nmsCpuToFloor     {@code nmsCpuPerSession} divided by {@code nmsCryptoFloor}
 */
public record StrategyCosts(CallHomeStrategy strategy, int devices, Latency setup, Latency handshake,
                            Measured bytesToNetconf, Measured roundTrips, Measured deviceCpuPerSession,
                            Measured nmsCpuPerSession, Measured nmsHeapPerIdleSession, Latency rpc,
                            Measured recovery, Measured nmsCryptoFloor, Measured nmsCpuToFloor) {

    public StrategyCosts {
        Objects.requireNonNull(strategy, "strategy");
    }

    /**
     * Every number of the run by name ("setup.p50Ms", "bytesToNetconf", ...), in report order:
     * what {@link CostRuns} spreads across runs.
     */
    public Map<String, Double> figures() {
        Map<String, Double> figures = new LinkedHashMap<>();
        latency(figures, "setup", setup);
        latency(figures, "handshake", handshake);
        latency(figures, "rpc", rpc);
        figures.put("bytesToNetconf", bytesToNetconf.value());
        figures.put("roundTrips", roundTrips.value());
        figures.put("deviceCpuPerSession", deviceCpuPerSession.value());
        figures.put("nmsCpuPerSession", nmsCpuPerSession.value());
        figures.put("nmsCryptoFloor", nmsCryptoFloor.value());
        figures.put("nmsCpuToFloor", nmsCpuToFloor.value());
        figures.put("nmsHeapPerIdleSession", nmsHeapPerIdleSession.value());
        figures.put("recovery", recovery.value());
        return figures;
    }

    private static void latency(Map<String, Double> figures, String name, Latency latency) {
        figures.put(name + ".count", (double) latency.count());
        figures.put(name + ".p50Ms", latency.p50());
        figures.put(name + ".p90Ms", latency.p90());
        figures.put(name + ".p99Ms", latency.p99());
        figures.put(name + ".maxMs", latency.max());
        figures.put(name + ".meanMs", latency.mean());
    }

    public JsonObject toJson() {
        return new JsonObject().put("strategy", strategy.wireName()).put("devices", devices)
                .put("setup", setup.toJson()).put("handshake", handshake.toJson())
                .put("bytesToNetconf", bytesToNetconf.toJson()).put("roundTrips", roundTrips.toJson())
                .put("deviceCpuPerSession", deviceCpuPerSession.toJson())
                .put("nmsCpuPerSession", nmsCpuPerSession.toJson())
                .put("nmsCryptoFloor", nmsCryptoFloor.toJson()).put("nmsCpuToFloor", nmsCpuToFloor.toJson())
                .put("nmsHeapPerIdleSession", nmsHeapPerIdleSession.toJson())
                .put("rpc", rpc.toJson()).put("recovery", recovery.toJson());
    }
}
