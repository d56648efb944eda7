package dev.modelgate.edge.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The edge logic shared by the APISIX and Kong hosts: acyclic inside (a package counts with its
 * subpackages), and ignorant of the hosts that embed it and of the relay it talks to over HTTP.
 */
class PackageRulesTest {

    private static JavaClasses edge;

    @BeforeAll
    static void importEdge() {
        edge = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.modelgate.edge");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.modelgate.edge.(*)..").should().beFreeOfCycles().check(edge);
    }

    /** The root package ({@code EdgeGate} and its settings) assembles the subpackages; they never call back up. */
    @Test
    void subpackagesDoNotReachBackToTheRoot() {
        noClasses().that().resideInAPackage("dev.modelgate.edge.*..")
                .should().dependOnClassesThat().resideInAPackage("dev.modelgate.edge")
                .check(edge);
    }

    @Test
    void knowsNeitherHostNorRelay() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.modelgate.runner..", "dev.modelgate.relay..", "org.apache.apisix..")
                .check(edge);
    }
}
