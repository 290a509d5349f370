package org.callhome.compare.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * ncclient's {@code manager.call_home} as an NMS, in a child Python process: it listens on a
 * port of its choosing, says which ("LISTENING port"), accepts one device, runs get-config and
 * prints one JSON line, or "ERROR kind: message" on stderr. Two daemon threads drain the pipes;
 * {@link #close()} kills the process whatever state it is in.
 */
final class NcclientProcess implements AutoCloseable {

    private static final String LISTENING = "LISTENING ";
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(30);

    /** The NMS side, written to a file of the run; arguments: host user key-file host-key-b64|- timeout. */
    private static final String SCRIPT = """
            import json, socket, sys
            from ncclient import manager


            class AnnouncingSocket(socket.socket):
                # call_home() binds the port it is given (0: any) but never says which; this does
                def listen(self, *args):
                    super().listen(*args)
                    print("LISTENING %d" % self.getsockname()[1], flush=True)


            def main(argv):
                host, username, key_file, host_key, timeout = argv[0], argv[1], argv[2], argv[3], float(argv[4])
                original = manager.socket
                manager.socket = type("socket_module", (), {"socket": AnnouncingSocket,
                                                            "AF_INET": socket.AF_INET,
                                                            "SOCK_STREAM": socket.SOCK_STREAM})
                options = dict(host=host, port=0, username=username, key_filename=key_file,
                               hostkey_verify=host_key != "-", allow_agent=False, look_for_keys=False,
                               timeout=timeout)
                if host_key != "-":
                    options["hostkey_b64"] = host_key
                try:
                    with manager.call_home(**options) as m:
                        reply = m.get_config(source="running")
                        transport = m._session.transport
                        print(json.dumps({"session_id": m.session_id, "get_config": reply.data_xml,
                                          "host_key": transport.host_key_type,
                                          "cipher": transport.local_cipher}), flush=True)
                    return 0
                except Exception as e:
                    print("ERROR %s: %s" % (type(e).__name__, e), file=sys.stderr, flush=True)
                    return 1
                finally:
                    manager.socket = original


            if __name__ == "__main__":
                sys.exit(main(sys.argv[1:]))
            """;

    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final List<Thread> drains = new ArrayList<>();

    private NcclientProcess(Process process) {
        this.process = process;
        drains.add(drain(process.getInputStream(), stdout::add));
        drains.add(drain(process.getErrorStream(), line -> stderr.append(line).append('\n')));
    }

    /** Why ncclient cannot run with {@code python} here, if so: the interpreter or the module is missing. */
    static Optional<String> missing(Path python) throws IOException, InterruptedException {
        if (!Files.isExecutable(python)) {
            return Optional.of(python + " is missing (Debian: apt-get install python3-ncclient)");
        }
        Process check = new ProcessBuilder(python.toString(), "-c", "import ncclient, paramiko")
                .redirectErrorStream(true).start();
        try {
            if (!check.waitFor(IMPORT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return Optional.of(python + " did not import ncclient within " + IMPORT_TIMEOUT.toSeconds() + " s");
            }
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return check.exitValue() == 0 ? Optional.empty() : Optional.of(python
                    + " cannot import ncclient (Debian: apt-get install python3-ncclient): " + output);
        } finally {
            check.destroyForcibly();
        }
    }

    /** Writes the script to {@code folder} and starts it. */
    static NcclientProcess start(Path python, Path folder, String username, Path keyFile, String hostKeyBase64,
                                 Duration rpcTimeout) throws IOException {
        Path script = Files.writeString(folder.resolve("ncclient_call_home.py"), SCRIPT);
        return new NcclientProcess(new ProcessBuilder(python.toString(), "-u", script.toString(), "127.0.0.1",
                username, keyFile.toString(), hostKeyBase64 == null ? "-" : hostKeyBase64,
                Long.toString(rpcTimeout.toSeconds())).start());
    }

    /** The port ncclient listens on, once it says so; empty if it exits or stays silent until the deadline. */
    OptionalInt awaitListening(Duration timeout) throws InterruptedException {
        String line = stdout.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null || !line.startsWith(LISTENING)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(line.substring(LISTENING.length()).strip()));
    }

    /** The exit code, or empty if it still runs at the deadline; the output is complete afterwards. */
    OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return OptionalInt.empty();
        }
        for (Thread drain : drains) {
            drain.join(Duration.ofSeconds(5).toMillis());
        }
        return OptionalInt.of(process.exitValue());
    }

    /** The stdout lines after "LISTENING", in order. */
    List<String> stdoutLines() {
        return List.copyOf(stdout);
    }

    String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private static Thread drain(InputStream stream, Consumer<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process was killed: its pipe closed, nothing more to read
            }
        }, "ncclient-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
