package org.callhome.compare.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.callhome.testsupport.process.LineDrain;

/**
 * The TLS side of {@link Rfc6242Client}: ln2-nms, libnetconf2 2.0's call-home client
 * ({@code nc_client_tls_ch_add_bind_listen}, {@code nc_accept_callhome}) in a small C program
 * whose source travels in this package's resources. It is built with gcc against the Debian
 * packages of {@link #DEBIAN_PACKAGES}, once per JVM and compiler, into the folder of the first
 * run that needs it (again if that folder is gone), beside the YANG modules it loads. The
 * program's comment says its arguments, output lines and exit codes.
 */
final class Ln2Nms {

    /** What the program is built with; libnetconf2-dev's headers need libssh's and OpenSSL's. */
    static final String DEBIAN_PACKAGES = "gcc libc6-dev pkg-config libnetconf2-dev libssh-dev libssl-dev";
    /** The compiler the comparison uses unless told otherwise. */
    static final String GCC = "gcc";

    private static final String SOURCE = "ln2-nms.c";
    /**
     * ietf-netconf, the base module, and ietf-netconf-acm, which it imports: libnetconf2 2.0 does not
     * carry the latter, and without the two in its search path 2.0.24 fails to load the base module
     * from a device that offers no get-schema (and then crashes freeing the session). The compare
     * jar carries the repository's copies.
     */
    private static final List<String> YANG_MODULES = List.of("ietf-netconf@2013-09-29.yang",
            "ietf-netconf-acm@2018-02-14.yang");
    private static final String YANG_RESOURCES = "ln2-nms-yang/";
    private static final List<String> LIBRARIES = List.of("libnetconf2", "libyang", "libssh", "openssl");
    private static final Path C_HEADERS = Path.of("/usr/include/stdio.h");
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);
    private static final Map<String, Ln2Nms> BUILT = new HashMap<>();

    private final Path program;
    private final Path yangDir;
    private final String versions;

    private Ln2Nms(Path program, Path yangDir, String versions) {
        this.program = program;
        this.yangDir = yangDir;
        this.versions = versions;
    }

    /**
     * Why ln2-nms cannot be built here with {@code compiler}, if so: the compiler, pkg-config, the C
     * library's headers or one of the libraries is missing.
     */
    static Optional<String> missing(String compiler) throws InterruptedException {
        for (String tool : List.of(compiler, "pkg-config")) {
            try {
                run(List.of(tool, "--version"));
            } catch (IOException e) {
                return Optional.of(tool + " is not installed (" + e.getMessage().strip() + ")");
            }
        }
        if (!Files.isRegularFile(C_HEADERS)) {
            return Optional.of("the C library's headers are not installed (no " + C_HEADERS + ")");
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

    /**
     * ln2-nms built with {@code compiler}: the one this JVM built before if its files are still
     * there, else a new build in {@code folder}. Call {@link #missing} first.
     *
     * @throws IOException when it cannot be built (the compiler's or pkg-config's output says why)
     */
    static synchronized Ln2Nms build(String compiler, Path folder) throws IOException, InterruptedException {
        Ln2Nms before = BUILT.get(compiler);
        if (before != null && before.stillThere()) {
            return before;
        }
        Path source = copyResource(SOURCE, folder.resolve(SOURCE));
        Path yangDir = Files.createDirectories(folder.resolve("yang"));
        for (String module : YANG_MODULES) {
            copyResource(YANG_RESOURCES + module, yangDir.resolve(module));
        }
        List<String> flags = new ArrayList<>(List.of("pkg-config", "--cflags", "--libs"));
        flags.addAll(LIBRARIES);
        Path partial = folder.resolve("ln2-nms.partial");
        List<String> command = new ArrayList<>(List.of(compiler, "-std=gnu11", "-O2", "-Wall", "-Wextra", "-o",
                partial.toString(), source.toString()));
        command.addAll(List.of(run(flags).strip().split("\\s+")));
        run(command);
        Path program = folder.resolve("ln2-nms");
        // the program is there whole or not at all, so a build cut short is never taken for one
        Files.move(partial, program, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String versions = "libnetconf2 " + run(List.of("pkg-config", "--modversion", "libnetconf2")).strip()
                + ", libyang " + run(List.of("pkg-config", "--modversion", "libyang")).strip();
        Ln2Nms built = new Ln2Nms(program.toAbsolutePath(), yangDir.toAbsolutePath(), versions);
        BUILT.put(compiler, built);
        return built;
    }

    /** Whether its files are still there: the run folder it was built in may have been removed since. */
    private boolean stillThere() {
        return Files.isExecutable(program)
                && YANG_MODULES.stream().allMatch(module -> Files.isRegularFile(yangDir.resolve(module)));
    }

    Path program() {
        return program;
    }

    /** The folder of the YANG modules ln2-nms loads ({@code --yang-dir}). */
    Path yangDir() {
        return yangDir;
    }

    /** The libraries' versions it was built against, e.g. "libnetconf2 2.0.24, libyang 2.1.30". */
    String versions() {
        return versions;
    }

    /**
     * Starts ln2-nms listening on a free port of 127.0.0.1, presenting {@code certificate} with
     * {@code key} and accepting a device whose certificate chains to {@code trustedCa}; it reads
     * the running configuration with get-config and waits at most {@code timeout} for the call
     * and for the reply.
     */
    Ln2NmsProcess start(Path certificate, Path key, Path trustedCa, Duration timeout) throws IOException {
        return Ln2NmsProcess.start(List.of(program.toString(), "--cert", certificate.toString(), "--key",
                key.toString(), "--trusted-ca", trustedCa.toString(), "--yang-dir", yangDir.toString(),
                "--address", "127.0.0.1", "--port", "0", "--timeout", Long.toString(timeout.toSeconds()),
                "--rpc", "get-config"));
    }

    private static Path copyResource(String name, Path file) throws IOException {
        try (InputStream resource = Ln2Nms.class.getResourceAsStream(name)) {
            if (resource == null) {
                throw new IOException("the compare jar lacks " + name + " beside " + Ln2Nms.class.getSimpleName());
            }
            Files.copy(resource, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** Runs {@code command} to its end and returns its output; an IOException says why it could not run or failed. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        // drained as it comes, so a compiler with much to say never blocks on a full pipe
        Thread drain = LineDrain.start(process.getInputStream(), command.get(0) + "-output",
                line -> output.append(line).append('\n'));
        try {
            if (!process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException(String.join(" ", command) + " did not end within " + TOOL_TIMEOUT.toSeconds()
                        + " s");
            }
            drain.join(TimeUnit.SECONDS.toMillis(5));
            if (process.exitValue() != 0) {
                throw new IOException(command.get(0) + " exited with " + process.exitValue() + ": "
                        + output.toString().strip());
            }
            return output.toString();
        } finally {
            process.destroyForcibly();
        }
    }
}
