package dev.engram.ingest.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.engram.core.testing.SqlOwnership;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/**
 * The layout docs/architecture.md describes: feature packages without cycles, SQL only in the tables'
 * owners, controllers without SQL, reactive request paths (no JDBC, no {@code block()}), no other app.
 */
class IngestArchitectureTest {

    /** The background loops that own a JDBC session; everything else serves requests. */
    private static final String[] BACKGROUND = {"dev.engram.ingest.background..", "dev.engram.ingest.relay.."};

    private final JavaClasses ingest = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.engram.ingest");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("dev.engram.ingest.(*)..").should().beFreeOfCycles().check(ingest);
    }

    @Test
    void everyStatementLivesInItsTablesHomeAndIsRunOnlyByItsOwner() {
        assertThat(SqlOwnership.violations(Path.of("src/main/java"))).isEmpty();
    }

    @Test
    void controllersTouchNoSql() {
        noClasses().that().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.r2dbc..", "io.r2dbc..",
                        "org.springframework.jdbc..", "java.sql..", "dev.engram.core.sql..", "dev.engram.core.store..")
                .check(ingest);
    }

    @Test
    void requestPathsUseNoJdbc() {
        noClasses().that().resideOutsideOfPackages(BACKGROUND)
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.postgresql..",
                        "org.springframework.jdbc..", "dev.engram.core.store..")
                .check(ingest);
    }

    @Test
    void requestPathsNeverBlock() {
        noClasses().that().resideOutsideOfPackages(BACKGROUND)
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a blocking Reactor call", call -> call.getTarget().getName().startsWith("block")
                                && call.getTargetOwner().getPackageName().startsWith("reactor.core.publisher")))
                .check(ingest);
    }

    @Test
    void theIngestApiNeitherConsumesFromKafkaNorReachesAnotherApp() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework.cloud.stream..",
                        "dev.engram.generation..", "dev.engram.summary..", "dev.engram.processor..", "dev.engram.ops..")
                .check(ingest);
    }
}
