package dev.engram.processor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.engram.core.testing.SqlOwnership;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The runtime is shared by every processor: it knows no app, and no SQL but core's stores. */
class RuntimeArchitectureTest {

    private final JavaClasses runtime = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.engram.processor");

    @Test
    void theRuntimeNeverReachesIntoAnApp() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.engram.ingest..",
                        "dev.engram.generation..", "dev.engram.summary..", "dev.engram.ops..")
                .check(runtime);
    }

    @Test
    void writesNoSqlOfItsOwn() {
        assertThat(SqlOwnership.violations(Path.of("src/main/java"))).isEmpty();
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.sql..", "dev.engram.core.sql..")
                .check(runtime);
    }
}
