package org.callhome.shared.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/** A file's problem is led by the option that named it, without saying the file twice. */
class OptionChecksTest {

    private static String failure(String option, Object value, String message) {
        return assertThrows(IOException.class, () -> OptionChecks.read(option, value, () -> {
            throw new IOException(message);
        })).getMessage();
    }

    @Test
    void aMessageAboutTheFileItselfOrAFileInTheFolderFollowsTheOption() {
        assertEquals("--known-devices devices.txt:3: bad line", failure("--known-devices", Path.of("devices.txt"),
                "devices.txt:3: bad line"));
        assertEquals("--state-dir nms-state/trusted-devices.json: line 1: not valid JSON", failure("--state-dir",
                Path.of("nms-state"), "nms-state/trusted-devices.json: line 1: not valid JSON"));
    }

    @Test
    void anyOtherMessageGetsTheValueInFront() {
        assertEquals("--state-dir nms-state: device 'a' is in both trust files", failure("--state-dir",
                Path.of("nms-state"), "device 'a' is in both trust files"));
        assertEquals("--state-dir nms: nms-state/x: damaged", failure("--state-dir", Path.of("nms"),
                "nms-state/x: damaged"));
        assertEquals("--account nms:admin:k: k:1: bad", failure("--account", "nms:admin:k", "k:1: bad"));
    }

    @Command(name = "sample")
    static final class Sample {
    }

    @Test
    void aNumberIsCheckedAtEachLimitAndOnePast() {
        CommandLine commandLine = new CommandLine(new Sample());
        assertEquals(1, OptionChecks.inRange(commandLine, "--max-startups", 1, 1, 65535));
        assertEquals(65535, OptionChecks.inRange(commandLine, "--max-startups", 65535, 1, 65535));
        assertEquals("--max-startups must be in 1..65535, got 0", assertThrows(ParameterException.class,
                () -> OptionChecks.inRange(commandLine, "--max-startups", 0, 1, 65535)).getMessage());
        assertEquals("--max-startups must be in 1..65535, got 65536", assertThrows(ParameterException.class,
                () -> OptionChecks.inRange(commandLine, "--max-startups", 65536, 1, 65535)).getMessage());
    }
}
