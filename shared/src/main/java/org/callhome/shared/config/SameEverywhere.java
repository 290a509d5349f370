package org.callhome.shared.config;

/**
 * A setting the model repeats in every endpoint where the device has only one (its keys and
 * accounts, an NMS's keepalives): the first place it is read sets it, and a later place that says
 * otherwise is refused, naming the first.
 */
final class SameEverywhere<T> {

    private final String what;
    private final String rule;
    private T value;
    private String firstPath;

    /**
     * @param what the setting as the error names it ("keepalives")
     * @param rule why it must be the same, for the error ("all endpoints of one NMS share them")
     */
    SameEverywhere(String what, String rule) {
        this.what = what;
        this.rule = rule;
    }

    /** Takes the setting {@code at} says; refuses it if it differs from the one read first. */
    void take(T next, JsonCursor at) throws InvalidConfigException {
        if (value == null) {
            value = next;
            firstPath = at.path();
        } else if (!value.equals(next)) {
            throw at.error(what + " differ from those at " + firstPath + "; " + rule);
        }
    }

    /** The setting, or null when no place gave it. */
    T value() {
        return value;
    }
}
