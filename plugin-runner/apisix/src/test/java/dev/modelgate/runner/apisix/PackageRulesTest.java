package dev.modelgate.runner.apisix;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The APISIX host builds on the shared edge logic only: never on the other host, never on the relay. */
class PackageRulesTest {

    private final JavaClasses host = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.modelgate.runner.apisix");

    @Test
    void dependsOnTheEdgeAndNotTheOtherHost() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.modelgate.runner.kong..", "dev.modelgate.relay..")
                .check(host);
    }

    /** One package today; the rule holds the line once the host grows subpackages. */
    @Test
    void noPackageCycles() {
        slices().matching("dev.modelgate.runner.apisix.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(host);
    }
}
