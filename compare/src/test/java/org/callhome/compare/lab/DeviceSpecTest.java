package org.callhome.compare.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.callhome.compare.model.TrustModel;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.config.StartWith;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device spec carries its whole endpoint list into the fleet's JVM: the first NMS, the others and
 * the reconnect strategy survive the JSON the fleet reads, and become the device's call-home list.
 */
class DeviceSpecTest {

    @TempDir
    Path dir;

    @Test
    void anEndpointListSurvivesTheFleetsJsonAndBecomesTheDevicesCallHomeList() throws Exception {
        try (Testbed testbed = new Testbed(dir, TrustModel.PINNED, CallHomeStrategy.REVERSE_SSH)) {
            DeviceSpec one = testbed.deviceSpec(CallHomeStrategy.REVERSE_SSH, "rs-00001",
                    testbed.nmsKeys("nms"), new InetSocketAddress(Testbed.NMS_HOST, 4001), Role.ADMIN);
            DeviceSpec three = one.alsoCalling(List.of(InetSocketAddress.createUnresolved(Testbed.NMS_HOST, 4002),
                    InetSocketAddress.createUnresolved(Testbed.NMS_HOST, 4003)), StartWith.RANDOM_SELECTION, 2);

            DeviceSpec read = DeviceSpec.fromJson(three.toJson());
            assertEquals(three, read);
            CallHomeSettings callHome = read.settings().callHome();
            assertEquals(List.of(new Endpoint("nms", Testbed.NMS_HOST, 4001), new Endpoint("nms-2", Testbed.NMS_HOST,
                    4002), new Endpoint("nms-3", Testbed.NMS_HOST, 4003)), callHome.endpoints());
            assertEquals(StartWith.RANDOM_SELECTION, callHome.reconnect().startWith());
            assertEquals(2, callHome.reconnect().maxAttempts());

            assertFalse(one.toJson().containsKey("endpoints") && one.toJson().getValue("endpoints") != null,
                    "a device calling one NMS is written as before");
            assertEquals(one, DeviceSpec.fromJson(one.toJson()));
            assertEquals(List.of(new Endpoint("nms", Testbed.NMS_HOST, 4001)),
                    one.settings().callHome().endpoints());
            assertEquals(StartWith.FIRST_LISTED, one.settings().callHome().reconnect().startWith());
        }
    }

    @Test
    void refusesMaxAttemptsOutsideTheModelsRange() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new DeviceSpec.Endpoints(List.of(), StartWith.RANDOM_SELECTION, 256));
        assertTrue(refused.getMessage().contains("1..255"), refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new DeviceSpec.Endpoints(List.of(), StartWith.RANDOM_SELECTION, 0));
    }
}
