package dev.modelgate.runner.kong;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The Kong host builds on the shared edge logic only: never on the other host, never on the relay. */
class PackageRulesTest {

    private final JavaClasses host = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.modelgate.runner.kong");

    @Test
    void dependsOnTheEdgeAndNotTheOtherHost() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.modelgate.runner.apisix..", "dev.modelgate.relay..")
                .check(host);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.modelgate.runner.kong.(*)..").should().beFreeOfCycles().check(host);
    }

    /** The root package starts the server ({@code KongPluginServer}); the subpackages never call back up into it. */
    @Test
    void subpackagesDoNotReachBackToTheRoot() {
        noClasses().that().resideInAPackage("dev.modelgate.runner.kong.*..")
                .should().dependOnClassesThat().resideInAPackage("dev.modelgate.runner.kong")
                .check(host);
    }
}
