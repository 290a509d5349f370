package org.callhome.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.callhome.device.callhome.CallHomeFormat.Config;
import org.callhome.shared.config.CallHomeSettings;
import org.callhome.shared.config.DeviceSshSettings;
import org.callhome.shared.config.DeviceSshSettings.Account;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.config.Endpoint;
import org.callhome.shared.netconf.NetconfLimits;
import org.junit.jupiter.api.Test;

/** The agent's settings keep every part when one part is replaced. */
class AgentSettingsTest {

    @Test
    void theCallHomeConfigurationReadFromRunningKeepsTheYangFolders() {
        DeviceSshSettings ssh = new DeviceSshSettings(Path.of("host_key"), List.of(new Account("nms", Role.ADMIN,
                Optional.empty())));
        CallHomeSettings flags = CallHomeSettings.defaults("nms", List.of(new Endpoint("nms", "127.0.0.1", 4334)));
        List<Path> yang = List.of(Path.of("examples/yang"));
        DeviceAgent.Settings settings = new DeviceAgent.Settings(Path.of("data"), flags, ssh, Duration.ofSeconds(5),
                DeviceAgent.SshServerKind.MINA, NetconfLimits.DEFAULT).withYang(yang);

        CallHomeSettings fromRunning = CallHomeSettings.defaults("nms", List.of(new Endpoint("nms", "127.0.0.1",
                4444)));
        DeviceAgent.Settings read = settings.withCallHome(new Config(fromRunning, ssh));

        assertEquals(yang, read.yangFolders(), "a device started with --yang keeps its modules");
        assertEquals(fromRunning, read.callHome());
    }
}
