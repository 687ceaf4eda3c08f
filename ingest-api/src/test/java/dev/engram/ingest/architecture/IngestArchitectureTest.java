package dev.engram.ingest.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layout docs/architecture.md describes: feature packages without cycles, reactive on request paths. */
class IngestArchitectureTest {

    private final JavaClasses ingest = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.engram.ingest");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("dev.engram.ingest.(*)..").should().beFreeOfCycles().check(ingest);
    }

    @Test
    void theIngestApiDoesNotConsumeFromKafkaOrUseTheProcessorsJobStore() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework.cloud.stream..", "dev.engram.core.store..", "org.springframework.jdbc..")
                .check(ingest);
    }

    @Test
    void onlyTheBackgroundSessionsUseBlockingJdbc() {
        noClasses().that().resideOutsideOfPackages("dev.engram.ingest.relay..", "dev.engram.ingest.job..",
                        "dev.engram.ingest.config..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.postgresql..")
                .check(ingest);
    }
}
