package org.callhome.system;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.callhome.shared.ssh.x509.trust.X509Lab;
import org.callhome.shared.x509.TlsFingerprint;
import org.callhome.testsupport.process.LineDrain;
import org.junit.jupiter.api.Assumptions;

/**
 * The libnetconf2 peers for TLS call home (RFC 8071 §4, RFC 7589): {@code ln2-nms} and
 * {@code ln2-device}, C programs built with gcc against Debian's libnetconf2 2.0, once per JVM and
 * only when a source is newer than its program: ln2-device's source is in {@code src/test/c},
 * ln2-nms's in the compare module's resources, as the comparison builds and runs it too. Each program's comment says
 * its arguments, output lines and exit codes. When the compiler or the libraries are missing a
 * test that needs them fails on CI (environment variable {@code CI=true}, where .ci/run installs
 * them) and is skipped elsewhere, saying what to install, as {@link StockPrograms} does.
 */
final class Libnetconf2Peers {

    /** The Debian packages the programs are built with; libnetconf2-dev's headers need libssh's and OpenSSL's. */
    static final String DEBIAN_PACKAGES = "gcc libc6-dev pkg-config libnetconf2-dev libssh-dev libssl-dev";
    /** ietf-netconf and the modules it imports, which both programs load. */
    static final Path YANG = Path.of("").toAbsolutePath().getParent().resolve("yang").resolve("ietf");

