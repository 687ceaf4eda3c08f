package dev.engram.embedding.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The embedding library is a model behind an interface: no Engram module, no SQL, no web or messaging code. */
class EmbeddingArchitectureTest {

    private final JavaClasses embedding = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.engram.embedding");

    @Test
    void dependsOnNoOtherEngramModuleAndRunsNoSql() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.engram.core..", "dev.engram.ingest..",
                        "dev.engram.processor..", "dev.engram.generation..", "dev.engram.summary..", "dev.engram.ops..",
                        "java.sql..", "org.springframework..", "reactor..")
                .check(embedding);
    }
}
