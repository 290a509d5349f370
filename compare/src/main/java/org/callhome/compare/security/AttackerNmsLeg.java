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
import org.callhome.shared.strategy.SecurityFacts;

/**
 * The device-facing attack, shared by rogue-nms and mitm: a real device, set up to trust the
 * real NMS, is pointed at an attacker's NMS that has keys of its own and trusts the device's
 * public key (the worst case: it knows everything public). Records what the device said and
 * what the attacker got; if the attacker gets a session it reads the running configuration.
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
     * @param deviceLoggedIn        device-ssh-client: the device's login reached the attacker (any login event)
     * @param deviceRefusedAttacker reverse-ssh: the attacker reported its login refused by the device;
     *                              device-ssh-client: the device's error names the attacker's unpinned host key
     */
    record Outcome(boolean observed, boolean attackerGotSession, boolean deviceLoggedIn,
                   boolean deviceRefusedAttacker, boolean secretRead, String deviceFailure, List<String> evidence) {

        /** The device refused the attacker and gave it nothing: no session, no login. */
        boolean refused() {
            return observed && !attackerGotSession && !deviceLoggedIn && deviceRefusedAttacker;
        }
    }

    private AttackerNmsLeg() {
    }

    /**
     * @param attackerRole      the attacker NMS's name in the run, e.g. "rogue-nms"
     * @param realKeys          the keys of the NMS the device trusts
     * @param deviceTrustsAttacker the variant: the device also trusts the attacker's key
     *                          (reverse-ssh: authorized_keys; device-ssh-client: pinned host key)
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
            Files.writeString(spec.nmsKeyFile(), attackerKey + " " + attackerRole + "\n", StandardOpenOption.APPEND);
        }
        String attackerFingerprint = SshKeys.fingerprint(SshKeys.parsePublicKey(attackerKey));
        ScenarioLab.Device device = lab.startDevice(spec);

        List<String> evidence = new ArrayList<>();
        String name = attacker.label();
        String trusts = lab.certificates() ? (lab.reverseSsh() ? "NMS logins certified by the NMS CA (cert-authority "
                + "in the authorized_keys of account '" + spec.account() + "')" : "NMS host keys certified by the NMS "
                + "CA (@cert-authority in known_hosts)") + ": the real NMS's CA"
                : (lab.reverseSsh() ? "NMS login keys (authorized_keys of account '" + spec.account() + "')"
                : "pinned NMS host keys") + ": the real NMS's";
        evidence.add("device " + deviceId + " trusts " + trusts
                + (deviceTrustsAttacker ? " and the " + name + "'s (" + attackerFingerprint + ")" : " only")
                + "; the " + name + " presents " + attackerFingerprint + " and trusts " + deviceId + "'s public key");
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
        boolean gotSession = session.isPresent() || attackerEvents.contains("connected");
        boolean loggedIn = !lab.reverseSsh() && (gotSession || attackerEvents.contains("rejected")
                || attackerEvents.contains("auth-failed"));
        boolean refusedAttacker = lab.reverseSsh() ? attackerEvents.contains("auth-failed")
                : failure.contains(attackerFingerprint)
                        && (failure.contains("not pinned") || failure.contains("only a CA is pinned"));
        boolean observed = outcome.isPresent() && !outcome.get().timedOut();
        return new Outcome(observed, gotSession, loggedIn, refusedAttacker, secretRead, failure, evidence);
    }
}
