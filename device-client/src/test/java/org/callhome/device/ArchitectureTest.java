package org.callhome.device;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.Set;

/**
 * The device's layers, lowest first: {@code yang} (the schema the device loads), {@code datastore}, {@code trust} (revocations, the verdict
 * on what the NMS presented) and {@code bootstrap} (where SZTP's bootstrap servers are found, which
 * only the agent uses); {@code netconf} (the NETCONF server) and {@code accounts} (who may
 * log in, in which role) side by side; {@code callhome} (the dialer);
 * {@code strategy} (what each strategy package implements for the agent); one package per
 * strategy's half ({@code reversessh}, {@code devicessh}); the agent and command line in
 * {@code org.callhome.device}. A package uses only the layers below it, and no strategy's half
 * uses another's. Any package under {@code org.callhome.device} that is not one of the shared
 * layers counts as a strategy's half, so a new strategy needs no change here.
 */
@AnalyzeClasses(packages = "org.callhome.device", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final Set<String> SHARED_LAYERS = Set.of("yang", "datastore", "trust", "bootstrap", "netconf", "accounts",
            "callhome", "strategy");

    private static final DescribedPredicate<JavaClass> HALF = resideInAPackage("org.callhome.device.*..")
            .and(not(resideInAnyPackage(SHARED_LAYERS.stream().map(layer -> "org.callhome.device." + layer + "..")
                    .toArray(String[]::new))))
            .as("a strategy's half (any other package under org.callhome.device)");

    private static final ArchRule LAYERS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("yang").definedBy("org.callhome.device.yang..")
            .layer("datastore").definedBy("org.callhome.device.datastore..")
            .layer("trust").definedBy("org.callhome.device.trust..")
            .layer("bootstrap").definedBy("org.callhome.device.bootstrap..")
            .layer("netconf").definedBy("org.callhome.device.netconf..")
            .layer("accounts").definedBy("org.callhome.device.accounts..")
            .layer("callhome").definedBy("org.callhome.device.callhome..")
            .layer("strategy").definedBy("org.callhome.device.strategy..")
            .layer("halves").definedBy(HALF)
            .layer("agent").definedBy("org.callhome.device")
            .whereLayer("yang").mayNotAccessAnyLayer()
            .whereLayer("datastore").mayOnlyAccessLayers("yang")
            .whereLayer("trust").mayNotAccessAnyLayer()
            .whereLayer("bootstrap").mayNotAccessAnyLayer()
            .whereLayer("netconf").mayOnlyAccessLayers("yang", "datastore")
            .whereLayer("accounts").mayOnlyAccessLayers("trust")
            .whereLayer("callhome").mayOnlyAccessLayers("yang", "datastore", "trust", "netconf", "accounts")
            .whereLayer("strategy").mayOnlyAccessLayers("yang", "datastore", "trust", "netconf", "accounts", "callhome")
            .whereLayer("halves").mayOnlyAccessLayers("yang", "datastore", "trust", "netconf", "accounts", "callhome",
                    "strategy")
            .whereLayer("agent").mayOnlyAccessLayers("yang", "datastore", "trust", "bootstrap", "netconf", "accounts",
                    "callhome", "strategy", "halves");

    private static final ArchRule HALVES_APART = slices().matching("org.callhome.device.(*)..")
            .that(DescribedPredicate.describe("are strategy halves",
                    (Slice slice) -> !SHARED_LAYERS.contains(slice.getNamePart(1))))
            .should().notDependOnEachOther();

    private static final ArchRule NO_CYCLE = slices().matching("org.callhome.device.(**)").should().beFreeOfCycles();

    // rules as methods, not fields: Surefire 3.5.3 does not run @ArchTest fields (ArchUnit issue 1442)
    @ArchTest
    void noPackageUsesALayerAboveIt(JavaClasses classes) {
        LAYERS.check(classes);
    }

    @ArchTest
    void strategyHalvesNeverUseEachOther(JavaClasses classes) {
        HALVES_APART.check(classes);
    }

    /** Inside a strategy too: reversessh uses reversessh.openssh, so openssh may not use reversessh. */
    @ArchTest
    void packagesFormNoCycle(JavaClasses classes) {
        NO_CYCLE.check(classes);
    }
}
