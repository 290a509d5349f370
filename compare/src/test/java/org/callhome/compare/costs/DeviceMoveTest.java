package org.callhome.compare.costs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.callhome.compare.model.MoveResult;
import org.callhome.compare.model.TrustModel;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The move of a device to another NMS, per strategy, with two real NMS and a real device on
 * loopback: A answers both RPCs, the device arrives at B, B confirms, nothing stays pending, and
 * what was changed is read from the edit as each strategy's tree names it.
 */
class DeviceMoveTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CallHomeStrategy.class)
    void theDeviceMovesToTheSecondNmsWhichConfirmsTheCommit(CallHomeStrategy strategy) throws Exception {
        MoveResult result = DeviceMove.run(dir, strategy);
        System.out.println(result.toJson().copy().put("evidence", result.evidence().size()).encode());
        String evidence = String.join("\n", result.evidence());

        assertEquals(TrustModel.PINNED, result.trust());
        assertTrue(result.repliedBeforeLeaving(), evidence);
        assertTrue(result.arrived(), evidence);
        assertTrue(result.arrivalMillis() > 0 && result.arrivalMillis() < 30_000, evidence);
        assertTrue(result.confirmed(), evidence);
        assertTrue(result.nothingPending(), evidence);
        assertTrue(result.moved(), evidence);
        assertEquals(3, result.rpcs());
        assertTrue(result.bytes() > 300 && result.bytes() < 2000, Long.toString(result.bytes()));
        String expected = switch (strategy) {
            case REVERSE_SSH -> "/ietf-netconf-server:netconf-server/call-home/netconf-client/endpoints/endpoint/ssh/"
                    + "tcp-client-parameters/remote-port";
            case TLS -> "/ietf-netconf-server:netconf-server/call-home/netconf-client/endpoints/endpoint/tls/"
                    + "tcp-client-parameters/remote-port";
            case DEVICE_SSH_CLIENT -> "/callhome-device-ssh-client:device-ssh-client/netconf-clients/netconf-client/"
                    + "endpoints/endpoint/tcp-client-parameters/remote-port";
        };
        assertEquals(expected, result.changedPath());
        assertEquals(result.bytes(), result.toJson().getLong("bytes"));
    }
}
