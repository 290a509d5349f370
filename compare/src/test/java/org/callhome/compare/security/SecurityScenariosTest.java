package org.callhome.compare.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityScenariosTest {

    @Test
    void listsTheStandardScenariosInReportOrder() {
        List<String> ids = SecurityScenarios.all().stream().map(SecurityScenario::id).toList();

        assertEquals(List.of("rogue-nms", "rogue-device", "mitm", "stolen-device-credentials", "nms-accounts",
                "netconf-username",
                "rfc6242-client"), ids);
    }

    @Test
    void everyScenarioAsksAQuestionUnderATitle() {
        for (SecurityScenario scenario : SecurityScenarios.all()) {
            assertFalse(scenario.title().isBlank(), scenario.id());
            assertTrue(scenario.question().endsWith("?"), scenario.id() + ": " + scenario.question());
        }
    }
}
