package org.callhome.device.reversessh.openssh;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshdTest {

    @TempDir
    Path dir;

    @Test
    void missingSshdNamesTheDebianPackage() {
        IOException e = assertThrows(IOException.class, () -> Sshd.locate(dir.resolve("sbin").resolve("sshd")));
        assertTrue(e.getMessage().contains("install the Debian package openssh-server"), e.getMessage());
    }

    @Test
    void configurationSshdRefusesFailsWithSshdsOwnMessage() throws IOException {
        InstalledSshd.require();
        Sshd.preparePrivilegeSeparationDir(Sshd.runningAsRoot());
        Path config = Files.writeString(dir.resolve("sshd_config"), "PidFile none\nNoSuchKeyword yes\n");
        IOException e = assertThrows(IOException.class, () -> Sshd.locate(Sshd.DEBIAN_PATH).check(config));
        assertTrue(e.getMessage().contains("sshd refuses the generated configuration " + config), e.getMessage());
        assertTrue(e.getMessage().contains("NoSuchKeyword"), "sshd's message: " + e.getMessage());
    }
}
