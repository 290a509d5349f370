package org.callhome.shared.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version and git commit this build was made from, as the build wrote them into
 * {@code build.properties}; every program's {@code --version} and every report names them, so
 * that a figure or a bug report can be traced to the code that produced it.
 *
 * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit  the abbreviated git commit, or {@code unknown} when built outside a git clone
 * @param dirty   whether the clone had uncommitted changes when it was built
 */
public record BuildInfo(String version, String commit, boolean dirty) {

    private static final String UNKNOWN = "unknown";
    private static final BuildInfo CURRENT = load();

    /** The build this class was compiled in. */
    public static BuildInfo current() {
        return CURRENT;
    }

    /** {@code 0.1.0-SNAPSHOT (commit 0a6c1d0e4f)}, with {@code , modified} when built from a changed clone. */
    public String describe() {
        return version + " (commit " + commit + (dirty ? ", modified" : "") + ")";
    }

    private static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build's version", e);
        }
        return new BuildInfo(filled(properties, "version"), filled(properties, "commit"),
                Boolean.parseBoolean(filled(properties, "dirty")));
    }

    /** A property's value, or {@code unknown} where the build left it unset or its placeholder unfilled. */
    private static String filled(Properties properties, String key) {
        String value = properties.getProperty(key, "").strip();
        return value.isEmpty() || value.startsWith("${") ? UNKNOWN : value;
    }

    /** picocli's {@code --version}: the command's name, then {@link #describe()}. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"callhome ${COMMAND-FULL-NAME} " + current().describe()};
        }
    }
}
