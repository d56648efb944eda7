package dev.modelgate.relay.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The relay's package structure, as rules that fail the build when broken. A package counts
 * with its subpackages ({@code relay.providers.*} is {@code relay.providers}), so a cycle through
 * a subpackage is still a cycle. Add a rule here when the code grows a new boundary.
 */
class PackageRulesTest {

    private static JavaClasses relay;

    @BeforeAll
    static void importRelay() {
        relay = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.modelgate.relay");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.modelgate.relay.(*)..").should().beFreeOfCycles().check(relay);
    }

    /** {@code RelayApplication} in the root package assembles the relay; nothing below depends on it. */
    @Test
    void subpackagesDoNotReachBackToTheRoot() {
        noClasses().that().resideInAPackage("dev.modelgate.relay.*..")
                .should().dependOnClassesThat().resideInAPackage("dev.modelgate.relay")
                .check(relay);
    }

    /** The HTTP layer (JAX-RS resources, the relay servlet, the Messages and Responses endpoints) sits on top: nothing below calls up into it. */
    @Test
    void httpLayerIsOnTop() {
        noClasses().that().resideOutsideOfPackages("dev.modelgate.relay.api..", "dev.modelgate.relay.messages..", "dev.modelgate.relay.responses..")
                .and().doNotHaveFullyQualifiedName("dev.modelgate.relay.RelayApplication")
                .should().dependOnClassesThat().resideInAnyPackage("dev.modelgate.relay.api..", "dev.modelgate.relay.messages..", "dev.modelgate.relay.responses..")
                .check(relay);
    }

    @Test
    void theRelayDoesNotReachIntoTheEdgeHosts() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.modelgate.runner..", "dev.modelgate.edge..")
                .check(relay);
    }
}
