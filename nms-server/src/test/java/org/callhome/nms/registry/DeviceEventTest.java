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
import java.util.stream.Collectors;
import org.callhome.nms.registry.DeviceEvent.Kind;
import org.junit.jupiter.api.Test;

/**
 * The event types the NMS sends and the ones its dashboard handles are one list: the dashboard's
 * {@code handleEvent} has a {@code case} for every {@link Kind} and for nothing else, so that
 * neither side can gain or rename a type alone.
 */
class DeviceEventTest {

    private static final Pattern CASE = Pattern.compile("case '([^']*)':");

    @Test
    void theDashboardHandlesExactlyTheKindsTheNmsSends() throws IOException {
        Set<String> handled = cases(handleEvent(dashboardScript()));
        Set<String> sent = Arrays.stream(Kind.values()).map(Kind::wireName).collect(Collectors.toSet());
        assertEquals(sent, handled, "the event types of DeviceEvent.Kind and the cases of app.js's handleEvent");
    }

    @Test
    void wireNamesAreDistinct() {
        assertEquals(Kind.values().length, Arrays.stream(Kind.values()).map(Kind::wireName).distinct().count());
    }

    private static String dashboardScript() throws IOException {
        try (InputStream in = DeviceEventTest.class.getResourceAsStream("/webroot/app.js")) {
            assertNotNull(in, "webroot/app.js is on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The body of {@code function handleEvent}, up to the next top-level function. */
    private static String handleEvent(String script) {
        int start = script.indexOf("function handleEvent(");
        assertTrue(start >= 0, "app.js has a function handleEvent");
        int end = script.indexOf("\nfunction ", start + 1);
        return script.substring(start, end < 0 ? script.length() : end);
    }

    private static Set<String> cases(String code) {
        Matcher matcher = CASE.matcher(code);
        Set<String> cases = new HashSet<>();
        while (matcher.find()) {
            cases.add(matcher.group(1));
        }
        return cases;
    }
}
