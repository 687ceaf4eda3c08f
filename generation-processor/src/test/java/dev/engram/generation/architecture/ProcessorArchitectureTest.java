package dev.engram.generation.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The processor is an imperative consumer: no web or R2DBC code, feature packages without cycles. */
class ProcessorArchitectureTest {

    private final JavaClasses processor = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.engram.generation");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("dev.engram.generation.(*)..").should().beFreeOfCycles().check(processor);
    }

    @Test
    void noWebReactiveOrIngestCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework.web..", "org.springframework.r2dbc..", "io.r2dbc..", "reactor..",
                        "dev.engram.ingest..")
                .check(processor);
    }
}
