package org.callhome.compare.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.shared.strategy.CallHomeStrategy;

/**
 * A device calls an NMS that lacks the real NMS's keys (a hijacked address, a wrong DNS answer):
 * does it hand over a credential or any data? The rogue is a real NMS with new keys that trusts
 * the device's public key, so only the device's own checks can stop it. In tls the rogue presents a
 * client certificate it signed itself for the account the real one names; the device, the TLS
 * server, must refuse it in the handshake, having shown only its own certificate.
 */
final class RogueNms implements SecurityScenario {

    /**
     * @param deviceTrustsRogue the protection removed: the device also trusts the rogue's key
     *                          (reverse-ssh: in the account's authorized_keys; device-ssh-client:
     *                          pinned as NMS host key; tls: its certificate pinned in the account's file)
     */
    record Settings(boolean deviceTrustsRogue) {
        static final Settings STANDARD = new Settings(false);
    }

    private static final String DEVICE = "dev-1";
    /** The word in brackets that ends a tls device's refusal of the NMS's certificate, e.g. "(unknown-ca)". */
    private static final Pattern REFUSAL_WORD = Pattern.compile("\\(([a-z-]+)\\); no NETCONF session");

    private final Settings settings;

    RogueNms(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "rogue-nms";
    }

    @Override
    public String title() {
        return "Rogue NMS";
    }

    @Override
    public String question() {
        return "Does the device reveal a credential or any data to an endpoint that lacks the NMS's keys?";
    }

    @Override
    public String matters() {
        return "A hijacked or mistyped call-home address is the cheapest attack there is: the device must give "
                + "it nothing.";
    }

    @Override
    public SecurityResult run(CallHomeStrategy strategy, Testbed testbed) throws Exception {
        try (ScenarioLab lab = new ScenarioLab(testbed, this, strategy)) {
            Testbed.NmsKeys realKeys = lab.nmsKeys("nms");
            AttackerNmsLeg.Outcome outcome = AttackerNmsLeg.run(lab, "rogue-nms", DEVICE, realKeys,
                    settings.deviceTrustsRogue());
            return lab.result(verdict(outcome), summary(outcome, "rogue"),
                    finding(outcome, lab, "rogue"), outcome.evidence());
        }
    }

    private static Verdict verdict(AttackerNmsLeg.Outcome outcome) {
        if (!outcome.observed()) {
            return Verdict.NOT_RUN;
        }
        return outcome.refused() ? Verdict.HOLDS : Verdict.FAILS;
    }

    /** The device-facing leg's outcome in a few words, naming the attacker as {@code attacker}. */
    static String summary(AttackerNmsLeg.Outcome outcome, String attacker) {
        if (!outcome.observed()) {
            return "nothing observed in time";
        }
        if (outcome.attackerGotSession()) {
            return outcome.secretRead() ? attacker + " read the device's configuration"
                    : attacker + " got a NETCONF session";
        }
        if (outcome.deviceLoggedIn()) {
            return "device logged in to the " + attacker;
        }
        if (!outcome.deviceRefusedAttacker()) {
            return "device did not refuse the " + attacker;
        }
        return "device refused the " + attacker + "; no credential or data sent";
    }

    /** The refusal's word a tls device's error gives in brackets (e.g. "unknown-ca: "), or nothing. */
    private static String refusalWord(String deviceFailure) {
        Matcher word = REFUSAL_WORD.matcher(deviceFailure);
        return word.find() ? word.group(1) + ": " : "";
    }

    /** What the device-facing leg found, naming the attacker as {@code attacker} (e.g. "rogue"). */
    static String finding(AttackerNmsLeg.Outcome outcome, ScenarioLab lab, String attacker) {
        boolean reverseSsh = lab.reverseSsh();
        if (!outcome.observed()) {
            return "the device neither connected to nor failed on the " + attacker + " within "
                    + ScenarioLab.WAIT.toSeconds() + " s: nothing to judge";
        }
        if (outcome.attackerGotSession()) {
            return "the " + attacker + " got a NETCONF session with the device"
                    + (outcome.secretRead() ? " and read its running configuration, secrets included" : "");
        }
        if (outcome.deviceLoggedIn()) {
            return "no NETCONF session, but the device logged in to the " + attacker + ": it revealed its login "
                    + "name and public key and signed a login for it";
        }
        if (!outcome.deviceRefusedAttacker()) {
            return "no NETCONF session, but the device did not refuse the " + attacker + "'s "
                    + (reverseSsh ? "login" : lab.tls() ? "client certificate" : "host key") + "; it failed with: "
                    + outcome.deviceFailure();
        }
        if (lab.tls()) {
            return "the device refused the " + attacker + "'s client certificate during the TLS handshake ("
                    + refusalWord(outcome.deviceFailure()) + (lab.certificates() ? "not issued by the NMS CA"
                    : "not the NMS certificate") + " its account file names) and ended it with a TLS alert: no NETCONF "
                    + "session, no NETCONF byte; the " + attacker + " got only the device's certificate, which is "
                    + "public";
        }
        if (reverseSsh) {
            return "the device refused the " + attacker + "'s login (the " + attacker + " reported auth-failed) and "
                    + "closed: no NETCONF session; the device, as SSH server, sent no credential, only its public "
                    + "host key";
        }
        return "the device closed during key exchange because the " + attacker + "'s host key is "
                + (lab.certificates() ? "not certified by the NMS CA it trusts" : "not pinned")
                + ": no login reached the "
                + attacker + ", so no credential and no data were sent";
    }
}
