package org.callhome.compare.report;

import java.util.function.Function;
import org.callhome.compare.model.Measured;
import org.callhome.compare.model.StrategyCosts;

/** The single numbers of {@link StrategyCosts}, in report order, each with the decimals it is shown with. */
enum MeasuredMetric {
    BYTES_TO_NETCONF("Bytes to NETCONF", 0, StrategyCosts::bytesToNetconf),
    ROUND_TRIPS("Round trips to NETCONF", 1, StrategyCosts::roundTrips),
    DEVICE_CPU("Device CPU per session", 2, StrategyCosts::deviceCpuPerSession),
    NMS_CPU("NMS CPU per session", 2, StrategyCosts::nmsCpuPerSession),
    NMS_HEAP("NMS heap per idle session", 0, StrategyCosts::nmsHeapPerIdleSession),
    RECOVERY("Recovery after NMS restart", 1, StrategyCosts::recovery);

    private final String title;
    private final int decimals;
    private final Function<StrategyCosts, Measured> measured;

    MeasuredMetric(String title, int decimals, Function<StrategyCosts, Measured> measured) {
        this.title = title;
        this.decimals = decimals;
        this.measured = measured;
    }

    String title() {
        return title;
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
