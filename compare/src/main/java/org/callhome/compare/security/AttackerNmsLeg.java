package org.callhome.compare.security;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.session.DeviceSession;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.session.RpcReply;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.callhome.shared.strategy.SecurityFacts;

/**
 * The device-facing attack, shared by rogue-nms and mitm: a real device, set up to trust the
 * real NMS, is pointed at an attacker's NMS that has keys of its own and trusts the device's
 * public key (the worst case: it knows everything public). Records what the device said and
 * what the attacker got; if the attacker gets a session it reads the running configuration. In
 * tls the attacker's NMS presents a client certificate it signed itself, naming the NMS's account.
 */
final class AttackerNmsLeg {

    /** Configuration the device starts with, so that a leak would show. */
    static final String SECRET = "community-7f3a9c";
    static final String SEEDED_CONFIG = "<system xmlns=\"urn:example:system\"><hostname>edge-7</hostname>"
            + "<snmp-community>" + SECRET + "</snmp-community></system>";

    /**
     * What the leg observed.
     *
     * @param observed              the device connected or failed for a reason other than running out of time
     * @param deviceLoggedIn        device-ssh-client: the device's login reached the attacker (any login event);
     *                              never in reverse-ssh and tls, where the device logs in nowhere
     * @param deviceRefusedAttacker reverse-ssh: the attacker reported its login refused by the device;
     *                              device-ssh-client: the device's error names the attacker's unpinned host key;
     *                              tls: the device's error says it refused the attacker's client certificate
     *                              during the TLS handshake
     */
    record Outcome(boolean observed, boolean attackerGotSession, boolean deviceLoggedIn,
                   boolean deviceRefusedAttacker, boolean secretRead, String deviceFailure, List<String> evidence) {

        /** The device refused the attacker and gave it nothing: no session, no login. */
        boolean refused() {
            return observed && !attackerGotSession && !deviceLoggedIn && deviceRefusedAttacker;
        }
    }

    /** How a tls device's error says it refused the NMS's client certificate, its word in brackets after. */
    static final String REFUSED_IN_HANDSHAKE = "refused during the TLS handshake";

    private AttackerNmsLeg() {
    }

    /** What a tls device trusts the NMS by, as its account file holds it. */
    private static String tlsTrust(ScenarioLab lab, DeviceSpec spec) {
        return lab.certificates() ? "NMS client certificates for account '" + spec.account() + "' that the NMS CA "
                + "issued (the CA named in the account's file): the real NMS's CA"
                : "the NMS client certificate pinned in the file of account '" + spec.account() + "': the real NMS's";
    }

    /**
     * tls: what the attacker's NMS received, from its own events: the device's certificate (public, the
     * key its events name) and whether a NETCONF hello came.
     */
    private static String tlsYield(NmsWatch attacker, boolean session) {
        List<DeviceEvent> heard = attacker.events().stream()
                .filter(event -> event.data().getString("fingerprint") != null
                        || event.data().getString("offeredFingerprint") != null).toList();
        String certificate = heard.isEmpty() ? "nothing it reported"
                : "its certificate (public), key " + Optional.ofNullable(heard.get(0).data().getString("fingerprint"))
                        .orElse(heard.get(0).data().getString("offeredFingerprint"));
        return certificate + (session ? ", and a NETCONF session" : "; no NETCONF hello"
                + (heard.stream().anyMatch(event -> String.valueOf(event.data().getString("reason"))
                        .startsWith("no NETCONF hello")) ? " (its own event says so)" : ""));
    }

