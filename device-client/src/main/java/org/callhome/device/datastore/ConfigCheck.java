package org.callhome.device.datastore;

import org.callhome.shared.netconf.message.NetconfException;
import org.w3c.dom.Element;

/**
 * A check a whole configuration must pass before it may become the running configuration: the
 * schema's constraints, or the device's ability to call home with it. Run on validate, commit and
 * every edit of running (copy-config and edit-config, unless test-option is set).
 */
@FunctionalInterface
public interface ConfigCheck {

    /** Passes everything. */
    ConfigCheck NONE = data -> {
    };

    /**
     * Throws the rpc-error saying why {@code data} (a {@code <data>} element in the base
     * namespace, as {@link RunningDatastore#read()} returns) may not become running.
     */
    void check(Element data) throws NetconfException;
}
