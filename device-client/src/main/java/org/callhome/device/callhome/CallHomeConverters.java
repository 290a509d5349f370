package org.callhome.device.callhome;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.StartWith;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns the values of {@link CallHomeOptions} into settings types while picocli parses, so that a
 * malformed value is reported with its option and the usage, before anything runs. The checks
 * themselves stay with the types.
 */
final class CallHomeConverters {

    private CallHomeConverters() {
    }

    /**
     * {@code HOST}, {@code HOST:PORT} or {@code [IPV6]:PORT}, checked and kept as written: the port a
     * missing one defaults to depends on the strategy, known once every flag is read.
     */
    static final class EndpointConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                Endpoint.parse(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The model's names: first-listed, last-connected, random-selection. */
    static final class StartWithConverter implements ITypeConverter<StartWith> {
        @Override
        public StartWith convert(String value) {
            try {
                return StartWith.fromWireName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** An ISO-8601 time with offset on a whole minute, as the model's anchor-time must be. */
    static final class AnchorTimeConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            OffsetDateTime time;
            try {
                time = OffsetDateTime.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an ISO-8601 time with offset,"
                        + " such as 2026-01-01T00:15:00Z");
            }
            if (time.getSecond() != 0 || time.getNano() != 0) {
                throw new TypeConversionException("'" + value + "' is not on a whole minute, as the model needs");
            }
            return time.toInstant();
        }
    }
}
