package org.callhome.device.datastore;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.callhome.device.yang.DeviceSchema;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.message.RpcError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** The whole-configuration constraints of {@link SchemaCheck}: choices, element counts, unique. */
class SchemaCheckTest {

    private static final String NS = "urn:example:check";

    @TempDir
    static Path dir;

    private static SchemaCheck check;

    @BeforeAll
    static void load() throws Exception {
        Files.writeString(dir.resolve("example-check@2026-12-06.yang"), """
                module example-check {
                  yang-version 1.1;
                  namespace "urn:example:check";
                  prefix chk;
                  revision 2026-12-06;
                  container top {
                    choice transport {
                      mandatory true;
                      leaf tcp { type empty; }
                      leaf udp { type empty; }
                    }
                    list item {
                      key id;
                      unique code;
                      min-elements 1;
                      max-elements 2;
                      leaf id { type string; }
                      leaf code { type string; }
                    }
                  }
                }
                """);
        check = new SchemaCheck(SchemaTree.of(DeviceSchema.load(List.of(dir))));
    }

    private static RpcError first(String top) {
        NetconfException e = assertThrows(NetconfException.class, () -> check.check(data(top)));
        return e.errors().get(0);
    }

    private static Element data(String top) {
        return Xml.parse("<data xmlns=\"" + Xml.BASE + "\"><top xmlns=\"" + NS + "\">" + top + "</top></data>");
    }

    @Test
    void aValidConfigurationPasses() {
        assertDoesNotThrow(() -> check.check(data("<tcp/><item><id>a</id><code>1</code></item>")));
    }

    @Test
    void aMandatoryChoiceWithoutACaseIsMissingChoice() {
        RpcError e = first("<item><id>a</id></item>");
        assertEquals(ErrorTag.DATA_MISSING, e.tag());
        assertEquals("missing-choice", e.appTag());
        assertEquals("/chk:top", e.path());
    }

    @Test
    void elementCountsAreCheckedAtTheLimitAndOnePast() {
        RpcError e = first("<tcp/>");
        assertEquals(ErrorTag.OPERATION_FAILED, e.tag());
        assertEquals("too-few-elements", e.appTag());
        assertDoesNotThrow(() -> check.check(data("<tcp/><item><id>a</id></item><item><id>b</id></item>")));
        e = first("<tcp/><item><id>a</id></item><item><id>b</id></item><item><id>c</id></item>");
        assertEquals("too-many-elements", e.appTag());
        assertEquals("/chk:top/chk:item", e.path());
    }

    @Test
    void twoEntriesWithTheSameUniqueValuesAreDataNotUnique() {
        RpcError e = first("<udp/><item><id>a</id><code>7</code></item><item><id>b</id><code>7</code></item>");
        assertEquals(ErrorTag.OPERATION_FAILED, e.tag());
        assertEquals("data-not-unique", e.appTag());
        assertEquals("/chk:top/chk:item[chk:id='b']", e.path());
    }
}
