package org.callhome.device.bootstrap;

import java.util.List;

/**
 * No bootstrap server gave data the device accepted and applied: one line per server tried, in
 * order, saying why. The device then calls nobody.
 */
public final class BootstrapFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    BootstrapFailedException(List<String> failures) {
        super("zero-touch bootstrap failed; no bootstrap server gave data this device accepts:\n  "
                + String.join("\n  ", failures));
    }
}
