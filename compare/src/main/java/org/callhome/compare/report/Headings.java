package org.callhome.compare.report;

/** The headings every report format uses, in report order. */
final class Headings {

    static final String TITLE = "NETCONF Call Home comparison";
    static final String FINDINGS = "Findings";
    static final String FINDINGS_SECURITY = "Security scenarios";
    static final String FINDINGS_CONFIGURATION = "Configuration";
    static final String FINDINGS_COSTS = "Costs";
    static final String WHY = "Why it matters";
    static final String CONFIGURATION = "Configuration burden";
    static final String GROWTH = "NMS configuration values by number of devices";
    static final String KINDS = "NMS configuration values by kind";
    static final String KIND = "Kind";
    static final String ITEMS = "Configuration items";
    static final String SECURITY = "Security properties";
    static final String VERDICTS = "Verdicts";
    static final String COSTS = "Costs";
    static final String STATISTIC = "Statistic";
    static final String SCENARIO = "Scenario";
    static final String COUNT = "Count";
    static final String DEVICES = "Devices";
    static final String RUN = "Run";

    private Headings() {
    }
}
