package dev.engram.summary.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.engram.core.testing.SqlOwnership;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The processor is its lanes and its work on the shared runtime: no SQL of its own (it reads and writes
 * through core's stores), no web or R2DBC code, no other app, feature packages without cycles.
 */
class ProcessorArchitectureTest {

    private final JavaClasses processor = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.engram.summary");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("dev.engram.summary.(*)..").should().beFreeOfCycles().check(processor);
    }

    @Test
    void writesNoSqlOfItsOwn() {
        assertThat(SqlOwnership.violations(Path.of("src/main/java"))).isEmpty();
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..",
                        "dev.engram.core.sql..")
                .check(processor);
    }

    @Test
    void noWebReactiveOrOtherAppCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework.web..", "org.springframework.r2dbc..", "io.r2dbc..", "reactor..",
                        "dev.engram.ingest..", "dev.engram.generation..", "dev.engram.ops..")
                .check(processor);
    }
}
