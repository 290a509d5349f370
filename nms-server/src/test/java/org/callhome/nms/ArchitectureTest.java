package org.callhome.nms;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;

/**
 * The NMS's packages form layers, and no import runs from a lower one back up. Bottom first:
 * {@code config}, {@code trust}, {@code session}, {@code metrics}, {@code registry}, {@code strategy},
 * the two strategy halves {@code reversessh} and {@code devicessh} and the zero-touch {@code bootstrap} side by
 * side, {@code cluster}, {@code api}, and the
 * program ({@code org.callhome.nms} itself). Each package-info says the same of its package.
 */
@AnalyzeClasses(packages = "org.callhome.nms", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String NMS = "org.callhome.nms";

    /** The layers, bottom first; the layers of one level may not use each other. */
    private static final List<List<String>> LEVELS = List.of(
            List.of("config"),
            List.of("trust"),
            List.of("session"),
            List.of("metrics"),
            List.of("registry"),
            List.of("strategy"),
            List.of("reversessh", "devicessh", "bootstrap"),
            List.of("cluster"),
            List.of("api"),
            List.of("program"));

    // @ArchTest methods, not fields: Surefire from 3.5.3 on runs no @ArchTest field (ArchUnit issue 1442)

    @ArchTest
    void noImportRunsFromALowerLayerUp(JavaClasses nms) {
        layers().check(nms);
    }

    @ArchTest
    void theTwoStrategyHalvesNeverUseEachOther(JavaClasses nms) {
        for (String[] pair : new String[][] {{"reversessh", "devicessh"}, {"devicessh", "reversessh"}}) {
            noClasses().that().resideInAPackage(NMS + "." + pair[0] + "..")
                    .should().dependOnClassesThat().resideInAPackage(NMS + "." + pair[1] + "..")
                    .because("each strategy's half stands on its own; what both need belongs to a layer below them")
                    .check(nms);
        }
    }

    /** Every layer may be used only by the levels above its own. */
    private static ArchRule layers() {
        LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> level : LEVELS) {
            for (String layer : level) {
                String packages = layer.equals("program") ? NMS : NMS + "." + layer + "..";
                architecture = architecture.layer(layer).definedBy(packages);
            }
        }
        for (int index = 0; index < LEVELS.size(); index++) {
            List<String> above = new ArrayList<>();
            LEVELS.subList(index + 1, LEVELS.size()).forEach(above::addAll);
            for (String layer : LEVELS.get(index)) {
                architecture = above.isEmpty() ? architecture.whereLayer(layer).mayNotBeAccessedByAnyLayer()
                        : architecture.whereLayer(layer).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
            }
        }
        return architecture;
    }
}
