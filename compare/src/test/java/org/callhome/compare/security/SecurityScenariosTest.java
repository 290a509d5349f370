package org.callhome.compare.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.callhome.compare.model.TrustModel;
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
    void certificatesAddTheirOwnScenariosAfterTheStandardOnes() {
        List<String> pinned = SecurityScenarios.forTrust(TrustModel.PINNED).stream().map(SecurityScenario::id)
                .toList();
        List<String> certified = SecurityScenarios.forTrust(TrustModel.OPENSSH_CERT).stream()
                .map(SecurityScenario::id).toList();

        assertEquals(SecurityScenarios.all().stream().map(SecurityScenario::id).toList(), pinned);
        assertEquals(pinned, certified.subList(0, pinned.size()));
        assertEquals(List.of("other-ca", "expired-certificate", "revoked-serial", "wrong-certificate-type",
                "certificate-principal"), certified.subList(pinned.size(), certified.size()));
    }

    @Test
    void x509RunsTheCertificateScenariosThenItsExtendedKeyUsage() {
        List<String> certified = SecurityScenarios.forTrust(TrustModel.OPENSSH_CERT).stream()
                .map(SecurityScenario::id).toList();
        List<String> x509 = SecurityScenarios.forTrust(TrustModel.X509).stream().map(SecurityScenario::id).toList();

        assertEquals(certified, x509.subList(0, certified.size()));
        assertEquals(List.of("extended-key-usage"), x509.subList(certified.size(), x509.size()));
    }

    @Test
    void everyScenarioAsksAQuestionUnderATitle() {
        for (SecurityScenario scenario : SecurityScenarios.forTrust(TrustModel.X509)) {
            assertFalse(scenario.title().isBlank(), scenario.id());
            assertTrue(scenario.question().endsWith("?"), scenario.id() + ": " + scenario.question());
        }
    }
}
