package io.arrears.infra.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency rules of docs/DESIGN.md §2 (infra → command-side, query-side → shared-kernel), no
 * package cycles anywhere, and the tools (launcher, bench, simulator) on top of the service.
 */
class ModuleBoundariesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // Main code only: this module's test classes, and those of the modules' test jars on the classpath.
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.arrears");
    }

    @Test
    void querySideNeverImportsCommandSide() {
        noClasses().that().resideInAPackage("io.arrears.query..")
                .should().dependOnClassesThat().resideInAPackage("io.arrears.command..")
                .check(classes);
    }

    @Test
    void commandSideNeverImportsQuerySide() {
        noClasses().that().resideInAPackage("io.arrears.command..")
                .should().dependOnClassesThat().resideInAPackage("io.arrears.query..")
                .check(classes);
    }

    @Test
    void nothingButInfraDependsOnInfra() {
        noClasses().that().resideOutsideOfPackage("io.arrears.infra..")
                .should().dependOnClassesThat().resideInAPackage("io.arrears.infra..")
                .check(classes);
    }

    @Test
    void theSharedKernelDependsOnNothingOfOursAndNoFramework() {
        noClasses().that().resideInAPackage("io.arrears.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage("io.arrears.command..", "io.arrears.query..",
                        "io.arrears.infra..", "org.springframework..", "com.mongodb..", "org.bson..")
                .check(classes);
    }

    @Test
    void theDomainModelHasNoSpringOrMongoTypes() {
        noClasses().that().resideInAPackage("io.arrears.command.account..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..",
                        "org.bson..", "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("io.arrears.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theToolsDependOnTheServiceNeverTheReverse() {
        String[] tools = {"io.arrears.infra.cli..", "io.arrears.infra.bench..", "io.arrears.infra.simulate.."};
        noClasses().that().resideOutsideOfPackages(tools)
                .should().dependOnClassesThat().resideInAnyPackage(tools)
                .check(classes);
    }

    /** The event-store module is an Axon extension on MongoDB: it knows the kernel's events, nothing of the service. */
    @Test
    void theEventStoreKnowsAxonMongoAndTheKernelOnly() {
        noClasses().that().resideInAPackage("io.arrears.infra.eventstore..")
                .should().dependOnClassesThat().resideInAnyPackage("io.arrears.command..", "io.arrears.query..",
                        "org.springframework..")
                .orShould().dependOnClassesThat(resideInAPackage("io.arrears.infra..")
                        .and(not(resideInAPackage("io.arrears.infra.eventstore.."))))
                .check(classes);
    }

    /** The embedded-store module is a MongoDB-wire server on a file: it knows nothing of the ledger. */
    @Test
    void theEmbeddedStoreKnowsNothingOfTheLedger() {
        noClasses().that().resideInAPackage("io.arrears.infra.store..")
                .should().dependOnClassesThat(resideInAPackage("io.arrears..")
                        .and(not(resideInAPackage("io.arrears.infra.store.."))))
                .orShould().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..")
                .check(classes);
    }
}
