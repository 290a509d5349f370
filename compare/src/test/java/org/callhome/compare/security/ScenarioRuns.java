package org.callhome.compare.security;

import java.nio.file.Path;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.TrustModel;
import org.callhome.shared.strategy.CallHomeStrategy;

/** Runs one scenario on a fresh testbed and prints its result, so a test report shows the evidence. */
final class ScenarioRuns {

    private ScenarioRuns() {
    }

    static SecurityResult run(SecurityScenario scenario, CallHomeStrategy strategy, Path dir) throws Exception {
        return run(scenario, strategy, TrustModel.PINNED, dir);
    }

    static SecurityResult run(SecurityScenario scenario, CallHomeStrategy strategy, TrustModel trust, Path dir)
            throws Exception {
        try (Testbed testbed = new Testbed(dir, trust, strategy)) {
            SecurityResult result = scenario.run(strategy, testbed);
            System.out.println(result.toJson().encodePrettily());
            return result;
        }
    }

    static String evidence(SecurityResult result) {
        return String.join("\n", result.evidence());
    }

    /** The result as JSON, for assertion messages. */
    static String shown(SecurityResult result) {
        return result.toJson().encodePrettily();
    }
}
