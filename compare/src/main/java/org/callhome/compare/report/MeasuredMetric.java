package org.callhome.compare.report;

import java.util.function.Function;
import org.callhome.compare.model.Measured;
import org.callhome.compare.model.StrategyCosts;

/**
 * The single numbers of {@link StrategyCosts}, in report order, each with the decimals it is
 * shown with and why it matters.
 */
enum MeasuredMetric {
    BYTES_TO_NETCONF("Bytes to NETCONF", 0, StrategyCosts::bytesToNetconf,
            "Paid at every connection; it counts on metered or narrow links."),
    ROUND_TRIPS("Round trips to NETCONF", 1, StrategyCosts::roundTrips,
            "Each costs one network round trip: on a long-haul or satellite link they decide the setup time."),
    DEVICE_CPU("Device CPU per session", 2, StrategyCosts::deviceCpuPerSession,
            "Paid by the device at every connection; small devices feel it."),
    NMS_CPU("NMS CPU per session", 2, StrategyCosts::nmsCpuPerSession,
            "Multiplied by the fleet whenever it reconnects at once, as after an NMS restart."),
    NMS_CRYPTO_FLOOR("NMS crypto floor", 3, StrategyCosts::nmsCryptoFloor,
            "The CPU no implementation of the negotiated algorithms can save: the yardstick for the NMS's CPU."),
    NMS_CPU_TO_FLOOR("NMS CPU / crypto floor", 1, StrategyCosts::nmsCpuToFloor,
            "How far the NMS's CPU per session is above the crypto it cannot avoid: the overhead left to cut."),
    NMS_HEAP("NMS heap per idle session", 0, StrategyCosts::nmsHeapPerIdleSession,
            "Multiplied by the fleet: the memory an NMS needs to keep every device connected."),
    RECOVERY("Recovery after NMS restart", 1, StrategyCosts::recovery,
            "How long the fleet stays unmanaged after an NMS restart.");

    private final String title;
    private final int decimals;
    private final Function<StrategyCosts, Measured> measured;
    private final String matters;

    MeasuredMetric(String title, int decimals, Function<StrategyCosts, Measured> measured, String matters) {
        this.title = title;
        this.decimals = decimals;
        this.measured = measured;
        this.matters = matters;
    }

    String title() {
        return title;
    }

    /** Why the figure matters to an operator, one sentence. */
    String matters() {
        return matters;
    }

    /** The value alone, with this figure's decimals, e.g. "1,234". */
    String number(double value) {
        return Numbers.fixed(value, decimals);
    }

    Measured of(StrategyCosts costs) {
        return measured.apply(costs);
    }

    /** The value and its unit, e.g. "1,234 bytes". */
    String format(Measured value) {
        return number(value.value()) + " " + value.unit();
    }
}
