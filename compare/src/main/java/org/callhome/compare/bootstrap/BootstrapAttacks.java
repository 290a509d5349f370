package org.callhome.compare.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.callhome.compare.model.SecurityResult;
import org.callhome.compare.model.SecurityResult.Verdict;
import org.callhome.compare.model.TrustModel;
import org.callhome.nms.NmsServer;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.sztp.BootstrapRefusal;
import org.callhome.shared.sztp.CmsSigning;
import org.callhome.shared.sztp.SztpContentType;
import org.callhome.shared.sztp.Voucher;
import org.callhome.shared.sztp.VoucherAssertion;

/**
 * The bootstrap security scenarios, executed against the real NMS's bootstrap server (and a rogue
 * one) with the project's own device-side bootstrap in this JVM: a rogue bootstrap server with its
 * own owner certificate, a voucher for another serial, an expired voucher replayed, and a stolen
 * IDevID. A refusal counts only when observed twice: the device's reason word in its failure and
 * the {@code bootstrap-error} progress report the serving NMS published; and the device applied
 * nothing, so it calls nobody.
 */
public final class BootstrapAttacks {

    static final String ROGUE = "rogue-bootstrap-server";
    static final String OTHER_SERIAL = "voucher-other-serial";
    static final String EXPIRED = "voucher-expired";
    static final String STOLEN = "stolen-idevid";
    private static final Duration REPORT_WAIT = Duration.ofSeconds(3);

    private final Path dir;

    public BootstrapAttacks(Path dir) {
        this.dir = dir;
    }

    /**
     * The four scenarios against an NMS bootstrapping devices for {@code strategy}, with pinned keys
     * (for tls, its self-signed certificate, which devices are told to pin).
     */
    public List<SecurityResult> run(CallHomeStrategy strategy) throws Exception {
        Path folder = dir.resolve(strategy.wireName());
        ZeroTouchLab lab = new ZeroTouchLab(folder, TrustModel.PINNED, strategy);
        ZeroTouchLab.Party rogueOwner = lab.otherOwner("rogue-owner");
        Path vouchers = folder.resolve("vouchers");
        Path rogueVouchers = folder.resolve("rogue-vouchers");
        List<SecurityResult> results = new ArrayList<>();
        try (NmsServer nms = lab.startNms("nms", lab.owner(), vouchers);
             NmsServer rogue = lab.startNms("rogue", rogueOwner, rogueVouchers)) {
            NmsEvents nmsEvents = new NmsEvents(nms);
            NmsEvents rogueEvents = new NmsEvents(rogue);
            results.add(rogue(strategy, lab, rogueOwner, rogue, rogueEvents, rogueVouchers));
            results.add(otherSerial(strategy, lab, nms, nmsEvents, vouchers));
            results.add(expired(strategy, lab, nms, nmsEvents, vouchers));
            results.add(stolen(strategy, lab, nms, vouchers));
        }
        return results;
    }

    /**
     * The rogue has its own owner certificate and no voucher of the manufacturer's pinning it: it
     * replays the genuine voucher (vouchers are not secret) to one device, and forges one, signed
     * with its own key, for another.
     */
    private SecurityResult rogue(CallHomeStrategy strategy, ZeroTouchLab lab, ZeroTouchLab.Party rogueOwner,
            NmsServer rogue, NmsEvents events, Path rogueVouchers) throws Exception {
        ZeroTouchLab.Device replayed = lab.device("SN-ROGUE-1");
        lab.offer(rogueVouchers, replayed.serial(), lab.voucher(replayed.serial(), lab.owner()));
        ZeroTouchLab.Device forged = lab.device("SN-ROGUE-2");
        Instant now = Instant.now();
        Voucher voucher = new Voucher(now.minus(Duration.ofHours(1)), Optional.of(now.plus(Duration.ofDays(7))),
                VoucherAssertion.VERIFIED, forged.serial(), Optional.empty(), rogueOwner.root().certificate(),
                Optional.empty(), Optional.empty(), Optional.empty());
        lab.offer(rogueVouchers, forged.serial(), CmsSigning.sign(SztpContentType.VOUCHER_JSON, voucher.toJson(),
                rogueOwner.key().getPrivate(), rogueOwner.certificate().certificate(),
                List.of(rogueOwner.certificate().certificate())));
        List<String> evidence = new ArrayList<>();
        boolean first = refused(lab, replayed, rogue, events, BootstrapRefusal.OWNER_NOT_PINNED, evidence);
        boolean second = refused(lab, forged, rogue, events, BootstrapRefusal.VOUCHER_SIGNATURE, evidence);
        boolean holds = first && second;
        return result(ROGUE, "Rogue bootstrap server",
                "Does a device take its configuration from a bootstrap server with another owner's certificate?",
                "Whoever configures a device decides whom it calls home to and whom it trusts.", strategy,
                holds, holds ? "device refused both, called nobody" : "device took a rogue's configuration",
                holds ? "With the genuine voucher replayed the device refused owner-not-pinned; with a voucher "
                        + "the rogue signed itself, voucher-signature; it applied nothing and called nobody."
                        : "The device did not refuse both rogue offers as expected; see the evidence.", evidence);
    }

