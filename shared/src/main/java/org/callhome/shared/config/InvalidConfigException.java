package org.callhome.shared.config;

import java.io.IOException;

/**
 * A configuration file that cannot be used as it is: not JSON, content the model does not have or
 * the device does not support, or a value out of range. Like any bad input from outside it is an
 * {@link IOException}; the message names the file and the place in it, so that an operator can
 * fix the file without reading code.
 */
public final class InvalidConfigException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String location;
    private final String problem;

    /**
     * @param source   the file (or other origin) of the configuration
     * @param location a JSON path such as {@code /ietf-netconf-server:netconf-server/call-home},
     *                 with list entries as {@code [index]}; or a line and column for syntax errors
     * @param problem  what is wrong there and, where it helps, what to write instead
     */
    public InvalidConfigException(String source, String location, String problem) {
        super(source + ": " + location + ": " + problem);
        this.source = source;
        this.location = location;
        this.problem = problem;
    }

    public String source() {
        return source;
    }

    public String location() {
        return location;
    }

    public String problem() {
        return problem;
    }
}
