package org.callhome.compare;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison's packages form layers, and no import runs from a lower one up. At the bottom,
 * {@code model} (the results), using no other package of the comparison. On {@code model}:
 * {@code lab} (the real parts on loopback, set up under one of the model's trust models),
 * {@code config} (the configuration burden) and {@code report} (the reports). On {@code lab}:
 * {@code fleet} (devices in a child JVM). Then
 * the measurements: {@code security} on {@code lab} and {@code model}, {@code costs} on
 * {@code lab}, {@code fleet}, {@code config} and {@code model}; {@code scale} (the performance and
 * scale harness) on {@code lab}, {@code fleet}, {@code costs} and {@code model}. The program,
 * {@code org.callhome.compare} itself, on top. Each package-info says the same of its package.
 */
@AnalyzeClasses(packages = "org.callhome.compare", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String COMPARE = "org.callhome.compare";

    /** Every layer, bottom first, with the layers it may use; the program may use all of them. */
    private static final Map<String, List<String>> USES = uses();

    // @ArchTest methods, not fields: Surefire from 3.5.3 on runs no @ArchTest field (ArchUnit issue 1442)

    @ArchTest
    void noImportRunsFromALowerLayerUp(JavaClasses compare) {
        layers().check(compare);
    }

    @ArchTest
    void packagesFormNoCycle(JavaClasses compare) {
        slices().matching(COMPARE + ".(**)").should().beFreeOfCycles().check(compare);
    }

    @ArchTest
    void theModelUsesNoOtherPackageOfTheComparison(JavaClasses compare) {
        noClasses().that().resideInAPackage(COMPARE + ".model")
                .should().dependOnClassesThat(resideInAPackage(COMPARE + "..").and(not(resideInAPackage(COMPARE + ".model")))
                        .as("classes of another package of the comparison"))
                .because("every layer reads and writes the results; the results depend on none of them")
                .check(compare);
    }

    @ArchTest
    void reportsMeasureNothingThemselves(JavaClasses compare) {
        noClasses().that().resideInAPackage(COMPARE + ".report")
                .should().dependOnClassesThat().resideInAnyPackage(COMPARE + ".lab..", COMPARE + ".security..",
                        COMPARE + ".costs..", COMPARE + ".fleet..")
                .because("a report renders the results the run recorded, so it can be rendered again without a lab")
                .check(compare);
    }

    @ArchTest
    void everyPackageIsALayer(JavaClasses compare) {
        classes().should().resideInAnyPackage(USES.keySet().stream().map(ArchitectureTest::packageOf)
                .toArray(String[]::new))
                .because("a new package of the comparison takes its place in these layers, here and in its package-info")
                .check(compare);
    }

    private static Map<String, List<String>> uses() {
        Map<String, List<String>> layers = new LinkedHashMap<>();
        layers.put("model", List.of());
        layers.put("lab", List.of("model"));
        layers.put("config", List.of("model"));
        layers.put("report", List.of("model"));
        layers.put("fleet", List.of("lab"));
        layers.put("security", List.of("lab", "model"));
        layers.put("bootstrap", List.of("lab", "model"));
        layers.put("costs", List.of("lab", "fleet", "config", "model"));
        layers.put("scale", List.of("lab", "fleet", "costs", "model"));
        layers.put("program", List.of("model", "lab", "config", "report", "fleet", "security", "bootstrap",
                "costs", "scale"));
        return layers;
    }

    /** Each layer is one package exactly, so that a new package, even under one of them, is no layer yet. */
    private static String packageOf(String layer) {
        return layer.equals("program") ? COMPARE : COMPARE + "." + layer;
    }

    private static LayeredArchitecture layers() {
        LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : USES.keySet()) {
            architecture = architecture.layer(layer).definedBy(packageOf(layer));
        }
        for (Map.Entry<String, List<String>> layer : USES.entrySet()) {
            architecture = layer.getValue().isEmpty() ? architecture.whereLayer(layer.getKey()).mayNotAccessAnyLayer()
                    : architecture.whereLayer(layer.getKey()).mayOnlyAccessLayers(layer.getValue().toArray(String[]::new));
        }
        return architecture.whereLayer("program").mayNotBeAccessedByAnyLayer();
    }
}
