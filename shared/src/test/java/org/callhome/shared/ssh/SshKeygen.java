package org.callhome.shared.ssh;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * OpenSSH's {@code ssh-keygen}, run as a process: the reference our key handling must agree with.
 * When it is not installed, tests that need it fail on CI (environment variable {@code CI=true})
 * and are skipped elsewhere. Public for the tests of {@code ssh.cert}, which sign certificates
 * and write revocation lists with it.
 */
public final class SshKeygen {

    private static final long TIMEOUT_SECONDS = 60;

    private SshKeygen() {
    }

    /** Call first in every test that runs ssh-keygen. */
    public static void require() {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean installed = Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "ssh-keygen")));
        if (installed) {
            return;
        }
        String message = "OpenSSH ssh-keygen is not on the PATH: the key-format interoperability tests need it";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(message + "; skipped (install openssh-client to run them)");
    }

    /**
     * Makes a new unencrypted key pair (or encrypted when {@code passphrase} is non-empty).
     *
     * @param format null for ssh-keygen's default (OpenSSH), else "PEM" or "PKCS8"
     */
    public static Path generate(Path dir, String name, String type, int bits, String format, String passphrase)
            throws IOException {
        Path file = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("-q", "-t", type, "-N", passphrase, "-C", name, "-f", file.toString()));
        if (bits > 0) {
            args.addAll(List.of("-b", Integer.toString(bits)));
        }
        if (format != null) {
            args.addAll(List.of("-m", format));
        }
        run(args.toArray(String[]::new));
        return file;
    }

    /** The SHA256 fingerprint {@code ssh-keygen -l -E sha256} prints for a key file (private or public). */
    public static String fingerprint(Path keyFile) throws IOException {
        return run("-l", "-E", "sha256", "-f", keyFile.toString()).split("\\s+")[1];
    }

    /** {@code "<type> <base64>"} of the public key {@code ssh-keygen -y} derives from a private key file. */
    public static String publicKeyOf(Path privateKeyFile) throws IOException {
        String[] fields = run("-y", "-f", privateKeyFile.toString()).strip().split("\\s+");
        return fields[0] + " " + fields[1];
    }

    /** The first two fields of a {@code .pub} file. */
    public static String publicKeyFile(Path privateKeyFile) throws IOException {
        String[] fields = Files.readString(Path.of(privateKeyFile + ".pub")).strip().split("\\s+");
        return fields[0] + " " + fields[1];
    }

    /**
     * Whether OpenSSH counts {@code keyOrCertificate} (a public key or certificate file) as revoked
     * by the KRL or key list {@code revocations}: {@code ssh-keygen -Q}, the oracle for ours. Its
     * exit status and its verdict line ({@code <file> (<comment>): ok} or {@code ...: REVOKED}) must
     * agree; anything else is an error.
     */
    public static boolean revoked(Path revocations, Path keyOrCertificate) throws IOException {
        Run run = execute("-Q", "-f", revocations.toString(), keyOrCertificate.toString());
        String verdict = run.output().strip();
        if (run.exitCode() == 0 && verdict.endsWith(": ok")) {
            return false;
        }
        if (run.exitCode() == 1 && verdict.endsWith(": REVOKED")) {
            return true;
        }
        throw new IOException("ssh-keygen -Q exited with " + run.exitCode() + ":\n" + run.output());
    }

    /**
     * Whether OpenSSH finds {@code lookup} ({@code host}, or {@code [host]:port} for a port other than
     * 22, as ssh looks a host up) in the known_hosts file {@code knownHosts}: {@code ssh-keygen -F},
     * the oracle for host patterns.
     */
    public static boolean findsHost(Path knownHosts, String lookup) throws IOException {
        Run run = execute("-F", lookup, "-f", knownHosts.toString());
        if (run.exitCode() == 0 && run.output().contains(" found: line ")) {
            return true;
        }
        if (run.exitCode() == 1 && run.output().isBlank()) {
            return false;
        }
        throw new IOException("ssh-keygen -F exited with " + run.exitCode() + ":\n" + run.output());
    }

    /** Runs ssh-keygen and returns its standard output; throws with its output if it fails. */
    public static String run(String... args) throws IOException {
        Run run = execute(args);
        if (run.exitCode() != 0) {
            throw new IOException("ssh-keygen exited with " + run.exitCode() + ": " + List.of(args) + "\n" + run.output());
        }
        return run.output();
    }

    private static Run execute(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("ssh-keygen");
        command.addAll(List.of(args));
        // stdin closed: a passphrase prompt fails at once instead of waiting; output is a few lines, below any pipe buffer
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("ssh-keygen did not finish in " + TIMEOUT_SECONDS + " s: " + command);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + command, e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.exitValue(), output);
    }

    private record Run(int exitCode, String output) {
    }
}