    private SecurityResult otherSerial(CallHomeStrategy strategy, ZeroTouchLab lab, NmsServer nms,
            NmsEvents events, Path vouchers) throws Exception {
        ZeroTouchLab.Device device = lab.device("SN-SERIAL-1");
        lab.offer(vouchers, device.serial(), lab.voucher("SN-SERIAL-2", lab.owner()));
        List<String> evidence = new ArrayList<>();
        boolean holds = refused(lab, device, nms, events, BootstrapRefusal.VOUCHER_SERIAL_MISMATCH, evidence);
        return result(OTHER_SERIAL, "Voucher for another serial",
                "Does a device accept a genuine voucher issued for another device?",
                "A voucher moved between devices would let one owner's claim take over another device.", strategy,
                holds, holds ? "device refused: voucher-serial-mismatch" : "device accepted another's voucher",
                holds ? "Served a voucher naming SN-SERIAL-2, device SN-SERIAL-1 refused it "
                        + "(voucher-serial-mismatch) and called nobody."
                        : "The device did not refuse the other serial's voucher as expected; see the evidence.",
                evidence);
    }

    private SecurityResult expired(CallHomeStrategy strategy, ZeroTouchLab lab, NmsServer nms, NmsEvents events,
            Path vouchers) throws Exception {
        ZeroTouchLab.Device device = lab.device("SN-EXPIRED-1");
        Instant now = Instant.now();
        lab.offer(vouchers, device.serial(), lab.voucher(device.serial(), lab.owner(), now.minus(Duration.ofDays(8)),
                now.minus(Duration.ofDays(1))));
        List<String> evidence = new ArrayList<>();
        boolean holds = refused(lab, device, nms, events, BootstrapRefusal.VOUCHER_EXPIRED, evidence);
        return result(EXPIRED, "Expired voucher replayed",
                "Does a device accept its own genuine voucher after the voucher expired?",
                "An expired voucher replayed would keep an old owner's claim alive.", strategy, holds,
                holds ? "device refused: voucher-expired" : "device accepted an expired voucher",
                holds ? "Served its own voucher that expired a day ago, the device refused it (voucher-expired) "
                        + "and called nobody."
                        : "The device did not refuse the expired voucher as expected; see the evidence.", evidence);
    }

    /** The attacker holds a device's IDevID key and certificate and asks the bootstrap server itself. */
    private SecurityResult stolen(CallHomeStrategy strategy, ZeroTouchLab lab, NmsServer nms, Path vouchers)
            throws Exception {
        ZeroTouchLab.Device device = lab.device("SN-STOLEN-1");
        lab.offer(vouchers, device.serial(), lab.voucher(device.serial(), lab.owner()));
        ZeroTouchLab.Outcome outcome = lab.bootstrap(device, nms);
        List<String> evidence = new ArrayList<>();
        if (outcome.refused()) {
            evidence.add(outcome.failure());
            return result(STOLEN, "Stolen IDevID", STOLEN_QUESTION, STOLEN_MATTERS, strategy, true,
                    "got nothing", "The bootstrap server gave the IDevID's holder nothing that verified.", evidence);
        }
        ConveyedCount conveyed = ConveyedCount.of(outcome.applied().get());
        evidence.add("got onboarding information, verified: configuration " + conveyed.bytes() + " bytes, "
                + conveyed.items() + " leaves");
        evidence.add("leaves: " + String.join(", ", conveyed.names()));
        evidence.add("secrets: " + (conveyed.secretNames().isEmpty() ? "none" : conveyed.secretNames()));
        boolean holds = conveyed.secrets() == 0;
        String got = conveyed.items() + " configuration items (" + conveyed.bytes() + " bytes)";
        return result(STOLEN, "Stolen IDevID", STOLEN_QUESTION, STOLEN_MATTERS, strategy, holds,
                holds ? "got the configuration, no secret" : "got " + conveyed.secrets() + " secrets",
                "With the IDevID alone the attacker got what the device would: " + got + ": "
                        + String.join(", ", conveyed.names()) + "; "
                        + (holds ? "no private key, password or other secret." : "secrets "
                        + conveyed.secretNames() + "."), evidence);
    }

    private static final String STOLEN_QUESTION = "What does the holder of a stolen IDevID get from the bootstrap "
            + "server?";
    private static final String STOLEN_MATTERS = "An IDevID can leak from a device in the field; what the bootstrap "
            + "server gives for it is what leaks with it.";

    /**
     * Whether {@code device} refused what {@code server} served with {@code expected}: its failure
     * names the reason word, the server published the device's bootstrap-error, and it applied nothing.
     */
    private static boolean refused(ZeroTouchLab lab, ZeroTouchLab.Device device, NmsServer server, NmsEvents events,
            BootstrapRefusal expected, List<String> evidence) throws InterruptedException {
        ZeroTouchLab.Outcome outcome = lab.bootstrap(device, server);
        if (!outcome.refused()) {
            evidence.add(device.serial() + ": applied the onboarding information");
            return false;
        }
        String failure = outcome.failure().lines().filter(line -> line.contains("refused"))
                .map(String::strip).findFirst().orElse(outcome.failure());
        evidence.add(device.serial() + " (device): " + failure.replace(ZeroTouchLab.bootstrapUri(server) + ": ", ""));
        Optional<NmsEvents.Received> report = events.await(device.serial(), "bootstrap-error", REPORT_WAIT);
        report.ifPresentOrElse(event -> evidence.add(event.describe()),
                () -> evidence.add(device.serial() + ": no bootstrap-error report published"));
        boolean word = failure.contains("refused, " + expected.wireName() + ":");
        boolean reported = report.isPresent() && report.get().data().getString("message", "")
                .startsWith(expected.wireName() + ":");
        return word && reported;
    }

    private static SecurityResult result(String id, String title, String question, String matters,
            CallHomeStrategy strategy, boolean holds, String summary, String finding, List<String> evidence) {
        return new SecurityResult(id, title, question, matters, strategy, holds ? Verdict.HOLDS : Verdict.FAILS,
                summary, finding, evidence);
    }
}
