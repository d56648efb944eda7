package dev.modelgate.shared.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The shared state's structure: no cycles, and it knows no host (edge, runner, relay) that uses it. */
class PackageRulesTest {

    private static JavaClasses shared;

    @BeforeAll
    static void importShared() {
        shared = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.modelgate.shared");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.modelgate.shared.(*)..").should().beFreeOfCycles().check(shared);
    }

    @Test
    void knowsNoHost() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.modelgate.edge..", "dev.modelgate.runner..", "dev.modelgate.relay..")
                .check(shared);
    }
}
