package org.callhome.nms.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.callhome.shared.ssh.cert.CertificateRefusal;
import org.callhome.shared.strategy.NmsHalf.RejectionKind;
import org.junit.jupiter.api.Test;

/**
 * The refusal words a device's {@code lastRefusal} can hold ({@code Rejection.refusal()}: a
 * rejection's kind, or for a certificate the {@link CertificateRefusal}) and the ones the
 * dashboard explains in its {@code REFUSALS} table are one list, so a new refusal cannot reach the
 * page without words for the operator.
 */
class RefusalWordsTest {

    private static final Pattern ENTRY = Pattern.compile("^\\s*'([a-z-]+)':", Pattern.MULTILINE);

    @Test
    void theDashboardExplainsExactlyTheRefusalsTheNmsGives() throws IOException {
        Set<String> given = new HashSet<>();
        Arrays.stream(RejectionKind.values()).filter(kind -> kind != RejectionKind.CERTIFICATE)
                .forEach(kind -> given.add(kind.wireName()));
        Arrays.stream(CertificateRefusal.values()).forEach(refusal -> given.add(refusal.wireName()));
        assertEquals(given, explained(dashboardScript()),
                "the refusal words of RejectionKind and CertificateRefusal, and the entries of app.js's REFUSALS");
    }

    private static String dashboardScript() throws IOException {
        try (InputStream in = RefusalWordsTest.class.getResourceAsStream("/webroot/app.js")) {
            assertNotNull(in, "webroot/app.js is on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The keys of {@code const REFUSALS = { ... };}. */
    private static Set<String> explained(String script) {
        int start = script.indexOf("const REFUSALS = {");
        assertTrue(start >= 0, "app.js has a table REFUSALS");
        int end = script.indexOf("\n};", start);
        Matcher matcher = ENTRY.matcher(script.substring(start, end));
        Set<String> words = new HashSet<>();
        while (matcher.find()) {
            words.add(matcher.group(1));
        }
        return words;
    }
}