    /**
     * A copy of {@link #YANG} in {@code dir}, for ln2-nms: libnetconf2's client stores every module it
     * fetches with get-schema in its search path, which must not be the repository's folder.
     */
    static Path yangCopy(Path dir) throws IOException {
        Path copy = Files.createDirectories(dir.resolve("ln2-nms-yang"));
        try (Stream<Path> files = Files.list(YANG)) {
            for (Path file : files.filter(file -> file.getFileName().toString().endsWith(".yang")).toList()) {
                Files.copy(file, copy.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return copy;
    }

    private static final Path DEVICE_SOURCE = Path.of("src", "test", "c", "ln2-device.c");
    /** In compare's jar, for its standard-client scenario over tls; read here from the module beside this one. */
    private static final Path NMS_SOURCE = Path.of("..", "compare", "src", "main", "resources", "org", "callhome",
            "compare", "security", "ln2-nms.c");
    private static final Path BUILD = Path.of("target", "ln2");
    private static final List<String> LIBRARIES = List.of("libnetconf2", "libyang", "libssh", "openssl");
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private static Programs built;

    /** The two programs, built. */
    record Programs(Path nms, Path device) {
    }

    private Libnetconf2Peers() {
    }

    /**
     * Call first in a test that runs the peers: builds them if needed and returns them, or fails
     * (under CI) or skips the test when the compiler or a library is missing.
     */
    static synchronized Programs require() throws IOException, InterruptedException {
        if (built != null) {
            return built;
        }
        Optional<String> missing = missing();
        if (missing.isPresent()) {
            String message = missing.get() + ": the libnetconf2 interop tests build their peers with it";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (CI=true, so this is a failure, not a skip)");
            }
            Assumptions.abort(message + "; skipped (apt-get install " + DEBIAN_PACKAGES + " to run them)");
        }
        Files.createDirectories(BUILD);
        List<String> flags = flags();
        built = new Programs(compile("ln2-nms", NMS_SOURCE, flags), compile("ln2-device", DEVICE_SOURCE, flags));
        return built;
    }

    /** Why the peers cannot be built here, if so: gcc, pkg-config, the C library's headers or a library is missing. */
    static Optional<String> missing() throws InterruptedException {
        for (String tool : List.of("gcc", "pkg-config")) {
            try {
                run(List.of(tool, "--version"));
            } catch (IOException e) {
                return Optional.of(tool + " is not installed (" + e.getMessage() + ")");
            }
        }
        if (!Files.isRegularFile(Path.of("/usr/include/stdio.h"))) {
            return Optional.of("the C library's headers are not installed (Debian package libc6-dev)");
        }
        List<String> check = new ArrayList<>(List.of("pkg-config", "--print-errors", "--exists"));
        check.addAll(LIBRARIES);
        try {
            run(check);
        } catch (IOException e) {
            return Optional.of("a library is missing for pkg-config (" + e.getMessage().strip() + ")");
        }
        return Optional.empty();
    }

    /** The PEM file {@code file} holding {@code certificates}. */
    static Path writeCertificates(Path file, X509Certificate... certificates) {
        return X509Lab.write(file, X509Lab.pem(certificates));
    }

    /** The PEM file {@code file} holding {@code key} as PKCS#8, which OpenSSL reads. */
    static Path writeKey(Path file, PrivateKey key) {
        return X509Lab.write(file, X509Lab.pem("PRIVATE KEY", key.getEncoded()));
    }

    /** {@code certificate}'s SHA-256 fingerprint as cert-to-name writes it, {@code 04:AB:...}: what {@code --ctn} takes. */
    static String fingerprint(X509Certificate certificate) {
        return TlsFingerprint.of(certificate, TlsFingerprint.HashAlgorithm.SHA256).text();
    }

    private static List<String> flags() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pkg-config", "--cflags", "--libs"));
        command.addAll(LIBRARIES);
        return List.of(run(command).strip().split("\\s+"));
    }

    /** Compiles {@code source} into {@code target/ln2/<name>} unless the program is newer than its source. */
    private static Path compile(String name, Path source, List<String> flags) throws IOException,
            InterruptedException {
        Path program = BUILD.resolve(name);
        if (Files.isExecutable(program)
                && Files.getLastModifiedTime(program).compareTo(Files.getLastModifiedTime(source)) > 0) {
            return program.toAbsolutePath();
        }
        Path partial = BUILD.resolve(name + ".partial");
        List<String> command = new ArrayList<>(List.of("gcc", "-std=gnu11", "-O2", "-Wall", "-Wextra", "-o",
                partial.toString(), source.toString()));
        command.addAll(flags);
        try {
            run(command);
        } catch (IOException e) {
            throw new IllegalStateException("cannot build " + name + ": " + e.getMessage(), e);
        }
        // a program is there whole or not at all, so a build cut short is never taken as up to date
        Files.move(partial, program, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return program.toAbsolutePath();
    }

    /** Runs {@code command} to its end and returns its output; an IOException says why it could not run or failed. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException(String.join(" ", command) + " did not end within " + TOOL_TIMEOUT.toSeconds()
                        + " s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                        + output);
            }
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * One running peer. Two daemon threads drain its stdout and stderr, so it never blocks on a
     * full pipe; the caller waits for a line or for the exit, each with a deadline, and
     * {@link #close()} stops it (SIGTERM, then SIGKILL) whatever state it is in.
     */
    static final class Peer implements AutoCloseable {

        private final String name;
        private final Process process;
        private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
        private final List<String> stdout = new CopyOnWriteArrayList<>();
        private final StringBuffer stderr = new StringBuffer();
        private final List<Thread> drains = new ArrayList<>();

        private Peer(String name, Process process) {
            this.name = name;
            this.process = process;
            drains.add(LineDrain.start(process.getInputStream(), name + "-stdout", line -> {
                stdout.add(line);
                unread.add(line);
            }));
            drains.add(LineDrain.start(process.getErrorStream(), name + "-stderr",
                    line -> stderr.append(line).append('\n')));
        }

        /** Starts {@code program} with {@code arguments}. */
        static Peer start(Path program, List<String> arguments) throws IOException {
            List<String> command = new ArrayList<>(List.of(program.toString()));
            command.addAll(arguments);
            return new Peer(program.getFileName().toString(), new ProcessBuilder(command).start());
        }

        /**
         * The next stdout line {@code wanted} accepts, skipping the lines before it; empty if the
         * peer ends or the deadline passes first. Lines skipped stay in {@link #stdoutLines()}.
         */
        Optional<String> awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                String line = unread.poll(Math.min(100_000_000L, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line != null && wanted.test(line)) {
                    return Optional.of(line);
                }
                if (line == null && !process.isAlive() && drains.stream().noneMatch(Thread::isAlive)
                        && unread.isEmpty()) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }

        /** The exit code, or empty if it still runs at the deadline; the output is complete afterwards. */
        /** The port ln2-nms printed on its {@code listening PORT} line; fails the test if none came in time. */
        int listeningPort(Duration timeout) throws InterruptedException {
            String line = awaitLine(l -> l.startsWith("listening "), timeout).orElseGet(() -> fail(
                    "ln2-nms did not listen within " + timeout.toSeconds() + " s: " + describe()));
            return Integer.parseInt(line.substring("listening ".length()));
        }

        /** What ln2-nms printed between its BEGIN DATA and END DATA lines; fails the test if there is none. */
        String data() {
            List<String> out = stdoutLines();
            int begin = out.indexOf("BEGIN DATA");
            int end = out.indexOf("END DATA");
            if (begin < 0 || end < begin) {
                fail("no data block: " + describe());
            }
            return String.join("\n", out.subList(begin + 1, end));
        }

        /** Its exit code; fails the test if it did not exit in time. */
        int exitWithin(Duration timeout) throws InterruptedException {
            return awaitExit(timeout).orElseGet(() -> fail("no exit within " + timeout.toSeconds() + " s: "
                    + describe()));
        }

        OptionalInt awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.empty();
            }
            for (Thread drain : drains) {
                drain.join(STOP_TIMEOUT.toMillis());
            }
            return OptionalInt.of(process.exitValue());
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** Every stdout line so far, in order. */
        List<String> stdoutLines() {
            return List.copyOf(stdout);
        }

        String stderr() {
            return stderr.toString();
        }

        /** What a failed assertion should show of this peer. */
        String describe() {
            return name + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")") + "; stdout: "
                    + stdoutLines() + "; stderr:\n" + stderr();
        }

        /** Stops it: SIGTERM, then SIGKILL if it is still there after a few seconds. */
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
