package org.callhome.device;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.callhome.device.callhome.CallHomeDialer;
import org.callhome.device.callhome.CallHomeFormat.Config;
import org.callhome.device.callhome.RunningCallHome;
import org.callhome.device.datastore.AfterReply;
import org.callhome.device.datastore.RunningDatastore;
import org.callhome.shared.netconf.message.NetconfException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * Applies running's call-home configuration while the device runs: on every change of running
 * (this process's, or another's found by the agent's poll) it reads the configuration again and,
 * if the NMS part changed, gives it to the dialer, which closes a connection whose endpoint went
 * only after the reply to the RPC that made the change. The device's key, certificate, accounts
 * and revocation list, and in device-ssh-client its login on the NMS, apply at the next start. Called on the thread that made or found the change.
 */
final class LiveCallHome implements RunningDatastore.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(LiveCallHome.class);

    private final RunningCallHome running;
    private final CallHomeDialer dialer;
    private final ReentrantLock lock = new ReentrantLock();
    /** What the device calls home with now; guarded by {@link #lock}. */
    private Config current;

    LiveCallHome(RunningCallHome running, CallHomeDialer dialer, Config current) {
        this.running = Objects.requireNonNull(running, "running");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.current = Objects.requireNonNull(current, "current");
    }

    @Override
    public void changed(Element content, AfterReply afterReply) {
        Config next;
        try {
            next = running.read(content);
        } catch (NetconfException e) {
            // only another process can write what the check refuses: keep calling as before
            LOG.warn("running's call-home configuration changed but cannot be used; the device keeps calling with"
                    + " the one before: {}", e.getMessage());
            return;
        }
        lock.lock();
        try {
            if (next.equals(current)) {
                return;
            }
            if (!next.ssh().equals(current.ssh())) {
                LOG.info("running's call-home configuration changed the device's key, certificate, accounts,"
                        + " revocation list or cert-to-name mappings: they apply at the next start");
            }
            if (!next.login().equals(current.login())) {
                LOG.info("running's call-home configuration changed the device's login on the NMS (name, key,"
                        + " certificate, NMS host keys, subsystem or bind account): it applies at the next start");
            }
            if (!next.callHome().equals(current.callHome())) {
                LOG.info("running's call-home configuration changed: NMS '{}' at {}", next.callHome().name(),
                        next.callHome().endpoints().stream().map(endpoint -> endpoint.hostPort()).toList());
                dialer.reconfigure(next.callHome(), afterReply::add);
            }
            current = next;
        } finally {
            lock.unlock();
        }
    }
}
