package org.callhome.shared.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callhome.shared.testing.RepositoryFiles;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class BuildInfoTest {

    @Test
    void versionIsTheProjectVersionOfTheRootPom() throws Exception {
        String pom = Files.readString(RepositoryFiles.root().resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>callhome-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertTrue(version.find(), "the root pom names its version");
        assertEquals(version.group(1), BuildInfo.current().version());
    }

    @Test
    void commitIsTheCloneHeadWhenBuiltInAGitClone() throws Exception {
        Path root = RepositoryFiles.root();
        String commit = BuildInfo.current().commit();
        if (!Files.exists(root.resolve(".git"))) {
            assertEquals("unknown", commit, "built outside a git clone");
            return;
        }
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").directory(root.toFile())
                .redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0, head);
        assertTrue(commit.length() >= 10, commit);
        assertTrue(head.startsWith(commit), "HEAD " + head + " vs built " + commit);
    }

    @Test
    void versionOptionNamesTheCommandVersionAndCommit() {
        CommandLine commandLine = new CommandLine(new Sample());
        java.io.StringWriter out = new java.io.StringWriter();
        commandLine.setOut(new java.io.PrintWriter(out));
        assertEquals(0, commandLine.execute("--version"));
        BuildInfo build = BuildInfo.current();
        assertEquals("callhome sample " + build.version() + " (commit " + build.commit()
                + (build.dirty() ? ", modified" : "") + ")", out.toString().strip());
    }

    @Command(name = "sample", mixinStandardHelpOptions = true, versionProvider = BuildInfo.VersionProvider.class)
    static final class Sample implements Runnable {
        @Override
        public void run() {
        }
    }
}
