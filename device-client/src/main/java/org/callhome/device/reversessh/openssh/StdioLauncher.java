package org.callhome.device.reversessh.openssh;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.callhome.shared.config.DeviceSshSettings.Role;

/**
 * The command sshd runs for a NETCONF session: this very JVM and class path running
 * {@code device-client stdio} on the device's data folder. Every path is absolute, because sshd
 * starts the command in the user's home folder.
 *
 * @param java            the {@code java} executable
 * @param classPath       the class path entries, absolute
 * @param datastore       the data folder, absolute
 * @param maxMessageBytes the device's largest NETCONF message
 */
record StdioLauncher(Path java, List<Path> classPath, Path datastore, int maxMessageBytes) {

    static final String MAIN_CLASS = "org.callhome.device.DeviceClientMain";
    /**
     * Keeps logback's status report off stdout, which carries nothing but NETCONF: logback prints it
     * (to the real stdout, before {@code stdio} redirects {@code System.out}) when its configuration
     * has warnings, such as two logback-test.xml on a test class path. The client would read it as
     * a malformed hello.
     */
    static final String QUIET_LOGBACK = "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener";

    StdioLauncher {
        Objects.requireNonNull(java, "java");
        classPath = List.copyOf(classPath);
        Objects.requireNonNull(datastore, "datastore");
        if (!java.isAbsolute() || !datastore.isAbsolute() || !classPath.stream().allMatch(Path::isAbsolute)) {
            throw new IllegalArgumentException("java, class path and data folder must be absolute paths");
        }
        if (classPath.isEmpty()) {
            throw new IllegalArgumentException("empty class path");
        }
    }

    /** The running JVM ({@code ProcessHandle} command, else {@code java.home}) and its {@code java.class.path}. */
    static StdioLauncher ofThisJvm(Path datastore, int maxMessageBytes) {
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        List<Path> classPath = Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().normalize())
                .toList();
        return new StdioLauncher(java.toAbsolutePath(), classPath, datastore.toAbsolutePath().normalize(),
                maxMessageBytes);
    }

    /**
     * The argument vector. Without a user, {@code stdio} takes the SSH user from {@code $USER},
     * which sshd sets.
     */
    List<String> argv(Optional<String> user, Role role) {
        List<String> argv = new ArrayList<>(List.of(java.toString(), QUIET_LOGBACK, "-cp",
                classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                MAIN_CLASS, "stdio", "--datastore", datastore.toString()));
        user.ifPresent(name -> argv.addAll(List.of("--user", name)));
        argv.addAll(List.of("--role", role.wireName(), "--max-message-bytes", Integer.toString(maxMessageBytes)));
        return argv;
    }
}