    /**
     * @param attackerRole      the attacker NMS's name in the run, e.g. "rogue-nms"
     * @param realKeys          the keys of the NMS the device trusts
     * @param deviceTrustsAttacker the variant: the device also trusts the attacker's key
     *                          (reverse-ssh: authorized_keys; device-ssh-client: pinned host key; tls: the
     *                          attacker's certificate pinned in the NMS's account file)
     */
    static Outcome run(ScenarioLab lab, String attackerRole, String deviceId, Testbed.NmsKeys realKeys,
                       boolean deviceTrustsAttacker) throws Exception {
        Testbed.NmsKeys attackerKeys = lab.attackerNmsKeys(attackerRole);
        NmsWatch attacker = lab.startNms(attackerRole, attackerKeys,
                Map.of(deviceId, lab.devicePublicKey(deviceId)), false);
        DeviceSpec spec = lab.device(deviceId, realKeys, attacker.address(), Role.ADMIN);
        ScenarioLab.seedRunning(spec, SEEDED_CONFIG);
        String attackerKey = SshKeys.toOpenSsh(lab.reverseSsh() ? attackerKeys.identity().getPublic()
                : attackerKeys.hostKey().getPublic());
        if (deviceTrustsAttacker) {
            // tls: the attacker's own certificate beside the NMS's CA or certificate, an end entity pinned
            Files.writeString(spec.nmsKeyFile(), lab.tls()
                    ? Files.readString(attackerKeys.identityCertFile().orElseThrow())
                    : attackerKey + " " + attackerRole + "\n", StandardOpenOption.APPEND);
        }
        String attackerFingerprint = SshKeys.fingerprint(SshKeys.parsePublicKey(attackerKey));
        ScenarioLab.Device device = lab.startDevice(spec);

        List<String> evidence = new ArrayList<>();
        String name = attacker.label();
        String trusts = lab.tls() ? tlsTrust(lab, spec) : lab.certificates() ? (lab.reverseSsh()
                ? "NMS logins certified by the NMS CA (cert-authority in the authorized_keys of account '"
                + spec.account() + "')" : "NMS host keys certified by the NMS CA (@cert-authority in known_hosts)")
                + ": the real NMS's CA"
                : (lab.reverseSsh() ? "NMS login keys (authorized_keys of account '" + spec.account() + "')"
                : "pinned NMS host keys") + ": the real NMS's";
        evidence.add("device " + deviceId + " trusts " + trusts
                + (deviceTrustsAttacker ? " and the " + name + "'s" + (lab.tls() ? " certificate, pinned beside it" : "")
                + " (" + attackerFingerprint + ")" : " only")
                + "; the " + name + " presents " + attackerFingerprint + (lab.tls() ? " in a client certificate for "
                + "account '" + spec.account() + "' that it signed itself" : "") + " and trusts " + deviceId + "'s "
                + (lab.tls() ? "certificate" : "public key"));
        Optional<DialerLog.Entry> outcome = device.dialer().awaitOutcome(ScenarioLab.WAIT);
        Optional<DeviceSession> session = outcome.isPresent() && outcome.get().kind() == DialerLog.Kind.CONNECTED
                ? attacker.awaitSession(ScenarioLab.WAIT) : attacker.awaitSession(ScenarioLab.QUIET);
        boolean secretRead = false;
        if (session.isPresent()) {
            SecurityFacts facts = session.get().facts();
            evidence.add("the " + name + " got a NETCONF session with " + facts.peerIdentity() + " as '"
                    + facts.netconfUsername() + "' (" + facts.usernameSource().wireName() + ")");
            RpcReply reply = Rpcs.call(session.get(), Rpcs.GET_CONFIG, ScenarioLab.WAIT);
            secretRead = reply.toXml().contains(SECRET);
            evidence.add("get-config sent by the " + name + ": " + Rpcs.quote(reply));
        }
        String failure = outcome.filter(entry -> entry.kind() == DialerLog.Kind.FAILED)
                .map(DialerLog.Entry::detail).orElse("");
        outcome.ifPresentOrElse(entry -> evidence.add("device " + deviceId + " dialer: " + entry),
                () -> evidence.add("device " + deviceId + " reported nothing within " + ScenarioLab.WAIT.toSeconds()
                        + " s"));
        List<String> attackerEvents = attacker.events().stream().map(DeviceEvent::type).toList();
        evidence.add(attacker.eventSummary());
        if (lab.tls()) {
            evidence.add("what the " + name + " got from " + deviceId + ": " + tlsYield(attacker, session.isPresent()));
        }
        boolean gotSession = session.isPresent() || attackerEvents.contains("connected");
        boolean loggedIn = lab.strategy() == CallHomeStrategy.DEVICE_SSH_CLIENT && (gotSession
                || attackerEvents.contains("rejected") || attackerEvents.contains("auth-failed"));
        boolean refusedAttacker = lab.reverseSsh() ? attackerEvents.contains("auth-failed")
                : lab.tls() ? failure.contains(REFUSED_IN_HANDSHAKE)
                : failure.contains(attackerFingerprint)
                        && (failure.contains("not pinned") || failure.contains("only a CA is pinned"));
        boolean observed = outcome.isPresent() && !outcome.get().timedOut();
        return new Outcome(observed, gotSession, loggedIn, refusedAttacker, secretRead, failure, evidence);
    }
}
