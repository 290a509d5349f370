package org.callhome.compare.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.callhome.compare.model.ComparisonResults;
import org.callhome.compare.model.LivenessResult;

/**
 * tls's liveness against RFC 8071 section 7, which asks a TLS call-home connection for TLS
 * heartbeats (RFC 6520), as the run probed it: a findings group and a section of every report
 * format, each sentence computed from the {@link LivenessResult} (whether the device's ServerHello
 * negotiated heartbeat, its extensions, device-client's answer to a configuration asking for TLS
 * keepalives, what the run's tls devices used), with the probe's evidence.
 */
final class LivenessSection {

    /** Why heartbeats matter when they could not be negotiated. */
    static final String WHY_DEVIATION = "A dead NMS or device is then noticed only below TLS, through TCP "
            + "keepalives, which a middlebox (a NAT, a firewall) may answer in the dead peer's stead or drop; the "
            + "SSH strategies use SSH-level keepalives, answered by the peer itself inside the encrypted session.";
    /** Why heartbeats matter when they were negotiated. */
    static final String WHY_HEARTBEATS = "Heartbeats are answered by the peer's TLS stack inside the encrypted "
            + "session, as the SSH strategies' SSH-level keepalives are: no middlebox can answer for a dead peer.";
    static final String WHY_RFC = "RFC 8071 section 7 asks for TLS heartbeats so that both ends of a call-home "
            + "connection notice a dead peer the same way, whatever lies on the path.";

    /** Names of the TLS extension types a ServerHello may carry (IANA TLS ExtensionType Values). */
    private static final Map<Integer, String> EXTENSIONS = Map.ofEntries(Map.entry(0, "server_name"),
            Map.entry(5, "status_request"), Map.entry(10, "supported_groups"), Map.entry(11, "ec_point_formats"),
            Map.entry(13, "signature_algorithms"), Map.entry(LivenessResult.HEARTBEAT_EXTENSION, "heartbeat"),
            Map.entry(16, "application_layer_protocol_negotiation"), Map.entry(18, "signed_certificate_timestamp"),
            Map.entry(22, "encrypt_then_mac"), Map.entry(23, "extended_master_secret"),
            Map.entry(35, "session_ticket"), Map.entry(43, "supported_versions"), Map.entry(51, "key_share"),
            Map.entry(0xff01, "renegotiation_info"));

    private final LivenessResult result;

    private LivenessSection(LivenessResult result) {
        this.result = result;
    }

    /** The section, if the run probed tls's liveness. */
    static Optional<LivenessSection> of(ComparisonResults results) {
        return results.liveness().map(LivenessSection::new);
    }

    /** What the section says before its facts. */
    String introduction() {
        return "RFC 8071 section 7 asks a TLS call-home connection for TLS heartbeats (RFC 6520). The run offered "
                + "heartbeat to the TLS server of a tls device in a " + result.protocol() + " ClientHello and read "
                + "the extensions of its ServerHello, gave device-client's configuration reader a configuration "
                + "asking for TLS keepalives, and read what the run's tls devices used. " + verdict();
    }

    /** "tls deviates from RFC 8071 section 7: no TLS heartbeat could be negotiated.", or that it follows it. */
    String verdict() {
        return result.deviates()
                ? "tls deviates from RFC 8071 section 7: no TLS heartbeat could be negotiated."
                : "tls follows RFC 8071 section 7: the device's TLS server negotiated TLS heartbeats.";
    }

    /** The probe's outcome as facts. */
    List<Fact> facts() {
        return List.of(new Fact("RFC 8071 section 7", result.deviates()
                        ? "deviates: no TLS heartbeat could be negotiated" : "followed: TLS heartbeats negotiated"),
                new Fact("Probe handshake", result.protocol() + ", a ClientHello offering heartbeat ("
                        + LivenessResult.HEARTBEAT_EXTENSION + ")"),
                new Fact("Heartbeat negotiated", result.heartbeatNegotiated()
                        ? "yes: the device's ServerHello carried it" : "no: the device's ServerHello left it out"),
                new Fact("ServerHello extensions", extensions()),
                new Fact("Configured TLS keepalives", result.configRefusal().isEmpty()
                        ? "accepted by device-client" : "refused by device-client: " + result.configRefusal()),
                new Fact("Keepalives of tls devices", result.instead()));
    }

    /** What was sent and observed, line by line. */
    List<String> evidence() {
        return result.evidence();
    }

    /** The findings group: whether tls follows RFC 8071 section 7, and what it uses to notice a dead peer. */
    Finding.Group findings() {
        List<String> heartbeats = new ArrayList<>();
        heartbeats.add("the device's ServerHello (" + result.protocol() + ") "
                + (result.heartbeatNegotiated() ? "carried" : "left out") + " heartbeat ("
                + LivenessResult.HEARTBEAT_EXTENSION + "); its extensions: " + extensions());
        heartbeats.add(result.configRefusal().isEmpty()
                ? "device-client accepts a configuration asking for them"
                : "device-client refuses a configuration asking for them: \"" + result.configRefusal() + "\"");
        List<Finding> findings = List.of(
                new Finding("TLS heartbeats (RFC 6520)", heartbeats, WHY_RFC),
                new Finding(result.deviates() ? "What tls uses instead" : "What the run's tls devices used",
                        List.of(result.instead()), result.deviates() ? WHY_DEVIATION : WHY_HEARTBEATS));
        return new Finding.Group(Headings.LIVENESS, List.of(verdict()), findings);
    }

    /** "23 (extended_master_secret), 65281 (renegotiation_info)", or "none". */
    private String extensions() {
        if (result.serverHelloExtensions().isEmpty()) {
            return "none";
        }
        return String.join(", ", result.serverHelloExtensions().stream()
                .map(type -> EXTENSIONS.containsKey(type) ? type + " (" + EXTENSIONS.get(type) + ")"
                        : Integer.toString(type)).toList());
    }
}
