package org.callhome.compare.costs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.callhome.compare.lab.DeviceSpec;
import org.callhome.compare.lab.Testbed;
import org.callhome.compare.model.MoveResult;
import org.callhome.compare.model.TrustModel;
import org.callhome.device.callhome.DialerListener;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.netconf.NetconfLimits;
import org.callhome.shared.netconf.message.Netconf;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.xml.NetconfXml;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Moves one device of a strategy from NMS A to NMS B over NETCONF, under pinned keys, as an operator
 * would: through A's HTTP API, the device's new endpoint (B's port) goes into the candidate and a
 * confirmed commit with a persist token makes it running; the device answers, leaves A and calls B
 * (reverse-ssh, tls) or logs into B (device-ssh-client); through B's API, a commit with the persist
 * id confirms it, and a cancel-commit must then find nothing pending. B shares A's NMS key files
 * (its login key, host key or TLS key and certificate) and pins the same device key, so the device
 * accepts B and B the device with nothing else changed. Counts the RPCs and the bytes of the
 * operations sent for the move, and times the device's arrival at B from B's registry events.
 */
public final class DeviceMove {

    /** The token of the confirmed commit. */
    static final String TOKEN = "move-to-b";
    /** How long the confirmed commit waits for B's confirmation before running goes back. */
    static final int CONFIRM_SECONDS = 120;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NCS = "urn:ietf:params:xml:ns:yang:ietf-netconf-server";
    private static final String DSC = "urn:callhome:params:xml:ns:yang:callhome-device-ssh-client";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private final List<String> evidence = new ArrayList<>();
    private int rpcs;
    private long bytes;

    private DeviceMove() {
    }

    /** Moves a device of {@code strategy} between two NMS started in {@code dir}. */
    public static MoveResult run(Path dir, CallHomeStrategy strategy) throws Exception {
        return new DeviceMove().move(dir, strategy);
    }

    private MoveResult move(Path dir, CallHomeStrategy strategy) throws Exception {
        TrustModel trust = TrustModel.PINNED;
        try (Testbed testbed = new Testbed(dir, trust, strategy)) {
            String id = DeviceSpec.idPrefix(strategy) + "-move-1";
            Testbed.NmsKeys keys = testbed.nmsKeys("nms");
            Map<String, PublicKey> trusted = Map.of(id, testbed.devicePublicKey(id));
            Testbed.Nms a = testbed.startNms(new Testbed.NmsSpec("nms-a", strategy, keys, trusted, 0, false));
            Testbed.Nms b = testbed.startNms(new Testbed.NmsSpec("nms-b", strategy, keys, trusted, 0, false));
            CompletableFuture<Long> atA = connected(a, id, "connected");
            CompletableFuture<Long> leftA = connected(a, id, "disconnected");
            CompletableFuture<Long> atB = connected(b, id, "connected");
            DeviceSpec device = testbed.deviceSpec(strategy, id, keys, a.address(), Role.ADMIN);
            testbed.startDevice(device, new DialerListener() { });
            await(atA, id + " connected to NMS A");
            evidence.add(id + " connected to NMS A (" + strategy.wireName() + ", port " + a.address().getPort()
                    + "); NMS B listens on port " + b.address().getPort() + " with A's NMS key files");

            String edit = "<edit-config xmlns=\"" + Netconf.BASE_NS + "\"><target><candidate/></target><config>"
                    + callHomeTree(strategy, device, b.address().getPort()) + "</config></edit-config>";
            String commit = "<commit xmlns=\"" + Netconf.BASE_NS + "\"><confirmed/><confirm-timeout>"
                    + CONFIRM_SECONDS + "</confirm-timeout><persist>" + TOKEN + "</persist></commit>";
            boolean replied = ok(send(a, "A", id, edit));
            long commitSent = System.nanoTime();
            replied &= ok(send(a, "A", id, commit));
            double arrival = -1;
            Optional<Long> arrived = awaitQuietly(atB);
            if (arrived.isPresent()) {
                arrival = (arrived.get() - commitSent) / 1e6;
                evidence.add(String.format(Locale.ROOT, "NMS B's registry: %s connected %.1f ms after the "
                        + "confirmed commit was sent through A's API", id, arrival));
            } else {
                evidence.add("NMS B's registry: " + id + " did not connect within " + WAIT.toSeconds() + " s");
            }
            evidence.add(awaitQuietly(leftA).isPresent() ? "NMS A's registry: " + id + " disconnected"
                    : "NMS A's registry: no disconnection of " + id);
            boolean confirmed = false;
            boolean nothingPending = false;
            if (arrived.isPresent()) {
                confirmed = ok(send(b, "B", id, "<commit xmlns=\"" + Netconf.BASE_NS + "\"><persist-id>" + TOKEN
                        + "</persist-id></commit>"));
                // a check, not part of the move: not counted
                String cancel = post(b, id, "<cancel-commit xmlns=\"" + Netconf.BASE_NS + "\"><persist-id>" + TOKEN
                        + "</persist-id></cancel-commit>");
                nothingPending = cancel.contains("<rpc-error>") && cancel.contains("no confirmed commit is pending");
                evidence.add("cancel-commit through B's API (not counted): " + oneLine(cancel));
            }
            return new MoveResult(strategy, trust, replied, arrival, confirmed, nothingPending, rpcs, bytes,
                    changedPath(edit), evidence);
        }
    }

    /** The call-home tree of {@code strategy} with the device's one endpoint at {@code port} of the loopback. */
    static String callHomeTree(CallHomeStrategy strategy, DeviceSpec device, int port) {
        String client = device.settings().callHome().name();
        String endpoint = device.settings().callHome().endpoints().get(0).name();
        String tcp = "<tcp-client-parameters><remote-port>" + port + "</remote-port></tcp-client-parameters>";
        if (strategy == CallHomeStrategy.DEVICE_SSH_CLIENT) {
            return "<device-ssh-client xmlns=\"" + DSC + "\"><netconf-clients><netconf-client><name>" + client
                    + "</name><endpoints><endpoint><name>" + endpoint + "</name>" + tcp + "</endpoint></endpoints>"
                    + "</netconf-client></netconf-clients></device-ssh-client>";
        }
        String transport = strategy == CallHomeStrategy.TLS ? "tls" : "ssh";
        return "<netconf-server xmlns=\"" + NCS + "\"><call-home><netconf-client><name>" + client + "</name>"
                + "<endpoints><endpoint><name>" + endpoint + "</name><" + transport + ">" + tcp + "</" + transport
                + "></endpoint></endpoints></netconf-client></call-home></netconf-server>";
    }

    /**
     * The element path of the leaf an edit-config changes, read from the edit: the config's top
     * element prefixed by its module (the namespace's last part), down to the first leaf that is no
     * list key ({@code name}), e.g. "/ietf-netconf-server:netconf-server/call-home/.../remote-port".
     */
    static String changedPath(String edit) throws NetconfException {
        Element config = child(NetconfXml.parse(edit, NetconfLimits.DEFAULT).getDocumentElement(), "config")
                .orElseThrow(() -> new IllegalArgumentException("the edit has no config"));
        Element top = firstElement(config).orElseThrow(() -> new IllegalArgumentException("the config is empty"));
        String ns = top.getNamespaceURI() == null ? "" : top.getNamespaceURI();
        StringBuilder path = new StringBuilder("/").append(ns.substring(ns.lastIndexOf(':') + 1)).append(':')
                .append(top.getLocalName());
        Element at = top;
        while (true) {
            Optional<Element> next = Optional.empty();
            for (Node node = at.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element && !"name".equals(element.getLocalName())) {
                    next = Optional.of(element);
                    break;
                }
            }
            if (next.isEmpty()) {
                return path.toString();
            }
            at = next.get();
            path.append('/').append(at.getLocalName());
        }
    }

    private static Optional<Element> child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private static Optional<Element> firstElement(Element parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    /** The time ({@link System#nanoTime}) of {@code nms}'s first event {@code type} for device {@code id}. */
    private static CompletableFuture<Long> connected(Testbed.Nms nms, String id, String type) {
        CompletableFuture<Long> seen = new CompletableFuture<>();
        nms.server().subscribe(event -> {
            if (event.type().equals(type) && id.equals(event.data().getString("id"))) {
                seen.complete(System.nanoTime());
            }
        });
        return seen;
    }

    private static void await(CompletableFuture<Long> event, String what) throws IOException, InterruptedException {
        if (awaitQuietly(event).isEmpty()) {
            throw new IOException(what + ": not within " + WAIT.toSeconds() + " s");
        }
    }

    private static Optional<Long> awaitQuietly(CompletableFuture<Long> event) throws InterruptedException {
        try {
            return Optional.of(event.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        }
    }

    /** Sends one RPC of the move through {@code nms}'s API, counted; its reply. */
    private String send(Testbed.Nms nms, String label, String id, String operation)
            throws IOException, InterruptedException {
        rpcs++;
        int size = operation.getBytes(StandardCharsets.UTF_8).length;
        bytes += size;
        String reply = post(nms, id, operation);
        evidence.add("sent through " + label + "'s API (" + size + " bytes): " + operation);
        evidence.add(label + " answered: " + oneLine(reply));
        return reply;
    }

    private String post(Testbed.Nms nms, String id, String operation) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + nms.server().httpPort() + "/api/devices/" + id + "/rpc")).timeout(WAIT)
                .header("content-type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(operation)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode() + ": "
                + response.body();
    }

    private static boolean ok(String reply) {
        return !reply.startsWith("HTTP ") && reply.contains("<ok/>") && !reply.contains("<rpc-error>");
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s*\\n\\s*", "");
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }
}
