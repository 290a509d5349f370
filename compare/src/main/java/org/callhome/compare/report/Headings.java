package org.callhome.compare.report;

import org.callhome.compare.model.TrustModel;

/** The headings every report format uses, in report order. */
final class Headings {

    static final String TITLE = "NETCONF Call Home comparison";
    static final String FINDINGS = "Findings";
    static final String FINDINGS_TRUST = "Trust models";
    static final String FINDINGS_SECURITY = "Security scenarios";
    static final String FINDINGS_CONFIGURATION = "Configuration";
    static final String FINDINGS_COSTS = "Costs";
    static final String WHY = "Why it matters";
    static final String TRUST_MODELS = "Trust models";
    static final String CONFIGURATION = "Configuration burden";
    static final String GROWTH = "NMS configuration values by number of devices";
    static final String KINDS = "NMS configuration values by kind";
    static final String KIND = "Kind";
    static final String ITEMS = "Configuration items";
    static final String SECURITY = "Security properties";
    static final String VERDICTS = "Verdicts";
    static final String BOOTSTRAP = "Zero-touch bootstrap";
    static final String ZERO_TOUCH = "Factory-fresh device";
    static final String LIVENESS = "Liveness (tls)";
    static final String MOVE = "Moving a device to another NMS";
    static final String EVIDENCE = "Evidence";
    static final String COSTS = "Costs";
    static final String STATISTIC = "Statistic";
    static final String SCENARIO = "Scenario";
    static final String COUNT = "Count";
    static final String DEVICES = "Devices";
    static final String RUN = "Run";

    private Headings() {
    }

    /** The heading of one trust model's part of a section, e.g. "Under OpenSSH certificates". */
    static String under(TrustModel trust) {
        return "Under " + trust.title();
    }

    /** A findings group's title for one trust model, e.g. "Costs, under OpenSSH certificates". */
    static String under(String title, TrustModel trust) {
        return title + ", under " + trust.title();
    }
}
