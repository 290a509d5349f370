package org.callhome.shared;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Shared's packages form layers, and no import runs from a lower one up. At the bottom, side by
 * side and using none of each other: {@code text}, {@code io}, {@code cli}, {@code threads},
 * {@code netconf} (the limits) and {@code json} (the strict RFC 7951 cursor). On it, the NETCONF stack: {@code netconf.framing} and
 * {@code netconf.message} side by side, {@code netconf.xml} on the message model,
 * {@code netconf.session} on all three. Beside the stack, on the bottom only: {@code ssh} and
 * {@code x509} (cert-to-name, RFC 7407, for any transport); {@code config} on {@code x509}; {@code sztp} (zero-touch artifacts, RFC 8572) on the bottom only; {@code ssh.cert} (certificates as identities) on {@code ssh}; {@code ssh.x509} (X.509
 * in SSH, RFC 6187) on {@code ssh} and {@code ssh.cert}, whose client key exchange it hooks into;
 * {@code ssh.x509.trust} (X.509 certificate chains as identities) on {@code ssh}, {@code ssh.cert} and
 * {@code ssh.x509}.
 * On top, side by side: {@code ssh.channel} (NETCONF sessions on SSH channels) and {@code strategy}
 * (what each strategy's halves promise), each on {@code ssh} and the NETCONF stack, {@code strategy}
 * also on {@code ssh.cert} and {@code ssh.x509.trust}. Above {@code strategy}: {@code tls} (TLS call
 * home, RFC 8071 §4 and RFC 7589), on {@code strategy}, {@code ssh.cert}, {@code ssh.x509.trust} and the
 * NETCONF stack.
 * Each package-info says the same of its package.
 */
@AnalyzeClasses(packages = "org.callhome.shared", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String SHARED = "org.callhome.shared";

    /** The bottom layers: they use no package of the project, and every other layer may use them. */
    private static final List<String> BOTTOM = List.of("text", "io", "cli", "threads", "netconf", "json");

    private static final List<String> NETCONF_STACK =
            List.of("netconf.framing", "netconf.message", "netconf.xml", "netconf.session");

    /** Every layer above the bottom, lowest first, with the layers it may use besides the bottom. */
    private static final Map<String, List<String>> ABOVE_THE_BOTTOM = aboveTheBottom();

    // @ArchTest methods, not fields: Surefire from 3.5.3 on runs no @ArchTest field (ArchUnit issue 1442)

    @ArchTest
    void noImportRunsFromALowerLayerUp(JavaClasses shared) {
        layers().check(shared);
    }

    @ArchTest
    void packagesFormNoCycle(JavaClasses shared) {
        slices().matching(SHARED + ".(**)").should().beFreeOfCycles().check(shared);
    }

    @ArchTest
    void everyPackageIsALayer(JavaClasses shared) {
        List<String> packages = new ArrayList<>(BOTTOM);
        packages.addAll(ABOVE_THE_BOTTOM.keySet());
        classes().should().resideInAnyPackage(packages.stream().map(ArchitectureTest::packageOf).toArray(String[]::new))
                .because("a new package of shared takes its place in these layers, here and in its package-info")
                .check(shared);
    }

    private static Map<String, List<String>> aboveTheBottom() {
        Map<String, List<String>> layers = new LinkedHashMap<>();
        layers.put("netconf.framing", List.of());
        layers.put("netconf.message", List.of());
        layers.put("netconf.xml", List.of("netconf.message"));
        layers.put("netconf.session", List.of("netconf.framing", "netconf.message", "netconf.xml"));
        layers.put("ssh", List.of());
        layers.put("ssh.cert", List.of("ssh"));
        layers.put("ssh.x509", List.of("ssh", "ssh.cert"));
        layers.put("ssh.x509.trust", List.of("ssh", "ssh.cert", "ssh.x509"));
        layers.put("x509", List.of());
        layers.put("config", List.of("x509"));
        layers.put("sztp", List.of());
        List<String> sshAndNetconf = Stream.concat(Stream.of("ssh"), NETCONF_STACK.stream()).toList();
        layers.put("ssh.channel", sshAndNetconf);
        layers.put("strategy", Stream.concat(Stream.of("ssh.cert", "ssh.x509.trust"), sshAndNetconf.stream())
                .toList());
        layers.put("tls", Stream.concat(Stream.of("ssh.cert", "ssh.x509.trust", "strategy"), NETCONF_STACK.stream()).toList());
        return layers;
    }

    /** Each layer is one package exactly, so that a new package, even under one of them, is no layer yet. */
    private static String packageOf(String layer) {
        return SHARED + "." + layer;
    }

    private static LayeredArchitecture layers() {
        LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : BOTTOM) {
            architecture = architecture.layer(layer).definedBy(packageOf(layer));
        }
        for (String layer : ABOVE_THE_BOTTOM.keySet()) {
            architecture = architecture.layer(layer).definedBy(packageOf(layer));
        }
        for (String layer : BOTTOM) {
            architecture = architecture.whereLayer(layer).mayNotAccessAnyLayer();
        }
        for (Map.Entry<String, List<String>> layer : ABOVE_THE_BOTTOM.entrySet()) {
            List<String> allowed = new ArrayList<>(BOTTOM);
            allowed.addAll(layer.getValue());
            architecture = architecture.whereLayer(layer.getKey()).mayOnlyAccessLayers(allowed.toArray(String[]::new));
        }
        return architecture;
    }
}
