package org.callhome.nms.session;

/** The states the API reports for a device. */
public enum DeviceState {
    CONNECTED("connected"),
    DISCONNECTED("disconnected"),
    REJECTED("rejected"),
    AUTH_FAILED("auth-failed");

    private final String wireName;

    DeviceState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
