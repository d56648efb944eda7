package dev.modelgate.policy.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The policy language is the bottom layer: every host (APISIX, Kong, the relay) builds on it, so
 * it must not know any of them, and its own packages must read one at a time (no cycles; a
 * package counts with its subpackages). Add a rule here when the code grows a new boundary.
 */
class PackageRulesTest {

    private static JavaClasses policy;

    @BeforeAll
    static void importPolicy() {
        policy = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.modelgate.policy");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.modelgate.policy.(*)..").should().beFreeOfCycles().check(policy);
    }

    @Test
    void dependsOnNoHost() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.modelgate.relay..", "dev.modelgate.edge..", "dev.modelgate.runner..",
                        "jakarta.ws.rs..", "jakarta.servlet..", "jakarta.enterprise..", "org.apache.apisix..")
                .check(policy);
    }

    /** The command line is a client of the language, never the other way round. */
    @Test
    void onlyTheCliUsesTheCli() {
        noClasses().that().resideOutsideOfPackage("dev.modelgate.policy.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.modelgate.policy.cli..")
                .check(policy);
    }
}
