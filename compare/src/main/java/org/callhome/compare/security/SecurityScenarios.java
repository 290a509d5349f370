package org.callhome.compare.security;

import java.util.List;

/** The standard security scenarios of the comparison, each with its protections in place. */
public final class SecurityScenarios {

    private SecurityScenarios() {
    }

    /** The standard set, in report order. */
    public static List<SecurityScenario> all() {
        return List.of(
                new RogueNms(RogueNms.Settings.STANDARD),
                new RogueDevice(RogueDevice.Settings.STANDARD),
                new Mitm(Mitm.Settings.STANDARD),
                new StolenDeviceCredentials(StolenDeviceCredentials.Settings.STANDARD),
                new NmsAccounts(NmsAccounts.Settings.STANDARD),
                new NetconfUsername(NetconfUsername.Settings.STANDARD),
                new Rfc6242Client(Rfc6242Client.Settings.STANDARD));
    }
}
