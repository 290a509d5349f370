package org.callhome.shared.text;

import java.util.regex.Pattern;

/**
 * The one rule for a device id, wherever an id comes from: a trust file, the NMS's trust store, the
 * API, a certificate. Ids become SSH login names, appear in URLs ({@code /api/devices/{id}}), file
 * names and the dashboard, so they are 1 to {@link #MAX_CHARS} characters of letters, digits and
 * {@code ._@:-}, starting with a letter or digit: no {@code ..}, no {@code /}, no markup, no
 * whitespace or control characters. An id a trust file could hold but the API could not take would
 * be a device no one can open or revoke.
 */
public final class DeviceIds {

    /** The longest device id. */
    public static final int MAX_CHARS = 64;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0," + (MAX_CHARS - 1) + "}");

    private DeviceIds() {
    }

    /** Why {@code id} cannot be a device id, or null if it can. */
    public static String problemWith(String id) {
        if (id == null || id.isEmpty()) {
            return "a device id is required";
        }
        if (!ID.matcher(id).matches()) {
            return "device id " + PeerText.quote(id) + " must be 1 to " + MAX_CHARS + " characters: letters, digits "
                    + "and ._@:- , starting with a letter or digit";
        }
        return null;
    }
}
