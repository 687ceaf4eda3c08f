package dev.engram.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** core holds shared contracts only: no web, messaging or reactive code may creep in, and no app. */
class CoreArchitectureTest {

    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.engram.core");

    @Test
    void coreHasNoWebMessagingOrReactiveDependencies() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework.web..", "org.springframework.http..", "org.springframework.cloud..",
                        "org.springframework.kafka..", "org.apache.kafka..", "reactor..", "io.r2dbc..",
                        "org.springframework.r2dbc..", "org.springframework.boot.autoconfigure..")
                .check(core);
    }

    @Test
    void coreNeverReachesIntoTheApps() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.engram.ingest..",
                        "dev.engram.generation..", "dev.engram.summary..", "dev.engram.processor..", "dev.engram.ops..")
                .check(core);
    }

    @Test
    void theSqlHomesAreTextOnly() {
        noClasses().that().resideInAPackage("dev.engram.core.sql..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.engram.core.sql..", "java.lang..",
                        "org.jspecify.annotations..")
                .check(core);
    }
}
