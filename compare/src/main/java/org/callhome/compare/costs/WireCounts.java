package org.callhome.compare.costs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.device.DeviceAgent;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.registry.DeviceEvent;
import org.callhome.nms.session.DeviceSession;

/**
 * What a {@link CountingProxy} saw of a few devices connecting to the NMS through it, one
 * connection each, counted until the NMS had the device's NETCONF hello.
 */
record WireCounts(List<CountingProxy.Counts> counts) {

    private static final long WAIT_SECONDS = 30;

    /** Connects {@code specs} in this JVM through a counting relay, one after the other, then disconnects them. */
    static WireCounts measure(Testbed testbed, Testbed.Nms nms, List<DeviceSpec> specs) throws Exception {
        List<CountingProxy.Counts> counts = new ArrayList<>();
        try (CountingProxy proxy = new CountingProxy(nms.address())) {
            for (DeviceSpec spec : specs) {
                counts.add(countOne(testbed, nms, proxy, spec));
            }
        }
        return new WireCounts(counts);
    }

    int connections() {
        return counts.size();
    }

    double meanBytes() {
        return counts.stream().mapToLong(CountingProxy.Counts::bytes).average().orElse(0);
    }

    double meanRoundTrips() {
        return counts.stream().mapToDouble(CountingProxy.Counts::roundTrips).average().orElse(0);
    }

    private static CountingProxy.Counts countOne(Testbed testbed, Testbed.Nms nms, CountingProxy proxy,
                                                 DeviceSpec spec) throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        CountDownLatch down = new CountDownLatch(1);
        List<CountingProxy.Counts> seen = new ArrayList<>();
        Consumer<DeviceSession> onSession = session -> {
            if (session.deviceId().equals(spec.id())) {
                synchronized (seen) {
                    seen.add(proxy.countsFor(portOf(session.remoteAddress())));
                }
                up.countDown();
            }
        };
        Consumer<DeviceEvent> onEvent = event -> {
            if ("disconnected".equals(event.type()) && spec.id().equals(event.data().getString("id"))) {
                down.countDown();
            }
        };
        nms.server().onSession(onSession);
        nms.server().subscribe(onEvent);
        DeviceAgent agent = testbed.startDevice(spec.calling("127.0.0.1", proxy.port()), new DialerListener() { });
        try {
            if (!up.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(spec.id() + " did not connect through the counting relay");
            }
        } finally {
            testbed.stop(agent);
        }
        if (!down.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the NMS did not see " + spec.id() + " disconnect");
        }
        synchronized (seen) {
            if (seen.get(0) == null) {
                throw new IllegalStateException("the relay has no connection for " + spec.id());
            }
            return seen.get(0);
        }
    }

    private static int portOf(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
